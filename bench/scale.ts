/**
 * The same read against the province at two sizes — 1,000,000 and 5,000,000 people by default — to show
 * that it reads aggregates and takes the same time whatever the population (targets in DESIGN.md §5: within
 * ±20 %). Both seeded databases are open at once and the requests go to each in turn, so both see the same
 * machine. `DANSO_BENCH_PEOPLE` sets the first size, `DANSO_BENCH_SCALE_PEOPLE` the second (0: measure the
 * first only). Before timing, each province's month-end stocks of the last three years are computed as the
 * server does in the background when it starts (`StockPreparer`); the time it took is reported.
 */
import type { Database } from '@danso/server/db/database.ts';
import { DASHBOARD_STOCK_MONTHS } from '@danso/server/modules/dashboards/dashboards.service.ts';
import { IndicatorsService } from '@danso/server/modules/indicators/indicators.service.ts';
import { demoPassword } from '@danso/server/modules/seed/accounts.ts';
import type { Client } from '../apps/server/test/fixtures.ts';
import { cachedProvince, cpuMeter, type Fixture, round, serverFor, stats } from './register-fixture.ts';

export const baseSize = Number(process.env.DANSO_BENCH_PEOPLE ?? 1_000_000);
export const largeSize = Number(process.env.DANSO_BENCH_SCALE_PEOPLE ?? 5_000_000);
/** The largest difference allowed between the two sizes' times (p50 and p95). */
export const scaleTolerance = 0.2;

export interface Timed<T> {
  /** Elapsed time of the whole request or page. */
  ms: number;
  /** Elapsed times of its parts, when it has several. */
  parts?: Record<string, number>;
  /** What the answer showed (checked by the caller). */
  seen: T;
}

export interface SizeResult<T> {
  people: number;
  database: string;
  prepareMs: number;
  monthsPrepared: number;
  firstRequestMs: number;
  ms: ReturnType<typeof stats>;
  parts: Record<string, ReturnType<typeof stats>>;
  cpuMsPerRequest: ReturnType<ReturnType<typeof cpuMeter>['perOperation']>;
  seen: T;
}

export interface ScaleResult<T> {
  sizes: SizeResult<T>[];
  /** The second size's time over the first's (null when only one size was measured). */
  ratio: { p50: number; p95: number } | null;
  /** Whether both ratios are within ±20 % (true when only one size was measured). */
  sameTime: boolean;
  /** The first size's database, for the machine's description. */
  database: Database;
}

/**
 * Runs `request` as the province officer `warmUp + runs` times against each size in turn (the first
 * `warmUp` untimed), then `cpuRuns` more to measure the CPU a request costs. `release` closes everything.
 */
export async function atTwoSizes<T>(options: {
  provinceCode: string;
  seed: number;
  runs: number;
  warmUp: number;
  cpuRuns: number;
  request: (client: Client) => Promise<Timed<T>>;
}): Promise<{ result: ScaleResult<T>; release: () => Promise<void> }> {
  const sizes = [baseSize, ...(largeSize > 0 && largeSize !== baseSize ? [largeSize] : [])];
  const opened: Array<{
    people: number;
    fixture: Fixture;
    server: Awaited<ReturnType<typeof serverFor>>;
    officer: Client;
    prepareMs: number;
    monthsPrepared: number;
    firstRequestMs: number;
    samples: number[];
    parts: Record<string, number[]>;
    seen?: T;
  }> = [];
  const release = async () => {
    for (const size of opened) {
      await size.server.app.close().catch(() => {});
      await size.fixture.release();
    }
  };
  try {
    for (const people of sizes) {
      const fixture = await cachedProvince({
        provinceCode: options.provinceCode,
        people,
        seed: options.seed,
      });
      const started = performance.now();
      console.log(
        `  ${people.toLocaleString('en')} people: computing the last three years of month-end stocks`,
      );
      const monthsPrepared = await new IndicatorsService(fixture.database).prepareStock(
        options.provinceCode,
        DASHBOARD_STOCK_MONTHS,
        { onChunk: ({ left }) => console.log(`    ${left} months left`) },
      );
      const prepareMs = performance.now() - started;
      const server = await serverFor(fixture.database);
      const officer = await server.login(`tinh.${options.provinceCode}`, demoPassword);
      opened.push({
        people,
        fixture,
        server,
        officer,
        prepareMs,
        monthsPrepared,
        firstRequestMs: 0,
        samples: [],
        parts: {},
      });
    }
    for (let i = 0; i < options.warmUp + options.runs; i++) {
      for (const size of opened) {
        const timed = await options.request(size.officer);
        size.seen = timed.seen;
        if (i === 0) size.firstRequestMs = timed.ms;
        if (i < options.warmUp) continue;
        size.samples.push(timed.ms);
        for (const [part, ms] of Object.entries(timed.parts ?? {}))
          size.parts[part] = [...(size.parts[part] ?? []), ms];
      }
    }
    const results: SizeResult<T>[] = [];
    for (const size of opened) {
      const meter = cpuMeter(size.fixture.name);
      for (let i = 0; i < options.cpuRuns; i++) await options.request(size.officer);
      results.push({
        people: size.people,
        database: size.fixture.seededNow ? 'seeded by this run' : `reused ${size.fixture.name}`,
        prepareMs: round(size.prepareMs),
        monthsPrepared: size.monthsPrepared,
        firstRequestMs: round(size.firstRequestMs),
        ms: stats(size.samples),
        parts: Object.fromEntries(Object.entries(size.parts).map(([part, ms]) => [part, stats(ms)])),
        cpuMsPerRequest: meter.perOperation(options.cpuRuns),
        seen: size.seen as T,
      });
    }
    const [base, large] = results;
    const ratio =
      base && large
        ? { p50: round(large.ms.p50 / base.ms.p50, 2), p95: round(large.ms.p95 / base.ms.p95, 2) }
        : null;
    const sameTime =
      ratio === null ||
      (Math.abs(ratio.p50 - 1) <= scaleTolerance && Math.abs(ratio.p95 - 1) <= scaleTolerance);
    return {
      result: {
        sizes: results,
        ratio,
        sameTime,
        database: (opened[0] as (typeof opened)[0]).fixture.database,
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * The benchmark's value (the first size's p95) and whether it passed: every size within `maxP95`, each
 * answer as expected (`seenOk`), and the same time at both sizes.
 */
export function verdict<T>(result: ScaleResult<T>, maxP95: number, seenOk: (seen: T) => boolean) {
  const base = result.sizes[0];
  if (!base) throw new Error('no size measured');
  return {
    base,
    value: base.ms.p95,
    ok: result.sizes.every((s) => s.ms.p95 <= maxP95 && seenOk(s.seen)) && result.sameTime,
  };
}

/** One line per size for a summary: "1,000,000: p95 … ms, p50 … ms". */
export function sizesSummary(result: ScaleResult<unknown>): string {
  const lines = result.sizes.map(
    (s) => `${s.people.toLocaleString('en')} people p95 ${s.ms.p95} ms, p50 ${s.ms.p50} ms`,
  );
  const ratio = result.ratio
    ? `; ${result.sizes[1]?.people.toLocaleString('en')} / ${result.sizes[0]?.people.toLocaleString('en')}: p50 ×${result.ratio.p50}, p95 ×${result.ratio.p95} (${result.sameTime ? 'within' : 'NOT within'} ±${scaleTolerance * 100} %)`
    : '';
  return `${lines.join('; ')}${ratio}`;
}
