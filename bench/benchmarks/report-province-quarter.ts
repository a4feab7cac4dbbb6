/**
 * The province's quarterly roll-up (form DS-TINH-QUY: one column per commune of the province plus the
 * total) of a seeded Lạng Sơn of 1,000,000 and of 5,000,000 people (the shared cached databases), for the
 * last full quarter, computed live from the aggregates: GET /api/v1/reports/DS-TINH-QUY/20/:quarter as the
 * province officer through `app.inject`, 40 times to each size in turn after 3 untimed (see ../scale.ts).
 * Target (DESIGN.md §5): ≤ 500 ms (p95) at both sizes, and the same time within ±20 %.
 */
import type { BenchmarkResult } from '../benchmark.ts';
import { loadAverage, machine } from '../register-fixture.ts';
import { atTwoSizes, baseSize, largeSize, sizesSummary, verdict } from '../scale.ts';

export const id = 'report-province-quarter';
const sizes = [baseSize, largeSize].filter((n) => n > 0).map((n) => n.toLocaleString('en'));
export const title = `Province quarterly roll-up (DS-TINH-QUY, every commune and the total) of ${sizes.join(' and ')} people`;
export const unit = 'ms p95';
export const target = '≤ 500 ms p95, the same within ±20 % at 5,000,000 people';

const provinceCode = '20';
const maxP95 = 500;

/** The last full quarter in Viet Nam, 'YYYY-Qn'. */
export function lastFullQuarter(now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const index = vn.getUTCFullYear() * 4 + Math.floor(vn.getUTCMonth() / 3) - 1;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export async function run(): Promise<BenchmarkResult> {
  const loadAtStart = loadAverage();
  const quarter = lastFullQuarter();
  const url = `/api/v1/reports/DS-TINH-QUY/${provinceCode}/${quarter}`;
  const { result, release } = await atTwoSizes({
    provinceCode,
    seed: 2025,
    runs: 40,
    warmUp: 3,
    cpuRuns: 10,
    request: async (officer) => {
      const start = performance.now();
      const res = await officer.request('GET', url);
      const ms = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const table = (
        res.json() as { table: { columns: unknown[]; rows: Array<{ code: string; values: number[] }> } }
      ).table;
      const population = table.rows.find((r) => r.code === '2')?.values.at(-1) as number;
      return { ms, seen: { communes: table.columns.length - 1, population } };
    },
  });
  try {
    const { base, value, ok } = verdict(result, maxP95, (seen) => seen.population > 0);
    return {
      value,
      ok,
      details: {
        summary: `${quarter}, ${base.seen.communes} communes + total: ${sizesSummary(result)}; load ${loadAtStart[0]}`,
        quarter,
        sizes: result.sizes,
        ratio: result.ratio,
        sameTime: result.sameTime,
        prepareNote:
          'prepareMs: the last three years of month-end stocks computed before timing, as the server does in the background when it starts; firstRequestMs: the first request after it',
        path: `app.inject (no network) as the province officer: GET ${url}`,
        machine: await machine(result.database, loadAtStart),
      },
    };
  } finally {
    await release();
  }
}
