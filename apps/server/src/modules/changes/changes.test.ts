import { randomBytes } from 'node:crypto';
import { ageInCompletedYears, makeUuidV7, vietNamDate } from '@danso/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, Client } from '../../../test/fixtures.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { demoPassword } from '../seed/accounts.ts';
import { seedProvince } from '../seed/index.ts';

const newId = () => makeUuidV7(Date.now(), randomBytes(10));
/** Today in Viet Nam, as the server counts it (a day ahead of UTC from 17:00 UTC). */
const today = vietNamDate(new Date());
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const monthStart = `${today.slice(0, 7)}-01`;

describe.each(engines)('changes on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let officer: Client;
  let collaborator: Client;
  let collaboratorId = '';
  let commune = '';
  let area = '';
  let otherArea = '';
  let household = { id: '', motherId: '', motherBirth: '' };
  let otherHousehold = '';

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 1500, seed: 7 });
    const db = t.database.db;
    const ctv = await db
      .selectFrom('app_user as u')
      .innerJoin('user_area as ua', 'ua.user_id', 'u.id')
      .innerJoin('area as a', 'a.id', 'ua.area_id')
      .select(['u.id', 'u.username', 'a.id as area_id', 'a.commune_code'])
      .where('u.role', '=', 'collaborator')
      .orderBy('u.username')
      .executeTakeFirstOrThrow();
    collaboratorId = ctv.id;
    commune = ctv.commune_code;
    area = ctv.area_id;
    otherArea = (
      await db.selectFrom('area').select('id').where('commune_code', '<>', commune).executeTakeFirstOrThrow()
    ).id;
    // A married woman of 20–40 living in the collaborator's area: the mother of the birth below.
    const mother = await sql<{ id: string; household_id: string; birth_date: string }>`
      SELECT id, household_id, birth_date FROM person
      WHERE area_id = ${area} AND sex = 2 AND marital_status = 'married' AND birth_date_precision = 'day'
        AND birth_date BETWEEN (current_date - interval '40 years') AND (current_date - interval '20 years')
      ORDER BY id LIMIT 1`.execute(db);
    const m = mother.rows[0];
    if (!m) throw new Error('the seeded area has no mother');
    household = { id: m.household_id, motherId: m.id, motherBirth: m.birth_date };
    otherHousehold = (
      await db.selectFrom('household').select('id').where('area_id', '=', otherArea).executeTakeFirstOrThrow()
    ).id;

    app = await appFor(t.database);
    officer = new Client(app);
    collaborator = new Client(app);
    expect((await officer.login(`xa.${commune}`, demoPassword)).statusCode).toBe(200);
    expect((await collaborator.login(ctv.username, demoPassword)).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const envelope = (over: Record<string, unknown> = {}) => ({
    id: newId(),
    householdId: household.id,
    authorId: collaboratorId,
    occurredOn: daysAgo(2),
    recordedAt: new Date().toISOString(),
    baseVersion: 0,
    ...over,
  });

  const birth = (over: Record<string, unknown> = {}) => ({
    ...envelope(),
    type: 'birth',
    personId: newId(),
    payload: {
      fullName: 'Hoàng Thị Ánh Dương',
      sex: 2,
      ethnicityCode: '02',
      relationToHead: 'grandchild',
      birthPlace: 'hospital',
      birthOrder: 1,
      mother: {
        personId: household.motherId,
        fullName: 'Mẹ',
        birthDate: household.motherBirth,
        birthDatePrecision: 'day',
      },
    },
    ...over,
  });

  async function count(table: 'person' | 'change_record', id: string) {
    const row = await t.database.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    return row ? 1 : 0;
  }

  async function flows(event: string) {
    const r = await sql<{
      n: number;
    }>`SELECT coalesce(sum(n), 0)::int AS n FROM flow_count WHERE area_id = ${area} AND event = ${event}`.execute(
      t.database.db,
    );
    return r.rows[0]?.n ?? 0;
  }

  async function approve(id: string, acknowledge = true) {
    const detail = (await officer.request('GET', `/api/v1/changes/${id}`)).json();
    const acknowledgedRules = acknowledge
      ? detail.change.ruleResults
          .filter((r: { severity: string }) => r.severity === 'warning')
          .map((r: { code: string; path: string }) => ({ code: r.code, path: r.path }))
      : [];
    return officer.request('POST', `/api/v1/changes/${id}/review`, { action: 'approve', acknowledgedRules });
  }

  it('records a birth once, however often it is sent, and refuses another change under the same id', async () => {
    const change = birth();
    const first = await collaborator.request('POST', '/api/v1/changes', change);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().change.status).toBe('submitted');
    const again = await collaborator.request('POST', '/api/v1/changes', change);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replay: true, change: { id: change.id, status: 'submitted' } });
    const forged = await collaborator.request('POST', '/api/v1/changes', {
      ...change,
      payload: { ...change.payload, fullName: 'Tên khác' },
    });
    expect(forged.statusCode).toBe(409);
    expect(forged.json().error.code).toBe('DANSO_ERR_CHANGE_ID_REUSED');
    expect(await count('person', change.personId)).toBe(0);
  });

  it('answers the same change sent twice at once with one record and a repeat', async () => {
    const change = birth();
    const answers = await Promise.all([
      collaborator.request('POST', '/api/v1/changes', change),
      collaborator.request('POST', '/api/v1/changes', change),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect(answers.map((a) => a.json().change.id)).toEqual([change.id, change.id]);
    expect(await count('change_record', change.id)).toBe(1);
  });

  it('refuses a change for a household outside her area, and a change breaking a rule, storing nothing', async () => {
    const outside = birth({ householdId: otherHousehold });
    const res = await collaborator.request('POST', '/api/v1/changes', outside);
    expect(res.statusCode).toBe(404);
    expect(await count('change_record', outside.id)).toBe(0);
    const future = birth({ occurredOn: '2099-01-01' });
    const bad = await collaborator.request('POST', '/api/v1/changes', future);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('DANSO_ERR_CHANGE_INVALID');
    expect(bad.json().error.details.length).toBeGreaterThan(0);
    expect(await count('change_record', future.id)).toBe(0);
  });

  it('lets only officers decide: approving a birth adds the child, her history and the counts', async () => {
    const change = birth();
    expect((await collaborator.request('POST', '/api/v1/changes', change)).statusCode).toBe(201);
    const byAuthor = await collaborator.request('POST', `/api/v1/changes/${change.id}/review`, {
      action: 'approve',
    });
    expect(byAuthor.statusCode).toBe(409);
    const birthsBefore = await flows('birth');
    const approved = await approve(change.id);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect(await count('person', change.personId)).toBe(1);
    expect(await flows('birth')).toBe(birthsBefore + 1);
    const population = (
      await officer.request('GET', `/api/v1/population/residents?unitCode=${commune}&date=${today}&limit=500`)
    ).json();
    expect(population.items.some((p: { personId: string }) => p.personId === change.personId)).toBe(true);
    const before = (
      await officer.request(
        'GET',
        `/api/v1/population/residents?unitCode=${commune}&date=${daysAgo(3)}&limit=500`,
      )
    ).json();
    expect(before.items.some((p: { personId: string }) => p.personId === change.personId)).toBe(false);
  });

  it('returns a change with a reason; the corrected change is resubmitted and approved', async () => {
    const change = birth();
    await collaborator.request('POST', '/api/v1/changes', change);
    const noReason = await officer.request('POST', `/api/v1/changes/${change.id}/review`, {
      action: 'return',
    });
    expect(noReason.statusCode).toBe(400);
    const returned = await officer.request('POST', `/api/v1/changes/${change.id}/review`, {
      action: 'return',
      reason: 'Sai tên trẻ, đề nghị kiểm tra lại.',
    });
    expect(returned.json()).toMatchObject({
      status: 'returned',
      lastReason: 'Sai tên trẻ, đề nghị kiểm tra lại.',
    });
    const corrected = { ...change, payload: { ...change.payload, fullName: 'Hoàng Thị Ánh Nguyệt' } };
    const resubmitted = await collaborator.request('POST', `/api/v1/changes/${change.id}/review`, {
      action: 'resubmit',
      change: corrected,
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json().status).toBe('submitted');
    // The phone repeating its first send after the resubmission changes nothing.
    const replay = await collaborator.request('POST', '/api/v1/changes', change);
    expect(replay.json()).toMatchObject({ replay: true, change: { status: 'submitted' } });
    expect((await approve(change.id)).json().status).toBe('approved');
    const person = await t.database.db
      .selectFrom('person')
      .select('full_name')
      .where('id', '=', change.personId)
      .executeTakeFirstOrThrow();
    expect(person.full_name).toBe('Hoàng Thị Ánh Nguyệt');
  });

  it('keeps a change that contradicts the register as a conflict, with both versions', async () => {
    const person = await t.database.db
      .selectFrom('person')
      .select(['id', 'household_id'])
      .where('area_id', '=', area)
      .where('vital_status', '=', 'alive')
      .where('relation_to_head', '<>', 'head')
      .where('birth_date', '<', '1960-01-01')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const death = (day: number) => ({
      ...envelope({ householdId: person.household_id, occurredOn: daysAgo(day) }),
      type: 'death',
      personId: person.id,
      payload: {},
    });
    const first = death(5);
    const second = death(4);
    expect((await collaborator.request('POST', '/api/v1/changes', first)).statusCode).toBe(201);
    expect((await collaborator.request('POST', '/api/v1/changes', second)).statusCode).toBe(201);
    const deathsBefore = await flows('death');
    expect((await approve(first.id)).json().status).toBe('approved');
    const clash = await approve(second.id);
    expect(clash.json().status).toBe('conflict');
    expect(await flows('death')).toBe(deathsBefore + 1);
    const detail = (await officer.request('GET', `/api/v1/changes/${second.id}`)).json();
    expect(detail.change.conflict.reasons.map((r: { code: string }) => r.code)).toContain(
      'DANSO_CONFLICT_PERSON_DEAD',
    );
    expect(detail.register.person.vitalStatus).toBe('dead');
    const inbox = (await officer.request('GET', `/api/v1/changes?communeCode=${commune}`)).json();
    expect(inbox.items[0].status).toBe('conflict');
    const rejected = await officer.request('POST', `/api/v1/changes/${second.id}/review`, {
      action: 'reject',
      reason: 'Trùng với biến động chết đã duyệt.',
    });
    expect(rejected.json().status).toBe('rejected');
  });

  it('corrects an approved death: the person lives again, and a later change blocks a correction', async () => {
    const person = await t.database.db
      .selectFrom('person')
      .select(['id', 'household_id'])
      .where('area_id', '=', area)
      .where('vital_status', '=', 'alive')
      .where('presence', '=', 'present')
      .where('relation_to_head', '<>', 'head')
      .where('birth_date', '<', '1970-01-01')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const death = {
      ...envelope({ householdId: person.household_id, occurredOn: daysAgo(3) }),
      type: 'death',
      personId: person.id,
      payload: {},
    };
    await collaborator.request('POST', '/api/v1/changes', death);
    expect((await approve(death.id)).json().status).toBe('approved');
    const total = async () =>
      (await officer.request('GET', `/api/v1/population?unitCode=${commune}&date=${today}`)).json()
        .total as number;
    const afterDeath = await total();
    const correction = {
      ...envelope({ householdId: person.household_id, occurredOn: today }),
      authorId: (await officer.request('GET', '/api/v1/auth/session')).json().user.id,
      type: 'correction',
      personId: person.id,
      payload: { action: 'void', correctsChangeId: death.id, reason: 'Nhầm người: người này vẫn còn sống.' },
    };
    const submitted = await officer.request('POST', '/api/v1/changes', correction);
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await approve(correction.id)).json().status).toBe('approved');
    const row = await t.database.db
      .selectFrom('person')
      .select(['vital_status', 'death_date'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ vital_status: 'alive', death_date: null });
    expect(await total()).toBe(afterDeath + 1);
  });

  it('flags a person added twice, lists the pair and merges them so nobody is counted twice', async () => {
    const existing = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('area_id', '=', area)
      .where('vital_status', '=', 'alive')
      .where('presence', '=', 'present')
      .where('merged_into_id', 'is', null)
      .where('birth_date', '<', '1990-01-01')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const change = {
      ...envelope({ householdId: existing.household_id, occurredOn: daysAgo(1) }),
      type: 'move_in',
      personId: newId(),
      payload: {
        person: {
          fullName: existing.full_name.toUpperCase(),
          relationToHead: 'other',
          sex: existing.sex,
          birthDate: existing.birth_date,
          birthDatePrecision: existing.birth_date_precision,
          ethnicityCode: existing.ethnicity_code,
          maritalStatus: existing.marital_status,
          residenceStatus: 'temporary',
        },
        from: { provinceCode: '01' },
      },
    };
    const submitted = await collaborator.request('POST', '/api/v1/changes', change);
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json().change.duplicates.map((d: { personId: string }) => d.personId)).toContain(
      existing.id,
    );
    expect((await approve(change.id)).json().status).toBe('approved');
    const residents = async () =>
      (await officer.request('GET', `/api/v1/population?unitCode=${commune}&date=${today}`)).json()
        .total as number;
    const before = await residents();
    const listed = (await officer.request('GET', `/api/v1/duplicates?communeCode=${commune}`)).json();
    const pair = listed.pairs.find((p: { a: { id: string }; b: { id: string } }) =>
      [p.a.id, p.b.id].includes(change.personId),
    );
    expect(pair).toBeDefined();
    const merge = { keptId: existing.id, mergedId: change.personId, reason: 'Cùng một người, ghi hai lần.' };
    expect((await collaborator.request('POST', '/api/v1/duplicates/merge', merge)).statusCode).toBe(403);
    const merged = await officer.request('POST', '/api/v1/duplicates/merge', merge);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await residents()).toBe(before - 1);
    expect((await officer.request('POST', '/api/v1/duplicates/merge', merge)).statusCode).toBe(409);
  });

  it('keeps the aggregates equal to a direct count over the register', async () => {
    const db = t.database.db;
    // Approvals mark their areas' stocks stale; the server computes them again in the background soon after.
    for (let waited = 0; ; waited += 50) {
      const stale = await sql<{ n: number }>`SELECT count(*)::int AS n FROM stock_stale`.execute(db);
      if (stale.rows[0]?.n === 0) break;
      expect(waited, 'stale stocks still waiting after 15 s').toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Month-end stock of this month: everyone alive and present, by sex and age at the month's end.
    const monthEnd = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const people = await db
      .selectFrom('person')
      .select(['sex', 'birth_date', 'area_id', 'residence_status'])
      .where('province_code', '=', '20')
      .where('vital_status', '=', 'alive')
      .where('presence', '=', 'present')
      .where('merged_into_id', 'is', null)
      .execute();
    const direct = new Map<string, number>();
    for (const p of people) {
      const key = `${p.area_id}|${p.sex}|${ageInCompletedYears(p.birth_date, monthEnd)}`;
      direct.set(key, (direct.get(key) ?? 0) + 1);
    }
    const stock = await sql<{ area_id: string; sex: number; age: number; n: number }>`
      SELECT area_id, sex, age, sum(n)::int AS n FROM stock_month WHERE month = ${monthStart}::date GROUP BY 1, 2, 3`.execute(
      db,
    );
    const fromStock = new Map(stock.rows.map((r) => [`${r.area_id}|${r.sex}|${r.age}`, r.n]));
    expect(fromStock).toEqual(direct);
    // Flow counts: births and deaths equal the approved changes.
    const approved = await sql<{ type: string; n: number }>`
      SELECT type, count(*)::int AS n FROM change_record
      WHERE status = 'approved' AND corrected_by_change_id IS NULL GROUP BY 1`.execute(db);
    const counted = await sql<{
      event: string;
      n: number;
    }>`SELECT event, sum(n)::int AS n FROM flow_count GROUP BY 1`.execute(db);
    for (const type of ['birth', 'death']) {
      expect(counted.rows.find((r) => r.event === type)?.n).toBe(
        approved.rows.find((r) => r.type === type)?.n,
      );
    }
  });

  it('answers the population on a date, on today’s boundaries and on those valid then', async () => {
    const date = '2025-06-15';
    const current = (
      await officer.request('GET', `/api/v1/population?unitCode=${commune}&date=${date}`)
    ).json();
    expect(current.total).toBeGreaterThan(0);
    const formers = await t.database.db
      .selectFrom('area_unit_history')
      .select('commune_code')
      .distinct()
      .where('valid_to', '=', '2025-07-01')
      .where(
        'area_id',
        'in',
        t.database.db.selectFrom('area').select('id').where('commune_code', '=', commune),
      )
      .execute();
    expect(formers.length).toBeGreaterThan(0);
    let sum = 0;
    for (const f of formers) {
      const res = await officer.request(
        'GET',
        `/api/v1/population?unitCode=${f.commune_code}&date=${date}&boundaries=historical`,
      );
      expect(res.statusCode, res.body).toBe(200);
      sum += res.json().total;
    }
    expect(sum).toBe(current.total);
    // The collaborator's own counts are aggregates of her place; another commune's people are not hers.
    const foreign = await collaborator.request(
      'GET',
      `/api/v1/population/residents?unitCode=${commune}&date=${today}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('never shows changes or residents to the central viewer, who still gets the counts', async () => {
    const central = new Client(app);
    expect((await central.login('trunguong', demoPassword)).statusCode).toBe(200);
    expect((await central.request('GET', `/api/v1/changes?communeCode=${commune}`)).statusCode).toBe(403);
    expect(
      (await central.request('GET', `/api/v1/population/residents?unitCode=${commune}&date=${today}`))
        .statusCode,
    ).toBe(403);
    expect((await central.request('GET', `/api/v1/population?unitCode=20&date=${today}`)).statusCode).toBe(
      200,
    );
    const other = new Client(app);
    const otherCommune = (
      await t.database.db
        .selectFrom('area')
        .select('commune_code')
        .where('id', '=', otherArea)
        .executeTakeFirstOrThrow()
    ).commune_code;
    expect((await other.login(`xa.${otherCommune}`, demoPassword)).statusCode).toBe(200);
    const inbox = (await other.request('GET', '/api/v1/changes')).json();
    expect(inbox.items.every((c: { communeCode: string }) => c.communeCode === otherCommune)).toBe(true);
    const some = (await officer.request('GET', `/api/v1/changes?communeCode=${commune}`)).json().items[0];
    expect((await other.request('GET', `/api/v1/changes/${some.id}`)).statusCode).toBe(404);
  });
});
