import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { IndicatorsService } from './indicators.service.ts';

/** How often the server looks for months never computed (a new month, a province loaded meanwhile). */
export const STOCK_PREPARE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Keeps every province's month-end stocks of the last `months` months computed in the background, so that
 * no reader waits for months never computed: a province loaded or imported without them (stocks are written
 * only for the load month and the one before it), or a new month nobody has touched yet. It runs when the
 * server starts and then every hour, a province at a time and a few months to a transaction
 * (`IndicatorsService.prepareStock`); a run with nothing to compute costs one small query a province.
 */
export class StockPreparer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly indicators: IndicatorsService,
    private readonly options: {
      months: number;
      intervalMs: number;
      log: (line: string) => void;
      onError: (error: unknown) => void;
    },
  ) {}

  /** Runs now and then every interval until `close`. */
  start(): void {
    if (this.closed || this.timer) return;
    void this.run();
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass over the provinces with a register; a call during a pass waits for it instead. */
  run(): Promise<void> {
    if (this.running) return this.running;
    const pass = this.prepareAll().catch((error) => this.options.onError(error));
    this.running = pass.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops after the chunk in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async prepareAll(): Promise<void> {
    const provinces = await sql<{ province_code: string }>`
      SELECT DISTINCT province_code FROM area ORDER BY 1`.execute(this.database.db);
    for (const { province_code: province } of provinces.rows) {
      if (this.closed) return;
      const started = performance.now();
      const computed = await this.indicators.prepareStock(province, this.options.months, {
        stopped: () => this.closed,
        onChunk: ({ from, to, left }) =>
          this.options.log(
            `Tỉnh ${province}: đã tính số liệu cuối tháng ${from.slice(0, 7)}…${to.slice(0, 7)}, còn ${left} tháng ` +
              `(province ${province}: month-end stocks computed, ${left} months left)`,
          ),
      });
      if (computed > 0)
        this.options.log(
          `Tỉnh ${province}: xong ${computed} tháng số liệu cuối tháng trong ${Math.round((performance.now() - started) / 1000)} s ` +
            `(province ${province}: ${computed} months of stocks computed)`,
        );
    }
  }
}
