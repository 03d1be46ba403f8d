import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/import/csv';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { DEFAULT_DISTILL_SETTINGS } from '../model/distillation';
import type { ExportedModel } from '../model/modelExport';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import type { TrainRequest } from '../model/run';
import { proposeStudent } from '../model/student';
import { TEMPLATES } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
const parsed = parseCsvText(text, { id: 'sample:iris', name: 'Iris', source: 'sample', bytes: 1, createdAt: 1 });
if (!parsed.ok) throw new Error(parsed.error);
const irisMeta = parsed.value.meta;
const TEACHER = TEMPLATES.find((t) => t.id === 'mlp')!.build();

/** A studio on Iris with the MLP on the canvas, whose training worker ends every run at once and records its requests. */
function studio() {
  const stores = createStudioStores(
    newProject(TEACHER, { ...DEFAULT_DATA_CONFIG, datasetId: irisMeta.id, target: 'species' }),
  );
  stores.session.getState().putDataset(irisMeta);
  const requests: TrainRequest[] = [];
  const workers = testWorkers({
    train: async (request, onEvent) => {
      requests.push(request);
      onEvent({ type: 'train/done', runId: request.runId, reason: 'completed', epochsRun: 1, logs: {} });
    },
    exportModel: async (): Promise<Result<ExportedModel>> => ({ ok: false, error: 'not in this test' }),
  });
  return { stores, requests, actions: new ActionManager({ ...stores, workers }) };
}

describe('distilling from the Train view', () => {
  it('needs a trained model, and no run in progress', async () => {
    const { actions, stores } = studio();
    expect(actions.can('openDistill')).toBe('Train a model first: it will be the teacher.');
    stores.runs.getState().startRun('run-1');
    expect(actions.can('openDistill')).toBe('A run is in progress; distil when it has ended.');
    stores.runs.getState().apply({ type: 'train/done', runId: 'run-1', reason: 'completed', epochsRun: 1, logs: {} });
    expect(actions.can('openDistill')).toBe(true);
    await actions.perform('openDistill');
    expect(stores.session.getState().dialog).toBe('distill');
  });

  it('puts the proposed student on the canvas as one undo step, says so, and trains it with the teacher', async () => {
    const { actions, stores, requests } = studio();
    await actions.perform('train');
    const undoSteps = stores.project.temporal.getState().pastStates.length;

    await actions.perform('distill', { student: 'proposed', settings: DEFAULT_DISTILL_SETTINGS });

    const student = proposeStudent(TEACHER, { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] })!;
    expect(stores.project.getState().project.graph).toEqual(student.graph);
    expect(stores.project.temporal.getState().pastStates).toHaveLength(undoSteps + 1);
    expect(stores.session.getState().notice).toMatchObject({ kind: 'change', text: expect.stringMatching(/student/) });
    expect(requests.at(-1)).toMatchObject({ graph: student.graph, distill: DEFAULT_DISTILL_SETTINGS });
    // On a cosine schedule: a small student settles at the end rather than being jostled to its last epoch.
    const taught = requests[0]!.settings;
    expect(taught.schedule).not.toBe('cosine');
    expect(requests.at(-1)!.settings).toMatchObject({ epochs: taught.epochs, schedule: 'cosine' });
    await actions.perform('undo');
    expect(stores.project.getState().project.graph).toEqual(TEACHER);
    expect(stores.project.getState().project.training).toMatchObject({
      epochs: taught.epochs,
      schedule: taught.schedule,
    });
  });

  it('refuses settings out of range with a sentence, and trains nothing', async () => {
    const { actions, stores, requests } = studio();
    await actions.perform('train');
    await actions.perform('distill', { student: 'proposed', settings: { alpha: 2, temperature: 4 } });
    expect(stores.session.getState().notice).toMatchObject({ kind: 'error', text: expect.stringMatching(/α/) });
    expect(requests).toHaveLength(1);
    expect(stores.project.getState().project.graph).toEqual(TEACHER);
  });
});
