/**
 * Room for cards that grew (a param that widens a card, a long name, a new problem shown on it):
 * the cards they now cover move out of the way. Pure: it returns positions and changes nothing.
 */
import type { Graph, LayerNode } from './graph';
import { DEFAULT_NODE_SIZE, type Bounds, type Size } from './layout';

/** The space a moved card keeps from the card it moved away from. */
const CARD_GAP = 24;

/**
 * New positions that leave no two cards overlapping. Cards are settled one by one, those in `grown`
 * first, each in reading order (left to right); a card that covers one already settled moves right or
 * down (the way it lies from that card) until it covers none. So a card that grew keeps its place
 * unless it grew into another that grew too. Only the cards that move are in the result; a graph
 * without overlaps gives an empty map.
 */
export function makeRoom(
  graph: Graph,
  sizes: Readonly<Record<string, Size>>,
  grown: readonly string[],
): Map<string, LayerNode['position']> {
  const inReadingOrder = (a: LayerNode, b: LayerNode) => a.position.x - b.position.x || a.position.y - b.position.y;
  const order = [
    ...graph.nodes.filter((node) => grown.includes(node.id)).sort(inReadingOrder),
    ...graph.nodes.filter((node) => !grown.includes(node.id)).sort(inReadingOrder),
  ];
  const settled: Bounds[] = [];
  const moved = new Map<string, LayerNode['position']>();
  for (const { id, position } of order) {
    let box: Bounds = { ...position, ...(sizes[id] ?? DEFAULT_NODE_SIZE) };
    let covered: Bounds | undefined;
    // Each step puts the card's left or top edge just past a settled card's, so it ends.
    while ((covered = settled.find((other) => overlap(box, other)))) {
      // Away from the covered card, the way the card lies from it: along a row, or down a column.
      const alongRow = (box.x - covered.x) / covered.width >= (box.y - covered.y) / covered.height;
      box = alongRow
        ? { ...box, x: covered.x + covered.width + CARD_GAP }
        : { ...box, y: covered.y + covered.height + CARD_GAP };
    }
    if (box.x !== position.x || box.y !== position.y) moved.set(id, { x: box.x, y: box.y });
    settled.push(box);
  }
  return moved;
}

function overlap(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
