import { randomBytes } from 'node:crypto';
import { type Actor, ageInCompletedYears, makeUuidV7, type PlaceScope, vietNamDate } from '@danso/domain';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { firstCommuneOfficer, movingInWoman } from '../../../test/fixtures.ts';
import type { DB } from '../../db/schema.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { AuditService } from '../audit/audit.service.ts';
import { ChangesService } from '../changes/changes.service.ts';
import { personYears, populationOn } from '../projections/projections.repository.ts';
import { seedProvince } from '../seed/index.ts';
import { type Boundaries, populationBySexAge } from './population.repository.ts';

/**
 * The population at a date and the projections' base population and person-years are counted from the
 * residence intervals alone, which carry a copy of their person's sex and birth date. After approved births,
 * deaths, departures, arrivals, corrected sexes and birth dates and a correction taking one back, the copies
 * equal the people's, and every count equals one made here from the intervals joined to the people. The
 * intervals' row-level security lets through exactly the rows danso_place_visible accepts, in every scope.
 */
const newId = () => makeUuidV7(Date.now(), randomBytes(10));
const daysAgo = (n: number) => vietNamDate(new Date(Date.now() - n * 86_400_000));
const today = daysAgo(0);
const national: PlaceScope = { kind: 'national' };

interface Stay {
  id: number;
  area_id: string;
  province_code: string;
  commune_code: string;
  valid_from: string;
  valid_to: string | null;
  sex: number;
  birth_date: string;
}

/** The date `years` after a birth date, 29 February becoming 28 February in common years (as in SQL). */
function anniversary(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const holdsOn = (s: Stay, date: string) => s.valid_from <= date && (s.valid_to === null || s.valid_to > date);

/** Sums by key, leaving out keys that sum to nothing (as the arrays below do). */
function tally(entries: Iterable<[string, number]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, n] of entries) counts.set(key, (counts.get(key) ?? 0) + n);
  for (const [key, n] of counts) if (n === 0) counts.delete(key);
  return counts;
}

const dayBefore = (date: string) => new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * Person-years of stays in [from, to) by sex and single age (100 and over together): each stay cut at the
 * window's ends and at the birthdays between its first and its last day.
 */
function directPersonYears(stays: readonly Stay[], from: string, to: string): Map<string, number> {
  return tally(
    stays.flatMap((stay) => {
      const start = later(later(stay.valid_from, from), stay.birth_date);
      const end = stay.valid_to === null ? to : earlier(stay.valid_to, to);
      if (end <= start) return [];
      const pieces: [string, number][] = [];
      const last = ageInCompletedYears(stay.birth_date, dayBefore(end));
      for (let age = ageInCompletedYears(stay.birth_date, start); age <= last; age++) {
        const days = daysBetween(
          later(anniversary(stay.birth_date, age), start),
          earlier(anniversary(stay.birth_date, age + 1), end),
        );
        pieces.push([`${stay.sex}|${Math.min(age, 100)}`, days / 365.25]);
      }
      return pieces;
    }),
  );
}

function fromArrays(bySex: { male: number[]; female: number[] }): Map<string, number> {
  return new Map(
    [
      ...bySex.male.map((n, age) => [`1|${age}`, n] as const),
      ...bySex.female.map((n, age) => [`2|${age}`, n] as const),
    ].filter(([, n]) => n !== 0),
  );
}

describe.each(engines)('population from the residence intervals on %s', (engine) => {
  let t: TestDatabase;
  let changes: ChangesService;
  let officer: Actor;
  let commune = '';
  let formerCommunes: string[] = [];

  const scoped = <T>(scope: PlaceScope, fn: (trx: Transaction<DB>) => Promise<T>) =>
    t.database.scoped(scope, fn);

  async function pick(condition: ReturnType<typeof sql>) {
    const found = await sql<{ id: string; household_id: string; sex: number; birth_date: string }>`
      SELECT id, household_id, sex, birth_date FROM person
      WHERE commune_code = ${commune} AND vital_status = 'alive' AND presence = 'present' AND merged_into_id IS NULL
        AND birth_date_precision = 'day' AND personal_id IS NULL AND ${condition}
      ORDER BY id LIMIT 1`.execute(t.database.db);
    const row = found.rows[0];
    if (!row) throw new Error('the seeded commune has nobody to change');
    return row;
  }

  async function approve(change: Record<string, unknown>) {
    const { change: submitted } = await changes.submit(officer, {
      id: newId(),
      authorId: officer.userId,
      recordedAt: new Date().toISOString(),
      baseVersion: 0,
      ...change,
    });
    const acknowledgedRules = submitted.ruleResults
      .filter((r) => r.severity === 'warning')
      .map((r) => ({ code: r.code, path: r.path }));
    const reviewed = await changes.review(officer, submitted.id, { action: 'approve', acknowledgedRules });
    expect(reviewed.status).toBe('approved');
    return submitted.id;
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 1500, seed: 11 });
    ({ officer, commune } = await firstCommuneOfficer(t.database));
    changes = new ChangesService(t.database, new AuditService(t.database));
    const formers = await sql<{ commune_code: string }>`
      SELECT DISTINCT u.commune_code FROM area_unit_history u JOIN area a ON a.id = u.area_id
      WHERE a.commune_code = ${commune} AND u.valid_to IS NOT NULL ORDER BY 1`.execute(t.database.db);
    formerCommunes = formers.rows.map((r) => r.commune_code);

    const mother = await pick(
      sql`sex = 2 AND marital_status = 'married' AND birth_date BETWEEN current_date - interval '40 years' AND current_date - interval '20 years'`,
    );
    await approve({
      type: 'birth',
      occurredOn: daysAgo(40),
      householdId: mother.household_id,
      personId: newId(),
      payload: {
        fullName: 'Lương Văn Khang',
        sex: 1,
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
    });
    const dead = await pick(sql`birth_date < current_date - interval '60 years'`);
    await approve({
      type: 'death',
      occurredOn: daysAgo(30),
      householdId: dead.household_id,
      personId: dead.id,
      payload: {},
    });
    const leaver = await pick(
      sql`birth_date BETWEEN current_date - interval '40 years' AND current_date - interval '18 years'`,
    );
    await approve({
      type: 'move_out',
      occurredOn: daysAgo(20),
      householdId: leaver.household_id,
      personId: leaver.id,
      payload: { scope: 'person', destination: { provinceCode: '01' } },
    });
    await approve({
      type: 'move_in',
      occurredOn: daysAgo(10),
      householdId: mother.household_id,
      personId: newId(),
      payload: {
        person: movingInWoman,
        from: { provinceCode: '04' },
      },
    });
    // A sex and two birth dates corrected (one a year and more back, so the ages move), one of them undone.
    const resexed = await pick(sql`birth_date < current_date - interval '5 years' AND id <> ${dead.id}`);
    await approve({
      type: 'info_change',
      occurredOn: daysAgo(5),
      householdId: resexed.household_id,
      personId: resexed.id,
      payload: { items: [{ field: 'sex', from: resexed.sex, to: 3 - resexed.sex }] },
    });
    for (const undo of [false, true]) {
      const redated = await pick(
        sql`birth_date BETWEEN current_date - interval '50 years' AND current_date - interval '10 years'
            AND id NOT IN (${dead.id}, ${leaver.id}, ${resexed.id}) AND version = 0`,
      );
      const yearEarlier = anniversary(redated.birth_date, -1).replace(/-\d\d$/, '-01');
      const changeId = await approve({
        type: 'info_change',
        occurredOn: daysAgo(3),
        householdId: redated.household_id,
        personId: redated.id,
        payload: {
          items: [
            {
              field: 'birthDate',
              from: { date: redated.birth_date, precision: 'day' },
              to: { date: yearEarlier, precision: 'day' },
            },
          ],
        },
      });
      if (undo) {
        await approve({
          type: 'correction',
          occurredOn: today,
          householdId: redated.household_id,
          personId: redated.id,
          payload: { action: 'void', correctsChangeId: changeId, reason: 'Ghi nhầm.' },
        });
      }
    }
  }, 180_000);
  afterAll(async () => {
    await t?.drop();
  });

  /** The province's intervals with the sex and birth date read from the people, not from the copies. */
  async function stays(): Promise<Stay[]> {
    const result = await sql<Stay>`
      SELECT r.id, r.area_id, r.province_code, r.commune_code, r.valid_from, r.valid_to, p.sex, p.birth_date
      FROM residence_interval r JOIN person p ON p.id = r.person_id WHERE r.province_code = '20'`.execute(
      t.database.db,
    );
    return result.rows;
  }

  it('keeps each interval’s sex and birth date equal to its person’s', async () => {
    const result = await sql<{ intervals: number; joined: number; differing: number; corrected: number }>`
      SELECT (SELECT count(*)::int FROM residence_interval) AS intervals,
             count(*)::int AS joined,
             count(*) FILTER (WHERE r.sex <> p.sex OR r.birth_date <> p.birth_date)::int AS differing,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM change_record c
               WHERE c.person_id = p.id AND c.type = 'info_change' AND c.status = 'approved'
                 AND c.corrected_by_change_id IS NULL))::int AS corrected
      FROM residence_interval r JOIN person p ON p.id = r.person_id`.execute(t.database.db);
    const row = result.rows[0];
    expect(row?.joined).toBe(row?.intervals);
    expect(row?.differing).toBe(0);
    // Not vacuous: intervals of people whose sex or birth date was corrected are among them.
    expect(row?.corrected).toBeGreaterThanOrEqual(2);
  });

  it('counts people by sex and age on a date as the intervals joined to the people do', async () => {
    const all = await stays();
    const areaCommunes = await sql<{
      area_id: string;
      commune_code: string;
      valid_from: string | null;
      valid_to: string | null;
    }>`
      SELECT a.id AS area_id, a.commune_code, NULL::date AS valid_from, NULL::date AS valid_to FROM area a
      WHERE a.province_code = '20'`.execute(t.database.db);
    const history = await sql<{
      area_id: string;
      commune_code: string;
      valid_from: string | null;
      valid_to: string | null;
    }>`
      SELECT area_id, commune_code, valid_from, valid_to FROM area_unit_history WHERE province_code = '20'`.execute(
      t.database.db,
    );
    const inUnit = (rows: typeof history.rows, code: string, date: string) =>
      new Set(
        rows
          .filter(
            (u) => u.commune_code === code && (u.valid_from ?? date) <= date && (u.valid_to ?? '9999') > date,
          )
          .map((u) => u.area_id),
      );
    const direct = (areas: Set<string> | null, date: string) =>
      tally(
        all
          .filter((s) => holdsOn(s, date) && (areas === null || areas.has(s.area_id)))
          .map((s) => [`${s.sex}|${ageInCompletedYears(s.birth_date, date)}`, 1]),
      );
    const counted = async (
      scope: PlaceScope,
      place: { communeCode?: string; provinceCode?: string },
      date: string,
      boundaries: Boundaries,
    ) =>
      new Map(
        (await scoped(scope, (trx) => populationBySexAge(trx, place, date, boundaries))).map((r) => [
          `${r.sex}|${r.age}`,
          r.n,
        ]),
      );

    expect(formerCommunes.length).toBeGreaterThan(0);
    for (const date of ['2025-06-15', daysAgo(35), daysAgo(15), daysAgo(4), today]) {
      const current = direct(inUnit(areaCommunes.rows, commune, date), date);
      expect(current.size).toBeGreaterThan(0);
      expect(await counted(officer.scope, { communeCode: commune }, date, 'current')).toEqual(current);
      expect(await counted(national, { provinceCode: '20' }, date, 'current')).toEqual(direct(null, date));
      for (const former of formerCommunes) {
        const expected = direct(inUnit(history.rows, former, date), date);
        expect(await counted(officer.scope, { communeCode: former }, date, 'historical')).toEqual(expected);
      }
    }
  });

  it('gives the projections the base population and person-years of the intervals joined to the people', async () => {
    const all = await stays();
    for (const place of [
      { provinceCode: '20', communeCode: null },
      { provinceCode: '20', communeCode: commune },
    ]) {
      const ofPlace = all.filter((s) => place.communeCode === null || s.commune_code === place.communeCode);
      const scope: PlaceScope = place.communeCode ? officer.scope : { kind: 'province', provinceCode: '20' };
      for (const date of [daysAgo(35), today]) {
        const expected = tally(
          ofPlace
            .filter((s) => holdsOn(s, date))
            .map((s) => [`${s.sex}|${Math.min(ageInCompletedYears(s.birth_date, date), 100)}`, 1]),
        );
        expect(fromArrays(await scoped(scope, (trx) => populationOn(trx, place, date)))).toEqual(expected);
      }
      const from = `${Number(today.slice(0, 4)) - 3}-${today.slice(5, 7)}-01`;
      const to = `${today.slice(0, 7)}-01`;
      const expected = directPersonYears(ofPlace, from, to);
      const computed = fromArrays(await scoped(scope, (trx) => personYears(trx, place, from, to)));
      expect([...computed.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, years] of expected) expect(computed.get(key)).toBeCloseTo(years, 6);
    }
  });

  it('lets through the intervals danso_place_visible accepts, in every kind of scope', async () => {
    const area = await t.database.db
      .selectFrom('area')
      .select('id')
      .where('commune_code', '=', commune)
      .orderBy('number')
      .executeTakeFirstOrThrow();
    const ofCommune = { provinceCode: '20', communeCode: commune };
    const scopes: PlaceScope[] = [
      national,
      { kind: 'province', provinceCode: '20' },
      { kind: 'province', provinceCode: '01' },
      { kind: 'commune', ...ofCommune },
      { kind: 'areas', ...ofCommune, areaIds: [area.id] },
      { kind: 'areas', ...ofCommune, areaIds: [newId()] },
    ];
    for (const scope of scopes) {
      const visible = await scoped(scope, async (trx) =>
        (await sql<{ id: number }>`SELECT id FROM residence_interval ORDER BY id`.execute(trx)).rows.map(
          (r) => r.id,
        ),
      );
      // The same scope set without the application role: the owner sees every row and asks the function.
      const accepted = await t.database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('danso.scope_kind', ${scope.kind}, true),
                         set_config('danso.scope_province', ${'provinceCode' in scope ? scope.provinceCode : ''}, true),
                         set_config('danso.scope_commune', ${'communeCode' in scope ? scope.communeCode : ''}, true),
                         set_config('danso.scope_areas', ${'areaIds' in scope ? scope.areaIds.join(',') : ''}, true)`.execute(
          trx,
        );
        const rows = await sql<{ id: number }>`
          SELECT id FROM residence_interval WHERE danso_place_visible(province_code, commune_code, area_id)
          ORDER BY id`.execute(trx);
        return rows.rows.map((r) => r.id);
      });
      expect(visible).toEqual(accepted);
    }
    // Not vacuous: the scopes see the whole register, a commune and an area of it, or nothing; a scope set to
    // nothing sees nothing.
    const sizes = await Promise.all(
      scopes.map((scope) =>
        scoped(scope, async (trx) =>
          Number(
            (await sql<{ n: number }>`SELECT count(*)::int AS n FROM residence_interval`.execute(trx)).rows[0]
              ?.n,
          ),
        ),
      ),
    );
    const [all, province, otherProvince, ofTheCommune, ofTheArea, ofNoArea] = sizes as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    expect(province).toBe(all);
    expect(ofTheCommune).toBeGreaterThan(0);
    expect(ofTheCommune).toBeLessThan(province);
    expect(ofTheArea).toBeGreaterThan(0);
    expect(ofTheArea).toBeLessThanOrEqual(ofTheCommune);
    expect([otherProvince, ofNoArea]).toEqual([0, 0]);
    const unset = await t.database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', 'danso_app', true)`.execute(trx);
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM residence_interval`.execute(trx))
        .rows[0]?.n;
    });
    expect(unset).toBe(0);
  });
});
