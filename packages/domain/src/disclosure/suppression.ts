/**
 * Cell suppression for published tables: a count of 1 to 9 people (below the threshold) could point at
 * someone, so it is not published (primary suppression); and because the row and column totals are
 * published, more cells are withheld (complementary suppression) until no withheld cell can be worked out
 * from the published ones.
 *
 * The table has R rows and C columns of counts, their row totals, column totals and grand total. Seen with
 * the totals as an (R+1) × (C+1) grid whose every row and column is an equation, the withheld cells are the
 * edges of a bipartite graph between the grid's rows and columns: a withheld cell can be recomputed exactly
 * from the published ones if and only if its edge lies on no cycle (it is a bridge). Every withheld cell is
 * greater than zero, so moving a little along any cycle (+t, −t, … alternately) gives another table with the
 * same published cells and no negative count: a cell on a cycle is not determined. Zeros are published —
 * they describe no one — and are never withheld. The complementary cells are chosen greedily, smallest count
 * first, among those that close a cycle through a bridge. The grand total is always published, unless it is
 * itself below the threshold, when nothing but zeros is.
 */

export interface SuppressionOptions {
  /** Counts from 1 to threshold − 1 are withheld. Default 10. */
  threshold?: number;
}

export type CellState = 'published' | 'primary' | 'complementary';

export interface SuppressedTable {
  /** The counts with withheld ones as null, the same shape as the input. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  /** Why each cell is withheld or not, the totals as an extra last column and an extra last row. */
  states: CellState[][];
  primary: number;
  complementary: number;
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 10;

/** Suppresses a table of non-negative whole counts; totals are computed from the cells. */
export function suppressTable(
  cells: readonly (readonly number[])[],
  options: SuppressionOptions = {},
): SuppressedTable {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const rows = cells.length;
  const columns = cells[0]?.length ?? 0;
  for (const row of cells) {
    if (row.length !== columns) throw new RangeError('every row must have the same number of cells');
    for (const v of row)
      if (!Number.isInteger(v) || v < 0) throw new RangeError('cells must be whole counts ≥ 0');
  }
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError('threshold must be a whole number ≥ 1');

  // The grid with totals: row `rows` holds the column totals, column `columns` the row totals.
  const grid: number[][] = cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalsRow = Array.from({ length: columns + 1 }, (_, j) =>
    grid.reduce((a, row) => a + (row[j] as number), 0),
  );
  grid.push(totalsRow);
  const R = rows + 1;
  const C = columns + 1;
  const state: CellState[][] = grid.map((row) => row.map(() => 'published'));
  const value = (i: number, j: number) => grid[i]?.[j] as number;
  const withheld = (i: number, j: number) => state[i]?.[j] !== 'published';
  const setState = (i: number, j: number, s: CellState) => {
    (state[i] as CellState[])[j] = s;
  };

  const grand = value(R - 1, C - 1);
  if (grand > 0 && grand < threshold) {
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (value(i, j) > 0) setState(i, j, 'primary');
    return result(grid, state, rows, columns);
  }
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const v = value(i, j);
      if (v > 0 && v < threshold && !(i === R - 1 && j === C - 1)) setState(i, j, 'primary');
    }
  }

  // Row i is vertex i, column j is vertex R + j; a withheld cell is an edge.
  for (;;) {
    const edges = withheldEdges(R, C, withheld);
    const bridge = findBridge(R, C, edges);
    if (!bridge) break;
    const [r, c] = bridge;
    const others = edges.filter(([i, j]) => i !== r || j !== c);
    const side = componentOf(R, C, others, r);
    // A cell joining the bridge's two sides closes a cycle through it.
    let best: [number, number] | null = null;
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        if (withheld(i, j) || value(i, j) === 0 || (i === R - 1 && j === C - 1)) continue;
        if (side.has(i) === side.has(R + j)) continue;
        if (!best || value(i, j) < value(best[0], best[1])) best = [i, j];
      }
    }
    if (!best) {
      // Only zeros or the grand total join them: withhold every count, and the grand total if still needed.
      for (let i = 0; i < R; i++)
        for (let j = 0; j < C; j++) if (!withheld(i, j) && value(i, j) > 0) setState(i, j, 'complementary');
      const last = state[R - 1] as CellState[];
      last[C - 1] = 'published';
      if (findBridge(R, C, withheldEdges(R, C, withheld)) && grand > 0) last[C - 1] = 'complementary';
      break;
    }
    setState(best[0], best[1], 'complementary');
  }
  return result(grid, state, rows, columns);
}

function withheldEdges(
  R: number,
  C: number,
  withheld: (i: number, j: number) => boolean,
): Array<[number, number]> {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (withheld(i, j)) edges.push([i, j]);
  return edges;
}

function result(grid: number[][], state: CellState[][], rows: number, columns: number): SuppressedTable {
  const shown = (i: number, j: number) => (state[i]?.[j] === 'published' ? (grid[i]?.[j] as number) : null);
  let primary = 0;
  let complementary = 0;
  for (const row of state)
    for (const s of row) {
      if (s === 'primary') primary++;
      else if (s === 'complementary') complementary++;
    }
  return {
    cells: Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => shown(i, j))),
    rowTotals: Array.from({ length: rows }, (_, i) => shown(i, columns)),
    columnTotals: Array.from({ length: columns }, (_, j) => shown(rows, j)),
    total: shown(rows, columns),
    states: state,
    primary,
    complementary,
  };
}

/** The first bridge among the edges (row, column) of the bipartite graph, in edge order; null if none. */
function findBridge(
  R: number,
  C: number,
  edges: ReadonlyArray<readonly [number, number]>,
): [number, number] | null {
  const n = R + C;
  const adjacency: Array<Array<{ to: number; edge: number }>> = Array.from({ length: n }, () => []);
  edges.forEach(([i, j], edge) => {
    adjacency[i]?.push({ to: R + j, edge });
    adjacency[R + j]?.push({ to: i, edge });
  });
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const isBridge = new Array<boolean>(edges.length).fill(false);
  let counter = 0;
  for (let start = 0; start < n; start++) {
    if (order[start] !== -1) continue;
    // Iterative depth-first search: [vertex, edge it was reached by, next neighbour index].
    const stack: Array<[number, number, number]> = [[start, -1, 0]];
    order[start] = low[start] = counter++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number, number];
      const [v, via, next] = top;
      const neighbours = adjacency[v] as Array<{ to: number; edge: number }>;
      if (next < neighbours.length) {
        top[2] = next + 1;
        const { to, edge } = neighbours[next] as { to: number; edge: number };
        if (edge === via) continue;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push([to, edge, 0]);
        } else {
          low[v] = Math.min(low[v] as number, order[to] as number);
        }
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          const p = parent[0];
          low[p] = Math.min(low[p] as number, low[v] as number);
          if ((low[v] as number) > (order[p] as number)) isBridge[via] = true;
        }
      }
    }
  }
  const first = isBridge.indexOf(true);
  return first === -1 ? null : ([...(edges[first] as readonly [number, number])] as [number, number]);
}

/** The vertices reachable from `from` over the edges. */
function componentOf(
  R: number,
  C: number,
  edges: ReadonlyArray<readonly [number, number]>,
  from: number,
): Set<number> {
  const adjacency: number[][] = Array.from({ length: R + C }, () => []);
  for (const [i, j] of edges) {
    adjacency[i]?.push(R + j);
    adjacency[R + j]?.push(i);
  }
  const seen = new Set<number>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.pop() as number;
    for (const w of adjacency[v] ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}
