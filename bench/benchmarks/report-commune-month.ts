/**
 * The commune monthly report (form DS-XA-THANG) of the biggest commune of a seeded Lạng Sơn of 1,000,000
 * people (the cached database the register benchmarks share), for the last full month, computed live from
 * the aggregates: GET /api/v1/reports/DS-XA-THANG/:commune/:month as the commune's officer through
 * `app.inject`, 200 times after 10 untimed (the first of which computes, once, any month-end stock the
 * province never had). Target (DESIGN.md §5): p95 ≤ 50 ms.
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

export const id = 'report-commune-month';
export const title = 'Commune monthly report (DS-XA-THANG) of the biggest commune, live from the aggregates';
export const unit = 'ms p95';
export const target = '≤ 50 ms p95';

const provinceCode = '20';
/** The province's size: 1,000,000, or `DANSO_BENCH_PEOPLE` (5,000,000 checks the time does not grow with it). */
const people = Number(process.env.DANSO_BENCH_PEOPLE ?? 1_000_000);
const seed = 2025;
const runs = 200;
const warmUp = 10;
const cpuRuns = 30;
const maxP95 = 50;

/** The last full month in Viet Nam, 'YYYY-MM'. */
export function lastFullMonth(now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export async function run(): Promise<BenchmarkResult> {
  const fixture = await cachedProvince({ provinceCode, people, seed });
  const { database } = fixture;
  const loadAtStart = loadAverage();
  try {
    const sizes = await database.pool.query<{ commune_code: string; n: number }>(
      `SELECT commune_code, count(*)::int AS n FROM person
       WHERE province_code = $1 AND vital_status = 'alive' AND presence = 'present' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [provinceCode],
    );
    const biggest = sizes.rows[0];
    if (!biggest) throw new Error('the province has no people');
    const month = lastFullMonth();
    const server = await serverFor(database);
    try {
      const officer = await server.login(`xa.${biggest.commune_code}`, demoPassword);
      const url = `/api/v1/reports/DS-XA-THANG/${biggest.commune_code}/${month}`;
      let population = 0;
      let firstMs = 0;
      const ask = async () => {
        const start = performance.now();
        const res = await officer.request('GET', url);
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        population = (
          res.json() as { table: { rows: Array<{ code: string; values: number[] }> } }
        ).table.rows.find((r) => r.code === '1')?.values[0] as number;
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
            `commune ${biggest.commune_code} (${biggest.n.toLocaleString('en')} people), ${month}: p95 ${timing.p95} ms, ` +
            `p50 ${timing.p50} ms; first request ${round(firstMs)} ms; CPU ${cpuMsPerRequest.total ?? cpuMsPerRequest.node} ms a request; load ${loadAtStart[0]}`,
          province: `${fixture.report.provinceName} (${provinceCode})`,
          people: fixture.report.people,
          commune: biggest.commune_code,
          communePeople: biggest.n,
          month,
          populationOnReport: population,
          firstRequestMs: round(firstMs),
          firstRequestNote:
            'the first request computes, once for the whole province, any month-end stock never computed (the month before the period)',
          runs,
          warmUp,
          ms: timing,
          cpuMsPerRequest,
          path: 'app.inject (no network) as the commune officer: GET /api/v1/reports/DS-XA-THANG/:commune/:month',
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
