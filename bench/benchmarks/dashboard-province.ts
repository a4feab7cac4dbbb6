/**
 * The province dashboard of a seeded Lạng Sơn of 1,000,000 and of 5,000,000 people (the shared cached
 * databases), year to the last full month: the server calls the dashboard page makes once it knows the unit
 * — the overview (headline indicators, 24 months of trends, the pyramid: GET /api/v1/dashboards/overview)
 * and the monthly reports' monitoring (GET /api/v1/reports/monitoring) — as the province officer through
 * `app.inject`, one after the other, 30 times to each size in turn after 3 untimed (see ../scale.ts). The
 * map's calls (boundaries, ranking) are timed apart. Target (DESIGN.md §5): ≤ 500 ms (p95) for the page at
 * both sizes, and the same time within ±20 %.
 */
import type { BenchmarkResult } from '../benchmark.ts';
import { loadAverage, machine } from '../register-fixture.ts';
import { atTwoSizes, baseSize, largeSize, sizesSummary, verdict } from '../scale.ts';

export const id = 'dashboard-province';
const sizes = [baseSize, largeSize].filter((n) => n > 0).map((n) => n.toLocaleString('en'));
export const title = `Province dashboard (overview and report monitoring) of ${sizes.join(' and ')} people`;
export const unit = 'ms p95';
export const target = '≤ 500 ms p95, the same within ±20 % at 5,000,000 people';

const provinceCode = '20';
const maxP95 = 500;

/** Year to the last full month in Viet Nam, 'YYYY-01..YYYY-MM' (or 'YYYY-12' in January). */
export function yearToDate(now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  const index = vn.getUTCFullYear() * 12 + vn.getUTCMonth() - 1;
  const year = Math.floor(index / 12);
  const month = String((index % 12) + 1).padStart(2, '0');
  return month === '01' ? `${year}-01` : `${year}-01..${year}-${month}`;
}

export async function run(): Promise<BenchmarkResult> {
  const loadAtStart = loadAverage();
  const period = yearToDate();
  const year = period.slice(0, 4);
  const overviewUrl = `/api/v1/dashboards/overview?unit=${provinceCode}&period=${period}`;
  const monitoringUrl = `/api/v1/reports/monitoring?province=${provinceCode}&form=DS-XA-THANG&year=${year}`;
  const mapUrls = [
    `/api/v1/boundaries?province=${provinceCode}`,
    `/api/v1/indicators/ranking?province=${provinceCode}&code=CBR&period=${period}`,
  ];
  const { result, release } = await atTwoSizes({
    provinceCode,
    seed: 2025,
    runs: 30,
    warmUp: 3,
    cpuRuns: 5,
    request: async (officer) => {
      const get = async (url: string) => {
        const start = performance.now();
        const res = await officer.request('GET', url);
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return { ms, body: res.json() };
      };
      const overview = await get(overviewUrl);
      const monitoring = await get(monitoringUrl);
      let map = 0;
      for (const url of mapUrls) map += (await get(url)).ms;
      const population = (
        overview.body as { indicators: Array<{ code: string; value: number }> }
      ).indicators.find((x) => x.code === 'POP')?.value as number;
      return {
        ms: overview.ms + monitoring.ms,
        parts: { overview: overview.ms, monitoring: monitoring.ms, map },
        seen: { population },
      };
    },
  });
  try {
    const { value, ok } = verdict(result, maxP95, (seen) => seen.population > 0);
    return {
      value,
      ok,
      details: {
        summary: `${period}, page (overview + monitoring): ${sizesSummary(result)}; map p95 ${result.sizes.map((s) => s.parts.map?.p95).join(' / ')} ms; load ${loadAtStart[0]}`,
        period,
        sizes: result.sizes,
        ratio: result.ratio,
        sameTime: result.sameTime,
        prepareNote:
          'prepareMs: the last three years of month-end stocks computed before timing, as the server does in the background when it starts; firstRequestMs: the first page after it',
        path: `app.inject (no network) as the province officer: GET ${overviewUrl} then GET ${monitoringUrl}; map: ${mapUrls.join(', ')}`,
        machine: await machine(result.database, loadAtStart),
      },
    };
  } finally {
    await release();
  }
}
