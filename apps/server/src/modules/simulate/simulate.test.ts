import { vietNamDate } from '@danso/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAggregatesMatchRegister,
  expectFlowSumsMatchCounts,
  expectStocksMatchIntervals,
} from '../../../test/aggregate-checks.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { registerFlowDimsets } from '../indicators/indicators.repository.ts';
import { refreshStock, runAll } from '../population/population.repository.ts';
import { seedProvince } from '../seed/index.ts';
import { monthsEnding, SimulateError, type SimulateReport, simulateMonths } from './simulate.service.ts';

/**
 * Three months of a small seeded province simulated through the real submission and review: plausible
 * rates, every change reviewed as planned, and aggregates that still equal direct counts over the register.
 */
const today = vietNamDate(new Date());
const monthStart = `${today.slice(0, 7)}-01`;

describe.each(engines)('simulated months on %s', (engine) => {
  let t: TestDatabase;
  let report: SimulateReport;
  const progress: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 3000, seed: 11 });
    // Flow sums registered before the changes are kept by each approval (checked with the aggregates).
    await registerFlowDimsets(t.database.db, [
      { event: 'birth', dims: ['sex', 'birthOrder'] },
      { event: 'death', dims: [] },
      { event: 'move_out', dims: ['destination', 'sex'] },
    ]);
    report = await simulateMonths(t.database, {
      provinceCode: '20',
      months: 3,
      seed: 2025,
      onProgress: (p) => progress.push(`${p.phase}:${p.month}:${p.communesDone}/${p.communes}`),
    });
  }, 600_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('sends every change through without a refusal or a conflict, month after month', () => {
    expect(report.failures).toEqual([]);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.sent).toBeGreaterThan(150);
    expect(report.months).toBe(3);
    expect(report.toMonth).toBe(today.slice(0, 7));
    const months = monthsEnding(today.slice(0, 7), 3).map((m) => m.slice(0, 7));
    expect(progress).toContain(`commune:${months[0]}:${report.communes}/${report.communes}`);
    expect(progress).toContain(`commune:${months[2]}:${report.communes}/${report.communes}`);
    expect(progress.at(-1)?.startsWith('stock:')).toBe(true);
  });

  it('has births and deaths per 1000 in a plausible band, and every kind of P0 change', () => {
    expect(report.perThousand.births).toBeGreaterThan(6);
    expect(report.perThousand.births).toBeLessThan(28);
    expect(report.perThousand.deaths).toBeGreaterThan(1.5);
    expect(report.perThousand.deaths).toBeLessThan(15);
    for (const type of [
      'birth',
      'death',
      'move_in',
      'move_out',
      'marriage',
      'contraception_start',
      'elderly_check',
    ]) {
      expect(report.byType[type as keyof typeof report.byType]?.approved ?? 0, type).toBeGreaterThan(0);
    }
  });

  it('approves, returns then approves, or rejects each change as planned, authored and reviewed by the demo accounts', async () => {
    const rows = await sql<{
      id: string;
      status: string;
      occurred_on: string;
      author: string;
      actions: string[];
      reviewers: string[];
    }>`
      SELECT c.id, c.status, c.occurred_on, u.username AS author,
             array_agg(a.action ORDER BY a.id) AS actions,
             array_agg(r.username ORDER BY a.id) FILTER (WHERE a.action IN ('approve', 'return', 'reject')) AS reviewers
      FROM change_record c JOIN app_user u ON u.id = c.author_id
      JOIN change_action a ON a.change_id = c.id LEFT JOIN app_user r ON r.id = a.actor_id
      WHERE c.province_code = '20' GROUP BY c.id, c.status, c.occurred_on, u.username`.execute(t.database.db);
    expect(rows.rows).toHaveLength(report.changes.length);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const expected = {
      approved: { status: 'approved', actions: ['submit', 'approve'] },
      returned_then_approved: { status: 'approved', actions: ['submit', 'return', 'resubmit', 'approve'] },
      rejected: { status: 'rejected', actions: ['submit', 'reject'] },
    };
    for (const change of report.changes) {
      const row = byId.get(change.id);
      expect(row, change.id).toBeDefined();
      expect({ status: row?.status, actions: row?.actions }).toEqual(expected[change.review]);
      expect((row?.occurred_on ?? '9999') <= today).toBe(true);
      expect(row?.author).toMatch(/^ctv\.\d{5}\.\d+$/);
      for (const reviewer of row?.reviewers ?? []) expect(reviewer).toMatch(/^xa\.\d{5}$/);
    }
    const share = (review: string) =>
      report.changes.filter((c) => c.review === review).length / report.changes.length;
    expect(share('returned_then_approved')).toBeGreaterThan(0.005);
    expect(share('returned_then_approved')).toBeLessThan(0.08);
    expect(share('rejected')).toBeGreaterThan(0);
    expect(share('rejected')).toBeLessThan(0.04);
    expect(report.totals.approved + report.totals.rejected).toBe(report.changes.length);
  });

  it('keeps the month-end stock and the flow counts equal to direct counts over the register', async () => {
    const db = t.database.db;
    await expectAggregatesMatchRegister(db, '20', monthStart);
    // Sets registered after the changes are filled from the flow counts.
    await registerFlowDimsets(db, [{ event: 'marriage', dims: ['ageGroup'] }]);
    expect(await expectFlowSumsMatchCounts(db, '20')).toBeGreaterThan(15);

    // Every simulated month has its stock, equal to the residence intervals open at its end.
    for (const month of monthsEnding(today.slice(0, 7), 3)) {
      const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
        .toISOString()
        .slice(0, 10);
      const counts = await sql<{ stock: number; intervals: number }>`
        SELECT (SELECT coalesce(sum(n), 0)::int FROM stock_month WHERE province_code = '20' AND month = ${month}::date) AS stock,
               (SELECT count(*)::int FROM residence_interval WHERE province_code = '20' AND valid_from <= ${end}::date
                  AND (valid_to IS NULL OR valid_to > ${end}::date)) AS intervals`.execute(db);
      expect(counts.rows[0]?.stock, month).toBeGreaterThan(2500);
      expect(counts.rows[0]?.stock, month).toBe(counts.rows[0]?.intervals);
    }
  });

  it('leaves married women of 15–49 using a method at a prevalence of 0.55–0.75', async () => {
    const result = await sql<{ users: number; women: number }>`
      SELECT count(*) FILTER (WHERE contraceptive_method IS NOT NULL)::int AS users, count(*)::int AS women
      FROM person WHERE province_code = '20' AND sex = 2 AND marital_status = 'married' AND vital_status = 'alive'
        AND presence = 'present' AND birth_date > ${today}::date - interval '50 years'
        AND birth_date <= ${today}::date - interval '15 years'`.execute(t.database.db);
    const { users, women } = result.rows[0] ?? { users: 0, women: 1 };
    expect(women).toBeGreaterThan(100);
    expect(users / women).toBeGreaterThan(0.55);
    expect(users / women).toBeLessThan(0.75);
  });

  it('computes three years of month-end stocks equal to a count person by person, month by month', async () => {
    const db = t.database.db;
    // Some people born on 29 February: their birthday comes a day late in a common year.
    await sql`UPDATE person SET birth_date = CASE WHEN sex = 2 THEN '2004-02-29'::date ELSE '1964-02-29'::date END
      WHERE id IN (SELECT id FROM person WHERE province_code = '20' AND vital_status = 'alive' ORDER BY id LIMIT 12)`.execute(
      db,
    );
    const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const fromMonth = `${year - 3}-${String(month).padStart(2, '0')}-01`;
    await db
      .transaction()
      .execute((trx) => runAll(trx, refreshStock({ provinceCode: '20', fromMonth, toMonth: monthStart })));
    await expectStocksMatchIntervals(db, '20', fromMonth, monthStart);
    const changed = await sql<{ n: number }>`
      SELECT count(DISTINCT person_id)::int AS n FROM status_interval WHERE province_code = '20'`.execute(db);
    expect(changed.rows[0]?.n, 'people whose status changed').toBeGreaterThan(10);
  });

  it('refuses a province without a register and bad options, writing nothing', async () => {
    await expect(
      simulateMonths(t.database, { provinceCode: '04', months: 1, seed: 1 }),
    ).rejects.toBeInstanceOf(SimulateError);
    await expect(
      simulateMonths(t.database, { provinceCode: '20', months: 0, seed: 1, endMonth: '2999-01' }),
    ).rejects.toThrow(/months|end month/);
  });
});
