import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SuppressedTable, suppressTable } from './suppression.ts';

/**
 * What someone holding the published table can work out, checked independently of how the cells were
 * chosen: the unknowns are the withheld cells (totals included), and each row and column of the table with
 * its totals is an equation. A withheld cell is determined exactly when its unit vector lies in the span of
 * the equations' coefficient rows over the unknowns (Gaussian elimination, exact on these small integers).
 * Since every withheld count is positive, a cell not determined that way can move a little in either
 * direction without any count turning negative: it cannot be recomputed even knowing counts are ≥ 0.
 */
function recomputableCells(original: number[][], published: SuppressedTable): Array<[number, number]> {
  const rows = original.length;
  const columns = original[0]?.length ?? 0;
  const grid = original.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  grid.push(
    Array.from({ length: columns + 1 }, (_, j) => grid.reduce((a, row) => a + (row[j] as number), 0)),
  );
  const shown = (i: number, j: number): number | null => {
    if (i < rows && j < columns) return published.cells[i]?.[j] ?? null;
    if (i < rows) return published.rowTotals[i] ?? null;
    if (j < columns) return published.columnTotals[j] ?? null;
    return published.total;
  };
  const unknowns: Array<[number, number]> = [];
  for (let i = 0; i <= rows; i++)
    for (let j = 0; j <= columns; j++) if (shown(i, j) === null) unknowns.push([i, j]);
  const index = new Map(unknowns.map(([i, j], k) => [`${i},${j}`, k]));
  // Each line: the sum of its cells minus its total is zero.
  const equations: number[][] = [];
  const line = (cells: Array<[number, number, number]>) => {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (const [i, j, sign] of cells) {
      const k = index.get(`${i},${j}`);
      if (k !== undefined) eq[k] = (eq[k] as number) + sign;
    }
    if (eq.some((v) => v !== 0)) equations.push(eq);
  };
  for (let i = 0; i <= rows; i++)
    line([
      ...Array.from({ length: columns }, (_, j) => [i, j, 1] as [number, number, number]),
      [i, columns, -1],
    ]);
  for (let j = 0; j <= columns; j++)
    line([...Array.from({ length: rows }, (_, i) => [i, j, 1] as [number, number, number]), [rows, j, -1]]);
  const rank = (matrix: number[][]) => {
    const m = matrix.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < unknowns.length && r < m.length; c++) {
      const pivot = m.findIndex((row, k) => k >= r && Math.abs(row[c] as number) > 1e-9);
      if (pivot === -1) continue;
      [m[r], m[pivot]] = [m[pivot] as number[], m[r] as number[]];
      const p = m[r] as number[];
      for (let k = 0; k < m.length; k++) {
        if (k === r) continue;
        const f = (m[k]?.[c] as number) / (p[c] as number);
        if (f !== 0) m[k] = (m[k] as number[]).map((v, x) => v - f * (p[x] as number));
      }
      r++;
    }
    return r;
  };
  const base = rank(equations);
  return unknowns.filter((_, k) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[k] = 1;
    return rank([...equations, unit]) === base;
  });
}

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
  expect(recomputableCells(table, published)).toEqual([]);
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
    const table = [
      [120, 4, 80],
      [95, 60, 70],
    ];
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
    expect(recomputableCells(table, naive)).toEqual([[0, 1]]);
  });
});
