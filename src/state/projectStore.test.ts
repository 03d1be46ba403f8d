import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { createProjectStore } from './projectStore';

const store = () => createProjectStore(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));

describe('projectStore', () => {
  it('adds a layer with its kind defaults and a fresh id', () => {
    const s = store();
    const id = s.getState().addNode('Dense', { x: 10, y: 20 });
    expect(id).toBe('dense_2');
    expect(s.getState().project.graph.nodes.at(-1)).toEqual({
      id: 'dense_2',
      type: 'Dense',
      params: { units: 16, activation: 'relu', useBias: true },
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
