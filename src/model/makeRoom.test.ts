import { describe, expect, it } from 'vitest';
import type { Graph } from './graph';
import type { Size } from './layout';
import { makeRoom } from './makeRoom';

const at = (id: string, x: number, y: number) => ({ id, type: 'Dense', params: {}, position: { x, y } });
const card: Size = { width: 200, height: 90 };

/** Input → dense_1 → output in a row, 70 px apart, and a card in a second row under dense_1. */
const graph: Graph = {
  nodes: [at('input', 0, 0), at('dense_1', 270, 0), at('output', 540, 0), at('below', 270, 170)],
  edges: [],
};
const sizes = { input: card, dense_1: card, output: card, below: card };

describe('makeRoom', () => {
  it('moves nothing while no card covers another', () => {
    expect(makeRoom(graph, sizes, ['dense_1'])).toEqual(new Map());
  });

  it('pushes the next card right when a card widens into it, and keeps the one that grew in place', () => {
    const moved = makeRoom(graph, { ...sizes, dense_1: { width: 400, height: 90 } }, ['dense_1']);
    // dense_1 now ends at 670: output starts 24 px after it.
    expect(moved).toEqual(new Map([['output', { x: 694, y: 0 }]]));
  });

  it('pushes a card below down when a card grows taller, and the cards it then covers after it', () => {
    const tall = { ...sizes, dense_1: { width: 200, height: 200 } };
    const crowded: Graph = { ...graph, nodes: [...graph.nodes, at('further_below', 270, 290)] };
    const moved = makeRoom(crowded, { ...tall, further_below: card }, ['dense_1']);
    expect(moved).toEqual(
      new Map([
        ['below', { x: 270, y: 224 }],
        ['further_below', { x: 270, y: 338 }],
      ]),
    );
  });

  it('moves the later of two cards that grew into each other', () => {
    const wide = { width: 400, height: 90 };
    const moved = makeRoom(graph, { ...sizes, dense_1: wide, output: wide }, ['output', 'dense_1']);
    expect(moved).toEqual(new Map([['output', { x: 694, y: 0 }]]));
  });
});
