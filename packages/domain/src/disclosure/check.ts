/**
 * What a reader of a published table can work out. The unknowns are the withheld cells (totals included);
 * every row and column of the table with its totals is an equation "sum of the cells = total". A withheld
 * cell is determined when its value follows from the equations alone, which linear algebra decides: in the
 * reduced row-echelon form of the equations over the unknowns, the cell is a pivot whose row involves no
 * free unknown. This check knows nothing of how the cells were chosen, so it can vouch for any suppression.
 * (Counts are also ≥ 0; `suppressTable` withholds only positive counts, which keeps that from adding
 * anything: a cell that is not determined here can move both ways.)
 */

export interface PublishedGrid {
  cells: ReadonlyArray<ReadonlyArray<number | null>>;
  rowTotals: ReadonlyArray<number | null>;
  columnTotals: ReadonlyArray<number | null>;
  total: number | null;
}

/** The withheld cells that can be recomputed, as [row, column]; index `rows` / `columns` is a total. */
export function recomputableCells(table: PublishedGrid): Array<[number, number]> {
  const rows = table.cells.length;
  const columns = table.columnTotals.length;
  const shown = (i: number, j: number): number | null => {
    if (i < rows && j < columns) return table.cells[i]?.[j] ?? null;
    if (i < rows) return table.rowTotals[i] ?? null;
    if (j < columns) return table.columnTotals[j] ?? null;
    return table.total;
  };
  const unknowns: Array<[number, number]> = [];
  for (let i = 0; i <= rows; i++)
    for (let j = 0; j <= columns; j++) if (shown(i, j) === null) unknowns.push([i, j]);
  if (unknowns.length === 0) return [];
  const index = new Map(unknowns.map(([i, j], k) => [i * (columns + 1) + j, k]));
  const matrix: number[][] = [];
  const equation = (cells: Array<[number, number, number]>) => {
    const eq = new Array<number>(unknowns.length).fill(0);
    for (const [i, j, sign] of cells) {
      const k = index.get(i * (columns + 1) + j);
      if (k !== undefined) eq[k] = (eq[k] as number) + sign;
    }
    if (eq.some((v) => v !== 0)) matrix.push(eq);
  };
  for (let i = 0; i <= rows; i++) {
    equation([
      ...Array.from({ length: columns }, (_, j): [number, number, number] => [i, j, 1]),
      [i, columns, -1],
    ]);
  }
  for (let j = 0; j <= columns; j++) {
    equation([...Array.from({ length: rows }, (_, i): [number, number, number] => [i, j, 1]), [rows, j, -1]]);
  }

  // Reduced row-echelon form.
  const eps = 1e-9;
  const pivotOfRow: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < matrix.length; c++) {
    let pivot = -1;
    for (let k = r; k < matrix.length; k++)
      if (Math.abs(matrix[k]?.[c] as number) > eps) pivot = pivot === -1 ? k : pivot;
    if (pivot === -1) continue;
    [matrix[r], matrix[pivot]] = [matrix[pivot] as number[], matrix[r] as number[]];
    const p = matrix[r] as number[];
    const lead = p[c] as number;
    for (let x = 0; x < p.length; x++) p[x] = (p[x] as number) / lead;
    for (let k = 0; k < matrix.length; k++) {
      if (k === r) continue;
      const row = matrix[k] as number[];
      const f = row[c] as number;
      if (Math.abs(f) > eps)
        for (let x = 0; x < row.length; x++) row[x] = (row[x] as number) - f * (p[x] as number);
    }
    pivotOfRow.push(c);
    r++;
  }
  const isPivot = new Set(pivotOfRow);
  const determined: Array<[number, number]> = [];
  pivotOfRow.forEach((c, rowIndex) => {
    const row = matrix[rowIndex] as number[];
    const free = row.some((v, x) => x !== c && !isPivot.has(x) && Math.abs(v) > eps);
    if (!free) determined.push(unknowns[c] as [number, number]);
  });
  return determined.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
