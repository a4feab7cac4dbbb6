/**
 * Rankings of units by an indicator (reporting.md: "rankings list units by an indicator for a period").
 * Standard competition ranking: equal values share a rank and the next rank skips (1, 2, 2, 4); units
 * without a value come last, unranked; ties are listed by unit code so that the order is stable.
 */
export type RankOrder = 'desc' | 'asc';

export interface Ranked<T> {
  item: T;
  rank: number | null;
}

export function rankByValue<T>(
  items: readonly T[],
  valueOfItem: (item: T) => number | null,
  keyOf: (item: T) => string,
  order: RankOrder = 'desc',
): Ranked<T>[] {
  const sign = order === 'desc' ? -1 : 1;
  const sorted = [...items].sort((a, b) => {
    const x = valueOfItem(a);
    const y = valueOfItem(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return sign * (x - y);
    }
    return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
  });
  const ranked: Ranked<T>[] = [];
  sorted.forEach((item, i) => {
    const value = valueOfItem(item);
    const previous = ranked[i - 1];
    const rank =
      value === null
        ? null
        : previous && previous.rank !== null && valueOfItem(previous.item) === value
          ? previous.rank
          : i + 1;
    ranked.push({ item, rank });
  });
  return ranked;
}
