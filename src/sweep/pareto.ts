/** The candidates no other candidate beats on every objective at once: what is worth choosing between. */

export interface Objective<T> {
  readonly value: (item: T) => number;
  /** 'max' for a metric like accuracy, 'min' for a loss, a size or a latency. */
  readonly goal: 'max' | 'min';
}

/**
 * The indices of `items` on the Pareto front: an item is dominated when another is at least as good on every
 * objective and better on one. Items with a value that is not a number on some objective are never on it. Equal
 * items are all kept. O(n²), for the tens to hundreds of candidates a search finishes.
 */
export function paretoFront<T>(items: readonly T[], objectives: readonly Objective<T>[]): number[] {
  const scores = items.map((item) => objectives.map((o) => (o.goal === 'max' ? o.value(item) : -o.value(item))));
  const dominates = (a: readonly number[], b: readonly number[]) =>
    a.every((value, i) => value >= b[i]!) && a.some((value, i) => value > b[i]!);
  return scores.flatMap((score, i) =>
    score.some(Number.isNaN) ||
    scores.some((other, j) => j !== i && !other.some(Number.isNaN) && dominates(other, score))
      ? []
      : [i],
  );
}
