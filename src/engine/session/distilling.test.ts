import { describe, expect, it } from 'vitest';
import { readModelFiles } from '../../data/import/modelFiles';
import { DEFAULT_DATA_CONFIG, type DataConfig, type StoredDataset } from '../../data/schema';
import type { Evaluation } from '../../model/evaluation';
import { DEFAULT_TRAINING } from '../../model/project';
import type { TrainEvent, TrainRequest } from '../../model/run';
import { proposeStudent } from '../../model/student';
import { TEMPLATES } from '../../model/templates';
import { sampleDataset } from '../../test/csvDataset';
import { fakeImageDecoder } from '../../test/fakeImageDecoder';
import { createTrainingSession, type TrainingSession } from './trainingSession';

const iris = sampleDataset('iris.csv');
const DATA: DataConfig = { ...DEFAULT_DATA_CONFIG, datasetId: iris.meta.id, target: 'species' };
const TEACHER = TEMPLATES.find((t) => t.id === 'mlp')!.build();
const TEACHER_RUN: TrainRequest = {
  runId: 'teacher',
  graph: TEACHER,
  data: DATA,
  settings: { ...DEFAULT_TRAINING, epochs: 40, batchSize: 16, learningRate: 0.01, backend: 'cpu' },
};
const STUDENT = proposeStudent(TEACHER, { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] })!.graph;

function session(): TrainingSession {
  return createTrainingSession({
    decodeImage: fakeImageDecoder(),
    getDataset: async (id) => new Map<string, StoredDataset>([[iris.meta.id, iris]]).get(id),
    checkpointEveryMs: Number.POSITIVE_INFINITY,
  });
}

async function run(trainer: TrainingSession, request: TrainRequest): Promise<TrainEvent> {
  const events: TrainEvent[] = [];
  await trainer.train(request, { postMessage: (event) => events.push(event), close: () => {} });
  return events.at(-1)!;
}

/** Each validation row's predicted class, read from the evaluation's examples (Iris lists them all). */
async function predictedClasses(trainer: TrainingSession): Promise<Map<number, number>> {
  const evaluation = (await trainer.evaluate('validation')) as { ok: true; value: Evaluation };
  if (evaluation.value.task === 'regression') throw new Error('a classifier was expected');
  const predicted = new Map<number, number>();
  evaluation.value.examples.forEach((byPredicted) =>
    byPredicted.forEach((examples, label) => examples.forEach(({ row }) => predicted.set(row, label))),
  );
  return predicted;
}

describe('a distilling run', () => {
  it('trains a student from its teacher’s outputs alone to answer as the teacher does, and reports both', async () => {
    const trainer = session();
    expect(await run(trainer, TEACHER_RUN)).toMatchObject({ type: 'train/done', reason: 'completed' });
    const teacherSays = await predictedClasses(trainer);

    // α = 0: the student never sees a label, only the teacher's softened outputs.
    const done = await run(trainer, {
      ...TEACHER_RUN,
      runId: 'student',
      graph: STUDENT,
      distill: { alpha: 0, temperature: 2 },
    });
    expect(done.type).toBe('train/done');
    const studentSays = await predictedClasses(trainer);
    const agreeing = [...teacherSays].filter(([row, label]) => studentSays.get(row) === label).length;
    expect(agreeing / teacherSays.size).toBeGreaterThan(0.8);

    const { distillation } = done as Extract<TrainEvent, { type: 'train/done' }>;
    expect(distillation).toMatchObject({ teacherRunId: 'teacher', settings: { alpha: 0, temperature: 2 } });
    expect(distillation!.student.measures.params * 4).toBeLessThanOrEqual(distillation!.teacher.measures.params);
    for (const figures of [distillation!.teacher, distillation!.student])
      expect(Object.keys(figures.metrics).sort()).toEqual(['test', 'validation']);
    // The metric the student's figures show is the one Evaluate shows of it.
    const evaluation = (await trainer.evaluate('validation')) as { ok: true; value: Evaluation };
    expect(evaluation.value.task !== 'regression' && evaluation.value.report.accuracy).toBe(
      distillation!.student.metrics.validation!.value.value,
    );
  });

  it('loads a teacher it was given as kept-run files (a trial worker holds none) and distils from it', async () => {
    const taught = await run(session(), { ...TEACHER_RUN, keepModel: true });
    if (taught.type !== 'train/done' || !taught.model) throw new Error('the teacher’s files were expected');
    const read = await readModelFiles(
      taught.model.map(({ name, bytes }) => new File([bytes as Uint8Array<ArrayBuffer>], name)),
    );
    if (!read.ok) throw new Error(read.error);
    const { modelJson, weights, metadata } = read.value;
    const teacher = { runId: 'kept-teacher', modelJson, weights, ...(metadata && { metadata }), graph: TEACHER };

    const student = { ...TEACHER_RUN, runId: 'student', graph: STUDENT, distill: { alpha: 0.5, temperature: 4 } };
    const done = await run(session(), { ...student, teacher });
    expect(done).toMatchObject({ type: 'train/done', distillation: { teacherRunId: 'kept-teacher' } });
    const { distillation } = done as Extract<TrainEvent, { type: 'train/done' }>;
    expect(distillation!.teacher.metrics.validation!.value.value).toBe(taught.logs.val_acc);

    const elsewhere = { ...DATA, seed: DATA.seed + 1 };
    expect(await run(session(), { ...student, data: elsewhere, teacher })).toMatchObject({
      type: 'train/error',
      message: expect.stringMatching(/another split/),
    });
  });

  it('ends with a sentence when there is no teacher, or the teacher learnt another target', async () => {
    const trainer = session();
    const student = { ...TEACHER_RUN, runId: 'student', graph: STUDENT, distill: { alpha: 0.5, temperature: 4 } };
    expect(await run(trainer, student)).toMatchObject({
      type: 'train/error',
      message: expect.stringMatching(/no trained model to distil from/),
    });
    await run(trainer, { ...TEACHER_RUN, settings: { ...TEACHER_RUN.settings, epochs: 1 } });
    expect(await run(trainer, { ...student, data: { ...DATA, target: 'sepal_length' } })).toMatchObject({
      type: 'train/error',
      message: expect.stringMatching(/predicts “species”/),
    });
  });
});
