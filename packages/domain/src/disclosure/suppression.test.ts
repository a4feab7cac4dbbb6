import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recomputableCells } from './check.ts';
import { type SuppressedTable, suppressTable } from './suppression.ts';

function expectSafe(table: number[][], threshold = 10) {
  const published = suppressTable(table, { threshold });
  const rows = table.length;
  const columns = table[0]?.length ?? 0;
  const grid = table.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  grid.push(
    Array.from({ length: columns + 1 }, (_, j) => grid.reduce((a, row) => a + (row[j] as number), 0)),
  );
  const shownAt = (i: number, j: number) =>
    i < rows && j < columns
      ? published.cells[i]?.[j]
      : i < rows
        ? published.rowTotals[i]
        : j < columns
          ? published.columnTotals[j]
          : published.total;
  for (let i = 0; i <= rows; i++) {
    for (let j = 0; j <= columns; j++) {
      const v = grid[i]?.[j] as number;
      const shown = shownAt(i, j);
      // Every published value is the true one; no published count is between 1 and the threshold − 1.
      if (shown !== null) {
        expect(shown).toBe(v);
        expect(v === 0 || v >= threshold).toBe(true);
      } else {
        // Only counts are withheld, never zeros.
        expect(v).toBeGreaterThan(0);
      }
      expect(shown === null).toBe(published.states[i]?.[j] !== 'published');
    }
  }
  expect(recomputableCells(published)).toEqual([]);
  return published;
}

describe('cell suppression with complementary suppression', () => {
  it('withholds a small count and the cells that would give it away, and nothing else', () => {
    const table = [
      [120, 4, 80],
      [95, 60, 70],
      [40, 30, 25],
    ];
    const published = expectSafe(table);
    expect(published.cells[0]?.[1]).toBeNull();
    expect(published.primary).toBe(1);
    // One more in the same row, one in the same column and the cell closing the rectangle.
    expect(published.complementary).toBe(3);
    expect(published.total).toBe(524);
    expect(published.cells[1]?.[0]).toBe(95);
  });

  it('publishes a table without small counts as it is, zeros included', () => {
    const published = expectSafe([
      [12, 0, 40],
      [15, 22, 0],
    ]);
    expect(published.primary + published.complementary).toBe(0);
    expect(published.cells).toEqual([
      [12, 0, 40],
      [15, 22, 0],
    ]);
  });

  it('withholds a small row total and a small column total too', () => {
    const published = expectSafe([
      [3, 2, 1],
      [50, 60, 70],
      [5, 40, 30],
    ]);
    expect(published.rowTotals[0]).toBeNull();
  });

  it('withholds everything but zeros when the grand total itself is small', () => {
    const published = expectSafe([
      [3, 0],
      [2, 1],
    ]);
    expect(published.total).toBeNull();
    expect(published.cells).toEqual([
      [null, 0],
      [null, null],
    ]);
  });

  it('a single cell or a single column cannot hide a small count behind its total', () => {
    expectSafe([[7]]);
    expectSafe([[7], [30], [40]]);
    expectSafe([[7, 30, 40]]);
    expectSafe([[7, 0, 0]]);
  });

  it('refuses tables that are not whole counts', () => {
    expect(() => suppressTable([[1.5]])).toThrow(RangeError);
    expect(() => suppressTable([[-1]])).toThrow(RangeError);
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
  });

  it('leaves no withheld cell that can be recomputed from the published ones, for any table', () => {
    const count = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 400 }) },
    );
    const table = fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }))
      .chain(([r, c]) =>
        fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      );
    fc.assert(
      fc.property(table, fc.constantFrom(3, 5, 10), (t, threshold) => {
        expectSafe(t, threshold);
      }),
      { numRuns: 400, seed: 2026 },
    );
  });

  it('the verifier is not vacuous: publishing only the small counts would be caught', () => {
    const naive: SuppressedTable = {
      cells: [
        [120, null, 80],
        [95, 60, 70],
      ],
      rowTotals: [204, 225],
      columnTotals: [215, 64, 150],
      total: 429,
      states: [],
      primary: 1,
      complementary: 0,
    };
    expect(recomputableCells(naive)).toEqual([[0, 1]]);
  });
});
