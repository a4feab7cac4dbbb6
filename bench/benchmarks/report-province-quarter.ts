/**
 * The province's quarterly roll-up (form DS-TINH-QUY: one column per commune of the province plus the
 * total) of a seeded Lạng Sơn of 1,000,000 people (the shared cached database), for the last full quarter,
 * computed live from the aggregates: GET /api/v1/reports/DS-TINH-QUY/20/:quarter as the province officer
 * through `app.inject`, 30 times after 3 untimed (the first computes, once, any month-end stock the
 * province never had). Target (DESIGN.md §5): ≤ 500 ms (p95).
 */
import { demoPassword } from '@danso/server/modules/seed/accounts.ts';
import type { BenchmarkResult } from '../benchmark.ts';
import {
  cachedProvince,
  cpuMeter,
  loadAverage,
  machine,
  round,
  serverFor,
  stats,
} from '../register-fixture.ts';

export const id = 'report-province-quarter';
/** The province's size: 1,000,000, or `DANSO_BENCH_PEOPLE` (5,000,000 checks the time does not grow with it). */
const people = Number(process.env.DANSO_BENCH_PEOPLE ?? 1_000_000);
export const title = `Province quarterly roll-up (DS-TINH-QUY, every commune and the total) of ${people.toLocaleString('en')} people`;
export const unit = 'ms p95';
export const target = '≤ 500 ms p95';

const provinceCode = '20';
const seed = 2025;
const runs = 30;
const warmUp = 3;
const cpuRuns = 10;
const maxP95 = 500;

/** The last full quarter in Viet Nam, 'YYYY-Qn'. */
export function lastFullQuarter(now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const index = vn.getUTCFullYear() * 4 + Math.floor(vn.getUTCMonth() / 3) - 1;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export async function run(): Promise<BenchmarkResult> {
  const fixture = await cachedProvince({ provinceCode, people, seed });
  const { database } = fixture;
  const loadAtStart = loadAverage();
  try {
    const quarter = lastFullQuarter();
    const server = await serverFor(database);
    try {
      const officer = await server.login(`tinh.${provinceCode}`, demoPassword);
      const url = `/api/v1/reports/DS-TINH-QUY/${provinceCode}/${quarter}`;
      let columns = 0;
      let population = 0;
      let firstMs = 0;
      const ask = async () => {
        const start = performance.now();
        const res = await officer.request('GET', url);
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const table = (
          res.json() as { table: { columns: unknown[]; rows: Array<{ code: string; values: number[] }> } }
        ).table;
        columns = table.columns.length;
        population = table.rows.find((r) => r.code === '2')?.values.at(-1) as number;
        return ms;
      };
      const samples: number[] = [];
      for (let i = 0; i < warmUp + runs; i++) {
        const ms = await ask();
        if (i === 0) firstMs = ms;
        if (i >= warmUp) samples.push(ms);
      }
      const meter = cpuMeter(fixture.name);
      for (let i = 0; i < cpuRuns; i++) await ask();
      const cpuMsPerRequest = meter.perOperation(cpuRuns);
      const timing = stats(samples);
      return {
        value: timing.p95,
        ok: timing.p95 <= maxP95 && population > 0,
        details: {
          summary:
            `${quarter}, ${columns - 1} communes + total, ${population.toLocaleString('en')} people at the quarter's end: ` +
            `p95 ${timing.p95} ms, p50 ${timing.p50} ms; first request ${round(firstMs)} ms; CPU ${cpuMsPerRequest.total ?? cpuMsPerRequest.node} ms a request; load ${loadAtStart[0]}`,
          province: `${fixture.report.provinceName} (${provinceCode})`,
          people: fixture.report.people,
          quarter,
          communes: columns - 1,
          populationAtEnd: population,
          firstRequestMs: round(firstMs),
          firstRequestNote:
            'the first request computes, once for the whole province, any month-end stock never computed (months before the register was loaded)',
          runs,
          warmUp,
          ms: timing,
          cpuMsPerRequest,
          path: 'app.inject (no network) as the province officer: GET /api/v1/reports/DS-TINH-QUY/20/:quarter',
          database: fixture.seededNow ? 'seeded by this run' : `reused ${fixture.name}`,
          machine: await machine(database, loadAtStart),
        },
      };
    } finally {
      await server.app.close();
    }
  } finally {
    await fixture.release();
  }
}
