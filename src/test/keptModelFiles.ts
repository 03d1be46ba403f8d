import type { ExportFile } from '../model/modelExport';

/** A Sequential 4 → Dense(3, softmax) model's files as a float32 TF.js export writes them: models differ by `fill`. */
export function keptModelFiles(fill: number): ExportFile[] {
  const modelJson = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [{ class_name: 'Dense', config: { name: 'head', units: 3, activation: 'softmax', use_bias: true } }],
      },
    },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'head/kernel', shape: [4, 3], dtype: 'float32' },
          { name: 'head/bias', shape: [3], dtype: 'float32' },
        ],
      },
    ],
  };
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: 'group1-shard1of1.bin', bytes: new Uint8Array(15 * 4).fill(fill) },
    { name: 'metadata.json', bytes: new TextEncoder().encode(`{"run":${fill}}`) },
  ];
}
