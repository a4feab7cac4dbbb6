import { type Kysely, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { lockProvinceStock } from '../indicators/indicators.repository.ts';
import { earliestStockMonth, refreshStock, runAll } from './population.repository.ts';

/**
 * Marks areas' month-end stocks stale from a month on (the first of the month). Taken in the approval's
 * transaction, it commits with the change; an earlier month already marked stays.
 */
export async function markStockStale(
  ex: Executor,
  provinceCode: string,
  areaIds: readonly string[],
  fromMonth: string,
): Promise<void> {
  if (areaIds.length === 0) return;
  // In area order, so that approvals marking the same areas wait for each other rather than deadlock.
  await sql`
    INSERT INTO stock_stale (area_id, province_code, from_month)
    SELECT a.id, ${provinceCode}, ${fromMonth}::date FROM unnest(${[...areaIds].sort()}::uuid[]) AS a(id)
    ON CONFLICT (area_id) DO UPDATE SET from_month = least(stock_stale.from_month, excluded.from_month),
      marked_at = now()`.execute(ex);
}

/** The provinces with stale areas. */
export async function provincesWithStaleStock(ex: Executor): Promise<string[]> {
  const result = await sql<{ province_code: string }>`
    SELECT DISTINCT province_code FROM stock_stale ORDER BY 1`.execute(ex);
  return result.rows.map((r) => r.province_code);
}

/**
 * Computes again the month-end stocks of a province's stale areas, from each mark's month to `toMonth`, and
 * clears the marks, in one transaction under the province's stock lock (the lock that computing a whole
 * month takes too). A mark being written by an approval still running is waited for, so the stocks read
 * after this include every change approved before it began. Returns the number of areas brought up to date.
 */
export async function refreshStaleStock(
  db: Kysely<DB>,
  provinceCode: string,
  toMonth: string,
): Promise<number> {
  // Most reads find nothing stale: a mark still being cleared by a refresh in progress is seen here, and the
  // locked read below waits for that refresh.
  const any = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM stock_stale WHERE province_code = ${provinceCode}) AS found`.execute(db);
  if (!any.rows[0]?.found) return 0;
  return db.transaction().execute(async (trx) => {
    await lockProvinceStock(trx, provinceCode);
    const marks = await sql<{ area_id: string; from_month: string }>`
      SELECT area_id, from_month::text AS from_month FROM stock_stale
      WHERE province_code = ${provinceCode} ORDER BY area_id FOR UPDATE`.execute(trx);
    if (marks.rows.length === 0) return 0;
    const earliest = await earliestStockMonth(trx, provinceCode);
    if (earliest) {
      const byMonth = new Map<string, string[]>();
      for (const mark of marks.rows) {
        const from = [mark.from_month, earliest].sort()[1] as string; // months as ISO dates sort in time order
        byMonth.set(from, [...(byMonth.get(from) ?? []), mark.area_id]);
      }
      for (const [fromMonth, areaIds] of byMonth) {
        if (fromMonth <= toMonth) await runAll(trx, refreshStock({ areaIds, fromMonth, toMonth }));
      }
    }
    await sql`DELETE FROM stock_stale WHERE area_id = ANY(${marks.rows.map((m) => m.area_id)}::uuid[])`.execute(
      trx,
    );
    return marks.rows.length;
  });
}

/**
 * Brings stale stocks up to date in the background, a short while after approvals mark them, so that a
 * burst of approvals in the same areas costs one computation. `poke` after marking; `flush` to wait for
 * everything marked so far; `close` stops it (waiting for the run in progress).
 */
export class StockRefresher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Where a failed background run is reported. */
  onError: (error: unknown) => void = () => {};

  constructor(
    private readonly db: Kysely<DB>,
    private readonly currentMonth: () => string,
    private readonly delayMs: number,
  ) {}

  poke(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch((error) => this.onError(error));
    }, this.delayMs);
    this.timer.unref();
  }

  /** Refreshes every province with stale areas; a call during a run waits for it and runs again. */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
    const run = (async () => {
      for (const province of await provincesWithStaleStock(this.db)) {
        await refreshStaleStock(this.db, province, this.currentMonth());
      }
    })();
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
