import { randomBytes } from 'node:crypto';
import { type Actor, DomainError, makeUuidV7, vietNamDate } from '@danso/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAggregatesMatchRegister } from '../../../test/aggregate-checks.ts';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { firstCommuneOfficer, movingInWoman } from '../../../test/fixtures.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { AuditService } from '../audit/audit.service.ts';
import { seedProvince } from '../seed/index.ts';
import { ChangesService } from './changes.service.ts';

/**
 * After any sequence of submitted and approved changes, the aggregates the reports read equal a direct
 * count over the register: this month's stock equals the people alive, present and not merged by area,
 * sex and age at the month's end; so do the women of 15–49 by age group, marital status and contraceptive
 * method, and the households with someone living in them; the flow counts of births, deaths, arrivals and
 * departures equal the approved changes (a whole household's departure counts each of its members).
 */
const newId = () => makeUuidV7(Date.now(), randomBytes(10));
const daysAgo = (n: number) => vietNamDate(new Date(Date.now() - n * 86_400_000));
const today = daysAgo(0);
const monthStart = `${today.slice(0, 7)}-01`;

type Op = {
  kind:
    | 'birth'
    | 'death'
    | 'move_out'
    | 'move_out_household'
    | 'move_in'
    | 'marriage'
    | 'contraception'
    | 'void';
  pick: number;
  day: number;
  approve: boolean;
};

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(
    'birth',
    'death',
    'move_out',
    'move_out_household',
    'move_in',
    'marriage',
    'contraception',
    'void',
  ),
  pick: fc.nat(),
  // Within this month, so the event is in the stock being checked whatever the day of the month.
  day: fc.integer({ min: 0, max: Math.max(0, Number(today.slice(8, 10)) - 1) }),
  approve: fc.boolean(),
});

describe.each(engines)('aggregates after random approvals on %s', (engine) => {
  let t: TestDatabase;
  let changes: ChangesService;
  let officer: Actor;
  let commune = '';

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 800, seed: 3 });
    ({ officer, commune } = await firstCommuneOfficer(t.database));
    changes = new ChangesService(t.database, new AuditService(t.database));
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  async function present(filter: 'women' | 'any' | 'married_women' | 'contraception' | 'single_adults') {
    const rows = await sql<{
      id: string;
      household_id: string;
      birth_date: string;
      sex: number;
      contraceptive_method: string | null;
    }>`
      SELECT id, household_id, birth_date, sex, contraceptive_method FROM person
      WHERE commune_code = ${commune} AND vital_status = 'alive' AND presence = 'present' AND merged_into_id IS NULL
        AND birth_date < current_date - interval '1 year'
        ${filter === 'women' || filter === 'married_women' || filter === 'contraception' ? sql`AND sex = 2 AND birth_date BETWEEN current_date - interval '45 years' AND current_date - interval '20 years'` : sql``}
        ${filter === 'married_women' || filter === 'contraception' ? sql`AND marital_status = 'married'` : sql``}
        ${filter === 'single_adults' ? sql`AND marital_status = 'never_married' AND birth_date BETWEEN current_date - interval '50 years' AND current_date - interval '22 years'` : sql``}
      ORDER BY id`.execute(t.database.db);
    return rows.rows;
  }

  async function changeFor(op: Op): Promise<Record<string, unknown> | null> {
    const on = daysAgo(op.day);
    const base = {
      id: newId(),
      authorId: officer.userId,
      occurredOn: on,
      recordedAt: new Date().toISOString(),
      baseVersion: 0,
    };
    const pick = <T>(list: T[]) => (list.length === 0 ? null : (list[op.pick % list.length] as T));
    switch (op.kind) {
      case 'birth': {
        const mother = pick(await present('married_women'));
        if (!mother) return null;
        return {
          ...base,
          type: 'birth',
          householdId: mother.household_id,
          personId: newId(),
          payload: {
            fullName: 'Lương Văn Khang',
            sex: op.pick % 2 === 0 ? 1 : 2,
            ethnicityCode: '07',
            relationToHead: 'grandchild',
            birthPlace: 'health_station',
            birthOrder: 2,
            mother: {
              personId: mother.id,
              fullName: 'Mẹ',
              birthDate: mother.birth_date,
              birthDatePrecision: 'day',
            },
          },
        };
      }
      case 'death':
      case 'move_out':
      case 'marriage': {
        const person = pick(await present(op.kind === 'marriage' ? 'single_adults' : 'any'));
        if (!person) return null;
        const payload =
          op.kind === 'death'
            ? {}
            : op.kind === 'move_out'
              ? { scope: 'person', destination: { provinceCode: '01' } }
              : {
                  spouse: {
                    fullName: 'Vợ hoặc chồng',
                    sex: person.sex === 1 ? 2 : 1,
                    birthDate: '1995-05-05',
                    birthDatePrecision: 'day',
                  },
                  childMarriage: false,
                  consanguineous: false,
                };
        return { ...base, type: op.kind, householdId: person.household_id, personId: person.id, payload };
      }
      case 'move_out_household': {
        const person = pick(await present('any'));
        if (!person) return null;
        return {
          ...base,
          type: 'move_out',
          householdId: person.household_id,
          payload: { scope: 'household', destination: { provinceCode: '26' } },
        };
      }
      case 'move_in': {
        const host = pick(await present('any'));
        if (!host) return null;
        return {
          ...base,
          type: 'move_in',
          householdId: host.household_id,
          personId: newId(),
          payload: {
            person: movingInWoman,
            from: { provinceCode: '04' },
          },
        };
      }
      case 'void': {
        // A correction that voids an approved change nobody has corrected yet.
        const approved = await sql<{ id: string; household_id: string; person_id: string | null }>`
          SELECT id, household_id, person_id FROM change_record
          WHERE status = 'approved' AND corrected_by_change_id IS NULL AND type NOT IN ('correction', 'transfer', 'household_new', 'household_split', 'head_change')
          ORDER BY id`.execute(t.database.db);
        const target = pick(approved.rows);
        if (!target) return null;
        return {
          ...base,
          occurredOn: today,
          type: 'correction',
          householdId: target.household_id,
          ...(target.person_id ? { personId: target.person_id } : {}),
          payload: { action: 'void', correctsChangeId: target.id, reason: 'Ghi nhầm.' },
        };
      }
      case 'contraception': {
        const woman = pick(await present('contraception'));
        if (!woman) return null;
        return woman.contraceptive_method
          ? {
              ...base,
              type: 'contraception_stop',
              householdId: woman.household_id,
              personId: woman.id,
              payload: { method: woman.contraceptive_method },
            }
          : {
              ...base,
              type: 'contraception_start',
              householdId: woman.household_id,
              personId: woman.id,
              payload: { method: 'pill', livingChildren: 1, site: 'health_station' },
            };
      }
    }
  }

  async function run(op: Op) {
    const change = await changeFor(op);
    if (!change) return;
    try {
      const { change: submitted } = await changes.submit(officer, change);
      if (!op.approve && op.kind !== 'void') return;
      const acknowledgedRules = submitted.ruleResults
        .filter((r) => r.severity === 'warning')
        .map((r) => ({ code: r.code, path: r.path }));
      await changes.review(officer, submitted.id, { action: 'approve', acknowledgedRules });
    } catch (error) {
      // A random change the rules refuse (e.g. an event before the person entered the register) is fine.
      // So is a correction of a change that later changes build on.
      const expected = ['DANSO_ERR_CHANGE_INVALID', 'DANSO_ERR_CORRECTION_UNSUPPORTED'];
      if (!(error instanceof DomainError) || !expected.includes(error.code)) throw error;
    }
  }

  it('equal direct counts after long random sequences of submissions and approvals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 30 }), async (ops) => {
        for (const op of ops) await run(op);
        await expectAggregatesMatchRegister(t.database.db, '20', monthStart);
      }),
      { numRuns: 4, seed: 2026 },
    );
    // Not vacuous: the sequences approved many changes of every kind.
    const kinds = await sql<{ type: string; n: number }>`
      SELECT type, count(*)::int AS n FROM change_record WHERE status = 'approved' GROUP BY 1`.execute(
      t.database.db,
    );
    expect(kinds.rows.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThan(20);
    expect(kinds.rows.map((r) => r.type).sort()).toEqual(
      expect.arrayContaining(['birth', 'correction', 'death', 'marriage', 'move_in', 'move_out']),
    );
  }, 300_000);
});
