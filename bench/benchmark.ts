/** What every benchmark module in bench/benchmarks/ exports (as named exports or one default object). */
export interface BenchmarkResult {
  /** The measured value, in `unit`. */
  value: number;
  /** Whether the target was met. */
  ok: boolean;
  details: Record<string, unknown>;
}

export interface Benchmark {
  id: string;
  title: string;
  unit: string;
  /** The target in words, e.g. "≤ 60 s and ≤ 3× raw COPY". */
  target: string;
  run(): Promise<BenchmarkResult>;
}

/** The file bench/results/<id>.json. */
export interface BenchmarkRecord {
  id: string;
  value: number | null;
  unit: string;
  target: string;
  ok: boolean;
  details: Record<string, unknown>;
}

export function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    typeof b.title === 'string' &&
    typeof b.unit === 'string' &&
    typeof b.target === 'string' &&
    typeof b.run === 'function'
  );
}
