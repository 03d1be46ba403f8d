/**
 * What a distilling run takes from the session's held model (the teacher) before the student
 * trains, and the figures it reports of both: the teacher is replaced by the student when the run
 * ends, so its outputs and figures are taken first.
 */
import type * as tf from '@tensorflow/tfjs';
import type { FittedPipeline } from '../../data/preprocess';
import {
  distillSettingsProblem,
  teacherMismatch,
  type DistillSettings,
  type ModelFigures,
} from '../../model/distillation';
import { headlineMetric, type EvaluationSplit } from '../../model/evaluation';
import type { Result } from '../../model/result';
import { teacherOutputs } from '../distill';
import { evaluateModel } from '../evaluate';
import { measureModel } from '../measure';
import type { HeldModel, HeldOut } from './heldModel';

export interface Teaching {
  readonly settings: DistillSettings;
  readonly teacherRunId: string;
  readonly teacher: ModelFigures;
  /** The teacher's outputs on the student's training rows, row-major. */
  readonly teacherOutputs: Float32Array;
}

/**
 * The teacher's outputs on the training rows and its figures, or why it cannot teach this run, as a sentence.
 * `student` is what the run trains on, prepared as for any run.
 */
export async function teach(
  teacher: HeldModel | undefined,
  settings: DistillSettings,
  student: {
    readonly datasetId: string;
    readonly pipeline: FittedPipeline;
    readonly train: { readonly x: Float32Array; readonly count: number };
  },
): Promise<Result<Teaching>> {
  const problem = distillSettingsProblem(settings);
  if (problem) return { ok: false, error: problem };
  if (!teacher)
    return {
      ok: false,
      error:
        'There is no trained model to distil from (the training worker may have restarted): train the teacher, or evaluate its kept run, then distil again.',
    };
  const mismatch = teacherMismatch(
    { datasetId: teacher.evaluation.dataset.meta.id, pipeline: teacher.pipeline },
    { datasetId: student.datasetId, pipeline: student.pipeline },
  );
  if (mismatch) return { ok: false, error: mismatch };
  return {
    ok: true,
    value: {
      settings,
      teacherRunId: teacher.evaluation.runId,
      teacher: {
        metrics: await metricsOf(teacher.model, teacher.evaluation),
        // On the teacher's backend, which the student's run has not started yet; any row will do, encoded alike.
        measures: await measureModel(
          teacher.model,
          student.train.x.subarray(0, student.pipeline.inputSize),
          student.pipeline.inputShape,
        ),
      },
      teacherOutputs: await teacherOutputs(teacher.model, student.train, student.pipeline.inputShape),
    },
  };
}

const SPLITS: readonly EvaluationSplit[] = ['validation', 'test'];

/** `model`'s headline metric on each held-out split that has rows. */
export async function metricsOf(
  model: tf.LayersModel,
  { splits, ...common }: HeldOut,
): Promise<ModelFigures['metrics']> {
  const metrics: ModelFigures['metrics'] = {};
  for (const split of SPLITS) {
    const evaluation = await evaluateModel(model, { ...common, split, ...splits[split] });
    if (evaluation.ok) metrics[split] = headlineMetric(evaluation.value);
  }
  return metrics;
}
