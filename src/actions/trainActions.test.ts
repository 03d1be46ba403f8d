import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

function studio() {
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  return { stores, actions: new ActionManager({ ...stores, workers: {} as StudioWorkers }) };
}

describe('setTrainingSettings', () => {
  it('changes the settings given, one undo step a change', async () => {
    const { stores, actions } = studio();
    const before = stores.project.getState().project.training;
    await actions.perform('setTrainingSettings', { epochs: 7 });
    await actions.perform('setTrainingSettings', { optimizer: 'sgd', learningRate: 0.5 });
    expect(stores.project.getState().project.training).toEqual({
      ...before,
      epochs: 7,
      optimizer: 'sgd',
      learningRate: 0.5,
    });
    expect(stores.project.temporal.getState().pastStates).toHaveLength(2);
  });

  it('is refused while a run trains: the run keeps the settings it started with', async () => {
    const { stores, actions } = studio();
    const before = stores.project.getState().project;
    stores.runs.getState().startRun('run-1');
    expect(actions.can('setTrainingSettings')).toBe('Wait for the run in progress to end.');
    expect(await actions.perform('setTrainingSettings', { epochs: 7 })).toBe(false);
    expect(stores.project.getState().project).toBe(before);
  });
});
