export { type PublishedGrid, recomputableCells } from './check.ts';
export {
  type CellState,
  DEFAULT_SUPPRESSION_THRESHOLD,
  type SuppressedTable,
  type SuppressionOptions,
  suppressTable,
} from './suppression.ts';
