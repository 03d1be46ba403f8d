import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { amendLastStep, beginGesture, createProjectStore, endGesture } from './projectStore';

const store = () => createProjectStore(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));

describe('projectStore', () => {
  it('freezes a layer and lets it train again, each an undo step, leaving no flag on a trainable one', () => {
    const project = store();
    const dense = () => project.getState().project.graph.nodes.find((n) => n.id === 'dense_1')!;
    project.getState().setTrainable('dense_1', false);
    expect(dense().trainable).toBe(false);
    project.getState().setTrainable('dense_1', true);
    expect('trainable' in dense()).toBe(false);
    project.temporal.getState().undo();
    expect(dense().trainable).toBe(false);
  });

  it('adds a layer with its kind defaults and a fresh id', () => {
    const s = store();
    const id = s.getState().addNode('Dense', { x: 10, y: 20 });
    expect(id).toBe('dense_2');
    expect(s.getState().project.graph.nodes.at(-1)).toEqual({
      id: 'dense_2',
      type: 'Dense',
      params: { units: 16, activation: 'relu', useBias: true, l1: 0, l2: 0 },
      position: { x: 10, y: 20 },
    });
  });

  it('refuses a connection that would close a cycle, and leaves the graph as it was', () => {
    const s = store();
    s.getState().addNode('Dense', { x: 0, y: 0 });
    expect(s.getState().connect('dense_1', 'dense_2')).toBeUndefined();
    const before = s.getState().project.graph;
    expect(s.getState().connect('dense_2', 'dense_1')).toMatch(/cycle/);
    expect(s.getState().project.graph).toBe(before);
  });

  it('refuses a second input into a single-input layer and a duplicate edge', () => {
    const s = store();
    s.getState().addNode('Dense', { x: 0, y: 0 });
    expect(s.getState().connect('dense_2', 'output')).toMatch(/at most 1 input/);
    expect(s.getState().connect('input', 'dense_1')).toMatch(/already connected/);
  });

  it('removing a node removes its edges; moving one keeps the structure objects', () => {
    const s = store();
    const { edges } = s.getState().project.graph;
    s.getState().moveNode('dense_1', { x: 5, y: 5 });
    expect(s.getState().project.graph.edges).toBe(edges);
    s.getState().removeElements(['dense_1'], []);
    expect(s.getState().project.graph.edges).toEqual([]);
    expect(s.getState().project.graph.nodes.map((n) => n.id)).toEqual(['input', 'output']);
  });
});

describe('undo history', () => {
  it('undoes and redoes each edit', () => {
    const s = store();
    const before = s.getState().project;
    s.getState().addNode('Dropout', { x: 0, y: 0 });
    s.getState().setParams('dropout_1', { rate: 0.2 });
    s.temporal.getState().undo();
    expect(s.getState().project.graph.nodes.find((n) => n.id === 'dropout_1')?.params).toEqual({ rate: 0.5 });
    s.temporal.getState().undo();
    expect(s.getState().project).toBe(before);
    s.temporal.getState().redo();
    expect(s.getState().project.graph.nodes.map((n) => n.id)).toContain('dropout_1');
  });

  it('records a drag as one step, back to where it began', () => {
    const s = store();
    const start = s.getState().project;
    beginGesture(s);
    for (let x = 1; x <= 20; x++) s.getState().moveNode('dense_1', { x, y: x });
    endGesture(s);
    expect(s.temporal.getState().pastStates).toHaveLength(1);
    s.temporal.getState().undo();
    expect(s.getState().project).toBe(start);
    s.temporal.getState().redo();
    expect(s.getState().project.graph.nodes.find((n) => n.id === 'dense_1')?.position).toEqual({ x: 20, y: 20 });
  });

  it('a click without movement adds no step', () => {
    const s = store();
    beginGesture(s);
    endGesture(s);
    expect(s.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe('amendLastStep', () => {
  it('folds a correction into the last undo step: one undo takes back both, redo brings back the corrected state', () => {
    const s = store();
    const before = s.getState().project;
    s.getState().addNode('Dropout', { x: 0, y: 0 });
    amendLastStep(s, (state) => state.moveNode('dropout_1', { x: 300, y: 120 }));
    expect(s.temporal.getState().pastStates).toHaveLength(1);
    s.temporal.getState().undo();
    expect(s.getState().project).toBe(before);
    s.temporal.getState().redo();
    expect(s.getState().project.graph.nodes.find((n) => n.id === 'dropout_1')?.position).toEqual({ x: 300, y: 120 });
  });
});

describe('insertFragment', () => {
  it('pastes copies with fresh ids and only the edges inside the copy', () => {
    const s = store();
    const { nodes, edges } = s.getState().project.graph;
    const fragment = { nodes: nodes.filter((n) => n.id !== 'input'), edges: edges.filter((e) => e.source !== 'input') };
    const ids = s.getState().insertFragment(fragment, { x: 40, y: 40 });
    expect(ids).toEqual(['dense_2', 'output_1']);
    const graph = s.getState().project.graph;
    expect(graph.edges.map((e) => e.id)).toContain('dense_2->output_1');
    expect(graph.nodes.find((n) => n.id === 'dense_2')?.position).toEqual({ x: 240 + 40, y: 40 });
  });
});

describe('insertBefore', () => {
  it('puts a new layer on the single edge into a node', () => {
    const s = store();
    expect(s.getState().insertBefore('output', 'Flatten')).toBe('flatten_1');
    const { edges } = s.getState().project.graph;
    expect(edges.map((e) => e.id).sort()).toEqual(['dense_1->flatten_1', 'flatten_1->output', 'input->dense_1']);
  });

  it('refuses a node without exactly one input', () => {
    expect(store().getState().insertBefore('input', 'Flatten')).toBeUndefined();
  });
});
