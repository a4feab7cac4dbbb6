import { randomBytes, randomUUID } from 'node:crypto';
import { makeUuidV7 } from '@danso/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, buildWorld, Client, places } from '../../../test/fixtures.ts';

const newId = () => makeUuidV7(Date.now(), randomBytes(10));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * The rules of the changes that restructure households, through the API: a change of head leaves one head, a
 * household number is free in its area (else refused, or a conflict when it was taken while the change
 * waited), and a household goes only to a current area of its own commune. What is refused or in conflict
 * leaves the register as it was.
 */
describe.each(engines)('household changes on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let officer: Client;
  let province: Client;
  let collaborator: Client;
  const authors = { officer: '', province: '', collaborator: '' };
  let area1 = '';
  let area2 = '';
  /** The world's households of area 1, by number; each starts with its head alone. */
  const households = new Map<number, { id: string; headId: string }>();
  const family = { wife: randomUUID(), son: randomUUID() };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    const db = t.database.db;
    [area1, area2] = places.areas as [string, string];
    const rows = await db
      .selectFrom('household as h')
      .innerJoin('person as p', 'p.household_id', 'h.id')
      .select(['h.id', 'h.number', 'p.id as head_id'])
      .where('h.area_id', '=', area1)
      .execute();
    for (const r of rows) households.set(r.number, { id: r.id, headId: r.head_id });
    // Household 1 of area 1 gets a wife and a grown-up son.
    const first = households.get(1) as { id: string; headId: string };
    const member = (
      id: string,
      row: number,
      fullName: string,
      relation: string,
      sex: number,
      born: string,
    ) => ({
      id,
      province_code: places.province,
      commune_code: places.commune,
      area_id: area1,
      household_id: first.id,
      row_number: row,
      full_name: fullName,
      relation_to_head: relation,
      sex,
      birth_date: born,
      ethnicity_code: '01',
      marital_status: relation === 'child' ? 'never_married' : 'married',
    });
    await db
      .insertInto('person')
      .values([
        member(family.wife, 2, 'Hoàng Thị Mai', 'spouse', 2, '1982-03-04'),
        member(family.son, 3, 'Nguyễn Văn An', 'child', 1, '2004-07-08'),
      ])
      .execute();

    app = await appFor(t.database);
    officer = new Client(app);
    province = new Client(app);
    collaborator = new Client(app);
    for (const [client, username, key] of [
      [officer, 'xa.a', 'officer'],
      [province, 'tinh.20', 'province'],
      [collaborator, 'ctv.a1', 'collaborator'],
    ] as const) {
      expect((await client.login(username)).statusCode).toBe(200);
      authors[key] = (await client.request('GET', '/api/v1/auth/session')).json().user.id;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const registerVersion = async (): Promise<number> =>
    (await officer.request('GET', `/api/v1/changes?communeCode=${places.commune}&limit=1`)).json()
      .registerVersion;

  const change = async <Rest extends { type: string; payload: Record<string, unknown> }>(
    author: keyof typeof authors,
    householdId: string,
    rest: Rest,
  ) => ({
    id: newId(),
    householdId,
    authorId: authors[author],
    occurredOn: daysAgo(2),
    recordedAt: new Date().toISOString(),
    baseVersion: await registerVersion(),
    ...rest,
  });

  const clients = () => ({ officer, province, collaborator });
  const submit = (author: keyof typeof authors, body: Record<string, unknown>) =>
    clients()[author].request('POST', '/api/v1/changes', body);

  /** The codes of the rules a refusal lists. */
  const refusedFor = (res: LightMyRequestResponse): string[] => {
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('DANSO_ERR_CHANGE_INVALID');
    return res.json().error.details.map((d: { reason: string }) => d.reason);
  };

  async function approve(id: string) {
    const detail = (await officer.request('GET', `/api/v1/changes/${id}`)).json();
    const acknowledgedRules = detail.change.ruleResults
      .filter((r: { severity: string }) => r.severity === 'warning')
      .map((r: { code: string; path: string }) => ({ code: r.code, path: r.path }));
    const res = await officer.request('POST', `/api/v1/changes/${id}/review`, {
      action: 'approve',
      acknowledgedRules,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      status: string;
      conflict: { reasons: { code: string; registerValue?: unknown }[] } | null;
    };
  }

  const stored = async (id: string) =>
    (await t.database.db.selectFrom('change_record').select('id').where('id', '=', id).executeTakeFirst()) !==
    undefined;
  const household = (id: string) =>
    t.database.db.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirst();
  const presentHeads = async (householdId: string) =>
    (
      await t.database.db
        .selectFrom('person')
        .select('id')
        .where('household_id', '=', householdId)
        .where('relation_to_head', '=', 'head')
        .where('vital_status', '=', 'alive')
        .where('presence', '=', 'present')
        .execute()
    ).map((r) => r.id);

  it('refuses a change of head that leaves the old head as head; the right one leaves one head', async () => {
    const { id, headId } = households.get(1) as { id: string; headId: string };
    const forgotten = await change('collaborator', id, {
      type: 'head_change',
      payload: {
        newHeadPersonId: family.wife,
        relations: [{ personId: family.son, relationToHead: 'child' }],
      },
    });
    expect(refusedFor(await submit('collaborator', forgotten))).toEqual(['DANSO_RULE_HEAD_CHANGE_TWO_HEADS']);
    expect(await stored(forgotten.id)).toBe(false);
    expect(await presentHeads(id)).toEqual([headId]);

    const right = await change('collaborator', id, {
      type: 'head_change',
      payload: {
        newHeadPersonId: family.wife,
        relations: [
          { personId: headId, relationToHead: 'spouse' },
          { personId: family.son, relationToHead: 'child' },
        ],
      },
    });
    const submitted = await submit('collaborator', right);
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await approve(right.id)).status).toBe('approved');
    expect((await household(id))?.head_person_id).toBe(family.wife);
    expect(await presentHeads(id)).toEqual([family.wife]);
    const oldHead = await t.database.db
      .selectFrom('person')
      .select('relation_to_head')
      .where('id', '=', headId)
      .executeTakeFirstOrThrow();
    expect(oldHead.relation_to_head).toBe('spouse');
  });

  it('refuses a household number already used in the area, and a split or move to another commune', async () => {
    const taken = await change('officer', newId(), {
      type: 'household_new',
      payload: { areaId: area1, number: 2, kind: 'family' },
    });
    expect(refusedFor(await submit('officer', taken))).toEqual(['DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN']);
    expect(await stored(taken.id)).toBe(false);

    const { id: splitting } = households.get(1) as { id: string };
    const split = async (author: keyof typeof authors, areaId: string, number: number) =>
      change(author, splitting, {
        type: 'household_split',
        payload: {
          newHouseholdId: randomUUID(),
          areaId,
          number,
          kind: 'family',
          members: [{ personId: family.son, relationToHead: 'head' }],
        },
      });
    // Area 2 has households 1 and 2.
    const onTaken = await split('officer', area2, 1);
    expect(refusedFor(await submit('officer', onTaken))).toEqual(['DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN']);
    // The province officer sees both communes: the area is found, and belongs to the other one.
    const abroad = await split('province', places.otherCommuneArea, 9);
    expect(refusedFor(await submit('province', abroad))).toEqual(['DANSO_RULE_AREA_OTHER_COMMUNE']);
    // The commune officer does not see the other commune's areas at all.
    const unseen = await split('officer', places.otherCommuneArea, 9);
    expect(refusedFor(await submit('officer', unseen))).toEqual(['DANSO_RULE_AREA_NOT_FOUND']);

    const { id: moving } = households.get(2) as { id: string };
    const move = async (author: keyof typeof authors, toAreaId: string, number: number) =>
      change(author, moving, { type: 'transfer', payload: { scope: 'household', toAreaId, number } });
    const moveAbroad = await move('province', places.otherCommuneArea, 9);
    expect(refusedFor(await submit('province', moveAbroad))).toEqual(['DANSO_RULE_AREA_OTHER_COMMUNE']);
    const moveOnTaken = await move('officer', area2, 2);
    expect(refusedFor(await submit('officer', moveOnTaken))).toEqual(['DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN']);
    for (const refused of [onTaken, abroad, unseen, moveAbroad, moveOnTaken]) {
      expect(await stored(refused.id)).toBe(false);
    }
    expect(await household(moving)).toMatchObject({
      area_id: area1,
      number: 2,
      code: `${places.commune}-1-2`,
    });

    // The same changes with a free number in the commune's own area are approved.
    const good = await split('officer', area2, 7);
    expect((await submit('officer', good)).statusCode).toBe(201);
    expect((await approve(good.id)).status).toBe('approved');
    const splitOff = (good.payload as { newHouseholdId: string }).newHouseholdId;
    expect(await household(splitOff)).toMatchObject({
      area_id: area2,
      commune_code: places.commune,
      number: 7,
      code: `${places.commune}-2-7`,
      head_person_id: family.son,
    });
    const moved = await move('officer', area2, 5);
    expect((await submit('officer', moved)).statusCode).toBe(201);
    expect((await approve(moved.id)).status).toBe('approved');
    expect(await household(moving)).toMatchObject({
      area_id: area2,
      number: 5,
      code: `${places.commune}-2-5`,
    });
  });

  it('takes two waiting changes for one number, approves the first and keeps the second as a conflict', async () => {
    const code = `${places.commune}-1-10`;
    const first = await change('collaborator', newId(), {
      type: 'household_new',
      payload: { areaId: area1, number: 10, kind: 'family' },
    });
    const second = await change('collaborator', newId(), {
      type: 'household_new',
      payload: { areaId: area1, number: 10, kind: 'collective' },
    });
    // Neither is in the register yet: both wait.
    expect((await submit('collaborator', first)).statusCode).toBe(201);
    expect((await submit('collaborator', second)).statusCode).toBe(201);
    expect((await approve(first.id)).status).toBe('approved');
    const clash = await approve(second.id);
    expect(clash.status).toBe('conflict');
    expect(clash.conflict?.reasons).toContainEqual(
      expect.objectContaining({ code: 'DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN', registerValue: code }),
    );
    expect(await household(second.householdId)).toBeUndefined();
    const inbox = (await officer.request('GET', `/api/v1/changes?communeCode=${places.commune}`)).json();
    expect(inbox.items[0]).toMatchObject({ id: second.id, status: 'conflict' });

    // Returned to the collaborator, who takes the next number.
    const returned = await officer.request('POST', `/api/v1/changes/${second.id}/review`, {
      action: 'return',
      reason: 'Số hộ 10 đã dùng, đề nghị lấy số 11.',
    });
    expect(returned.json().status).toBe('returned');
    const renumbered = { ...second, payload: { ...second.payload, number: 11 } };
    const resubmitted = await collaborator.request('POST', `/api/v1/changes/${second.id}/review`, {
      action: 'resubmit',
      change: renumbered,
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect((await approve(second.id)).status).toBe('approved');
    expect(await household(second.householdId)).toMatchObject({ number: 11, code: `${places.commune}-1-11` });
  });

  it('keeps a whole household’s move as a conflict when its new number was taken while it waited', async () => {
    const { id: moving } = households.get(3) as { id: string };
    const move = await change('officer', moving, {
      type: 'transfer',
      payload: { scope: 'household', toAreaId: area2, number: 6 },
    });
    const founded = await change('officer', newId(), {
      type: 'household_new',
      payload: { areaId: area2, number: 6, kind: 'family' },
    });
    expect((await submit('officer', move)).statusCode).toBe(201);
    expect((await submit('officer', founded)).statusCode).toBe(201);
    expect((await approve(founded.id)).status).toBe('approved');
    const clash = await approve(move.id);
    expect(clash.status).toBe('conflict');
    expect(clash.conflict?.reasons.map((r) => r.code)).toEqual(['DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN']);
    expect(await household(moving)).toMatchObject({
      area_id: area1,
      number: 3,
      code: `${places.commune}-1-3`,
    });
  });

  it('gives a new household a hamlet of its own commune, and refuses one of another commune or none', async () => {
    const hamlet = (communeCode: string, name: string) => ({
      id: randomUUID(),
      province_code: places.province,
      commune_code: communeCode,
      name,
    });
    const own = hamlet(places.commune, 'Thôn Kiểm Tra');
    const other = hamlet(places.otherCommune, 'Thôn Xã Bên');
    await t.database.db.insertInto('hamlet').values([own, other]).execute();
    const create = (hamletId: string, number: number) =>
      change('officer', newId(), {
        type: 'household_new',
        payload: { areaId: area1, hamletId, number, kind: 'family' },
      });
    for (const hamletId of [other.id, randomUUID()]) {
      const refused = await create(hamletId, 801);
      expect(refusedFor(await submit('officer', refused))).toEqual(['DANSO_RULE_HAMLET_NOT_FOUND']);
      expect(await stored(refused.id)).toBe(false);
    }
    const right = await create(own.id, 802);
    const submitted = await submit('officer', right);
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await approve(right.id)).status).toBe('approved');
    expect(await household(right.householdId)).toMatchObject({ hamlet_id: own.id, area_id: area1 });
  });
});
