import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { loadSweepJournal } from '../data/storage';
import { newProject } from '../model/project';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import type { StudyEvent } from '../sweep/study';
import { LEARNING_RATE_SWEEP } from '../test/sweepConfig';
import { keepJournal } from './sweepJournal';

const created: StudyEvent = { type: 'created', at: 0, config: LEARNING_RATE_SWEEP };
const sweepEvents: StudyEvent[] = [
  { type: 'trial-asked', at: 1, number: 0, params: { 'training.learningRate': 0.01 } },
  { type: 'trial-reported', at: 2, number: 0, step: 1, value: 0.8 },
  { type: 'trial-completed', at: 3, number: 0, value: 0.7 },
];

it('shows an event once it is stored, in order, so that a reload finds every event the view showed', async () => {
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  const home = { store: stores.sweep, slot: 'sweep' } as const;
  stores.sweep.getState().begin(created);
  const kept = keepJournal(stores, home, [created], true);
  for (const event of sweepEvents) kept.append(event);
  // Nothing is shown before it is written.
  expect(stores.sweep.getState().journal).toEqual([created]);
  await kept.settled();
  expect(stores.sweep.getState().journal).toEqual([created, ...sweepEvents]);
  expect(stores.sweep.getState().study?.trials[0]?.state).toBe('complete');
  expect(await loadSweepJournal()).toEqual([created, ...sweepEvents]);
  expect(stores.session.getState().notice).toBeNull();

  // Resumed after a reload: appended after what was stored; a new sweep then replaces it all.
  const resumed = keepJournal(stores, home, [created, ...sweepEvents], false);
  resumed.append({ type: 'stopped', at: 4, reason: 'user' });
  await resumed.settled();
  expect(await loadSweepJournal()).toEqual([created, ...sweepEvents, { type: 'stopped', at: 4, reason: 'user' }]);
  const next: StudyEvent = { type: 'created', at: 5, config: { ...LEARNING_RATE_SWEEP, seed: 2 } };
  await keepJournal(stores, home, [next], true).settled();
  expect(await loadSweepJournal()).toEqual([next]);
});
