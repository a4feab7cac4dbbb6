import { addMonths, firstDay, vietNamDate } from '@danso/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStocksMatchIntervals } from '../../../test/aggregate-checks.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { seedProvince } from '../seed/index.ts';
import { uncoveredMonths } from './indicators.repository.ts';
import { IndicatorsService } from './indicators.service.ts';
import { StockPreparer } from './stock-preparer.ts';

/** The first days of the last `count` months up to this one, oldest first. */
function lastMonths(count: number): string[] {
  const thisMonth = vietNamDate(new Date()).slice(0, 7);
  return Array.from({ length: count }, (_, i) => firstDay(addMonths(thisMonth, i - (count - 1))));
}

describe.each(engines)('month-end stocks prepared in the background on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 1500, seed: 5 });
  }, 300_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('computes every month never computed, a few months at a time, newest first, then has nothing to do', async () => {
    const months = lastMonths(13); // a year and the month before it
    expect((await uncoveredMonths(t.database.db, '20', months)).length).toBe(11); // the seed wrote two
    const lines: string[] = [];
    const errors: unknown[] = [];
    const preparer = new StockPreparer(t.database, new IndicatorsService(t.database), {
      months: 12,
      intervalMs: 3_600_000,
      log: (line) => lines.push(line),
      onError: (error) => errors.push(error),
    });
    await preparer.run();
    expect(errors).toEqual([]);
    expect(await uncoveredMonths(t.database.db, '20', months)).toEqual([]);
    expect(lines.filter((l) => l.includes('còn'))).toHaveLength(2); // 11 months in chunks of 6: 6 then 5
    expect(lines[0]).toContain(`${months[5]?.slice(0, 7)}…${months[10]?.slice(0, 7)}`);
    expect(lines.at(-1)).toMatch(/^Tỉnh 20: xong 11 tháng/);
    await expectStocksMatchIntervals(t.database.db, '20', months[0] as string, months[12] as string);

    lines.length = 0;
    await preparer.run();
    expect(lines).toEqual([]);
    await preparer.close();
  });
});
