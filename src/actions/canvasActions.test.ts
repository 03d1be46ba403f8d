import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

/** input (0, 0) → dense_1 (240, 0) → output (480, 0) on the Design view. */
function studio() {
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  stores.session.getState().setView('design');
  const positions = () =>
    Object.fromEntries(stores.project.getState().project.graph.nodes.map((n) => [n.id, n.position]));
  const steps = () => stores.project.temporal.getState().pastStates.length;
  return { stores, actions: new ActionManager({ ...stores, workers: {} as StudioWorkers }), positions, steps };
}

const CARD = { width: 200, height: 80 };

describe('a drag', () => {
  it('is one undo step however many moves it makes', async () => {
    const { actions, positions, steps } = studio();
    const before = positions();
    await actions.perform('startDrag');
    for (const x of [250, 260, 270])
      await actions.perform(
        'moveLayers',
        new Map([
          ['dense_1', { x, y: 10 }],
          ['output', { x: x + 240, y: 10 }],
        ]),
      );
    await actions.perform('endDrag');
    expect(positions()).toEqual({ ...before, dense_1: { x: 270, y: 10 }, output: { x: 510, y: 10 } });
    expect(steps()).toBe(1);
    await actions.perform('undo');
    expect(positions()).toEqual(before);
  });

  it('that moves nothing leaves no undo step', async () => {
    const { actions, steps } = studio();
    await actions.perform('startDrag');
    await actions.perform('endDrag');
    expect(steps()).toBe(0);
  });
});

describe('measureLayers', () => {
  it('keeps the sizes measured, moving nothing the first time', async () => {
    const { stores, actions, positions, steps } = studio();
    const before = positions();
    await actions.perform('measureLayers', new Map([['dense_1', { width: 400, height: 80 }]]));
    expect(stores.session.getState().measured).toEqual({ dense_1: { width: 400, height: 80 } });
    expect(positions()).toEqual(before);
    expect(steps()).toBe(0);
  });

  it('moves the cards a grown card covers within the undo step of the edit that grew it', async () => {
    const { stores, actions, positions, steps } = studio();
    await actions.perform('measureLayers', new Map(['input', 'dense_1', 'output'].map((id) => [id, CARD] as const)));
    const before = positions();
    await actions.perform('setLayerParams', { nodeId: 'dense_1', params: { units: 123456 } });
    await actions.perform('measureLayers', new Map([['dense_1', { width: 400, height: 80 }]]));
    // dense_1 now ends at 640: output starts 24 px after it.
    expect(positions()).toEqual({ ...before, output: { x: 664, y: 0 } });
    expect(steps()).toBe(1);
    await actions.perform('undo');
    expect(positions()).toEqual(before);
    expect(stores.project.getState().project.graph.nodes[1]!.params['units']).toBe(16);
  });
});

describe('layOutMeasured', () => {
  it('lays the graph out within the last undo step, so one undo takes both back', async () => {
    const { actions, positions, steps } = studio();
    const before = positions();
    await actions.perform('addLayer', { type: 'Dense', position: { x: 0, y: 0 } });
    await actions.perform('layOutMeasured');
    // The layer added over input has a place of its own.
    expect(positions()['dense_2']).not.toEqual(positions()['input']);
    expect(steps()).toBe(1);
    await actions.perform('undo');
    expect(positions()).toEqual(before);
  });
});
