/** The model card's files for an export: MODEL_CARD.md, the confusion matrix as PNG beside it, and model-card.html. */
import type * as tf from '@tensorflow/tfjs';
import {
  CONFUSION_PNG,
  HTML_CARD,
  MARKDOWN_CARD,
  modelCard,
  type CardLayer,
  type ModelCardInput,
} from '../../model/card/modelCard';
import { exportFormatInfo, type ExportFormat } from '../../model/exportFormats';
import type { ExportFile } from '../../model/modelExport';
import { canDrawPng, figurePng } from './figurePng';
import type { FileNote } from './readme';
import type { TrainedModel } from './trainedModel';

/** What the card says of the export itself, besides what the trained model carries. */
export interface ExportFacts extends Pick<ModelCardInput, 'createdAt' | 'modelBytes' | 'test'> {
  readonly exported: ModelCardInput['exported'] & { readonly format: ExportFormat };
}

/** `model` is the model as exported (pruned, quantised): its layers are listed, and `facts.test` measured it. */
export async function modelCardFiles(
  trained: TrainedModel,
  model: tf.LayersModel,
  facts: ExportFacts,
): Promise<(ExportFile & FileNote)[]> {
  const pngBeside = canDrawPng();
  const card = modelCard({
    ...facts,
    exported: { ...facts.exported, format: exportFormatInfo(facts.exported.format).label },
    data: trained.data,
    pipeline: trained.pipeline,
    graph: trained.graph,
    layers: model.layers.map(cardLayer),
    training: {
      settings: trained.trainSettings,
      epochsRun: trained.epochsRun,
      backend: trained.backend,
      ...trained.record,
    },
    pngBeside,
  });
  const encode = (text: string) => new TextEncoder().encode(text);
  const png =
    card.confusion && pngBeside
      ? [
          {
            name: CONFUSION_PNG,
            bytes: await figurePng(card.confusion),
            holds: 'the confusion matrix on the test split, shown by MODEL_CARD.md',
          },
        ]
      : [];
  return [
    {
      name: MARKDOWN_CARD,
      bytes: encode(card.markdown),
      holds: 'the model card: data, preprocessing, architecture, training settings, test metrics',
    },
    ...png,
    { name: HTML_CARD, bytes: encode(card.html), holds: 'the model card as one self-contained web page' },
  ];
}

function cardLayer(layer: tf.layers.Layer): CardLayer {
  return { name: layer.name, type: layer.getClassName(), outputShape: layer.outputShape, params: layer.countParams() };
}
