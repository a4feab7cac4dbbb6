import type { Actor } from '@danso/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { buildWorld, places, testConfig, type World } from '../../../test/fixtures.ts';
import { createServices } from '../../app.ts';
import type { RegisterService } from './register.service.ts';
import { addRichHousehold, type RichHousehold } from './register.test-data.ts';
import { maskIdentifier } from './register-views.ts';

const vi = { clientAddress: '127.0.0.1', language: 'vi' as const };

describe.each(engines)('the register read on %s', (engine) => {
  let t: TestDatabase;
  let world: World;
  let register: RegisterService;
  let rich: RichHousehold;
  let actors: Record<'commune' | 'collaborator' | 'province' | 'otherCommune', Actor>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    world = await buildWorld(t.database);
    const services = createServices(testConfig(), t.database);
    register = services.register;
    const area = places.areas[0] as string;
    const user = (key: keyof World['users']) => world.users[key]?.id ?? '';
    rich = await addRichHousehold(t.database, {
      provinceCode: '20',
      communeCode: places.commune,
      areaId: area,
      authorId: user('collaborator'),
      number: 50,
    });
    actors = {
      commune: {
        userId: user('commune'),
        role: 'commune_officer',
        scope: { kind: 'commune', provinceCode: '20', communeCode: places.commune },
      },
      collaborator: {
        userId: user('collaborator'),
        role: 'collaborator',
        scope: { kind: 'areas', provinceCode: '20', communeCode: places.commune, areaIds: [area] },
      },
      province: {
        userId: user('province'),
        role: 'province_officer',
        scope: { kind: 'province', provinceCode: '20' },
      },
      otherCommune: {
        userId: user('otherCommune'),
        role: 'commune_officer',
        scope: { kind: 'commune', provinceCode: '20', communeCode: places.otherCommune },
      },
    };
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('lists a household page’s members in A0 order, with those who died or left marked and dated', async () => {
    const page = await register.household(actors.commune, rich.householdId, vi);
    const p = rich.people;
    expect(page.members.map((m) => m.id)).toEqual([
      p.head,
      p.spouse,
      p.child,
      p.movedOut,
      p.adopted,
      p.childInLaw,
      p.parent,
      p.dead,
      p.grandchild,
      p.other,
      p.transferred,
    ]);
    expect(page.members.map((m) => m.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const byId = new Map(page.members.map((m) => [m.id, m]));
    expect(byId.get(p.dead)?.departure).toEqual({
      reason: 'died',
      on: '2025-01-15',
      householdId: null,
      householdCode: null,
    });
    expect(byId.get(p.movedOut)?.departure).toMatchObject({ reason: 'moved_out', on: '2025-02-20' });
    expect(byId.get(p.transferred)?.departure).toEqual({
      reason: 'transferred',
      on: '2024-09-01',
      householdId: rich.otherHouseholdId,
      householdCode: `${rich.code}-2`,
    });
    expect(byId.get(p.head)?.departure).toBeNull();

    const head = byId.get(p.head);
    expect(head).toMatchObject({
      fullName: 'Đặng Văn Hùng',
      relationLabel: 'Chủ hộ',
      sexLabel: 'Nam',
      ethnicityLabel: 'Tày',
      educationLabel: 'Trung học phổ thông',
      maritalStatusLabel: 'Có vợ/chồng',
      residenceStatusLabel: 'Thường trú',
      personalId: '001070123456',
      insuranceNumber: 'HN2202098765432',
    });
    expect(byId.get(p.parent)).toMatchObject({ birthDatePrecision: 'year', educationLabel: 'Chưa đi học' });
    expect(byId.get(p.adopted)?.residenceStatusLabel).toBe('Tạm vắng');
    expect(page.household).toMatchObject({
      code: rich.code,
      number: 50,
      areaNumber: 1,
      address: 'Số 12, đường Trần Hưng Đạo',
      provinceName: 'Lạng Sơn',
    });
    expect(page.household.hamletName).toContain('Thôn');
    expect(page.household.collaborators.map((c) => c.id)).toEqual([world.users.collaborator?.id]);
  });

  it('gives labels in English when asked', async () => {
    const page = await register.household(actors.commune, rich.householdId, { ...vi, language: 'en' });
    expect(page.members[0]).toMatchObject({ relationLabel: 'Household head', sexLabel: 'Male' });
  });

  it('shows section II for the wife with a method, with her history and her husband', async () => {
    const page = await register.household(actors.commune, rich.householdId, vi);
    expect(page.contraception).toHaveLength(1);
    expect(page.contraception[0]).toMatchObject({
      wifeId: rich.people.spouse,
      wifeName: 'Lê Thị Mai',
      wifeBirthYear: 1974,
      husbandName: 'Đặng Văn Hùng',
      method: 'iud',
      methodLabel: 'Dụng cụ tử cung',
      startedOn: '2024-03-10',
    });
    expect(page.contraception[0]?.history.map((h) => h.method)).toEqual(['pill', 'iud']);
  });

  it('masks personal ID and insurance numbers for the province officer only', async () => {
    expect(maskIdentifier('001012345645')).toBe('0010******45');
    const province = await register.household(actors.province, rich.householdId, vi);
    const head = province.members[0];
    expect(province.identifiersMasked).toBe(true);
    expect(head?.personalId).toBe('0010******56');
    expect(head?.insuranceNumber).toBe('HN22*********32');
    for (const actor of [actors.commune, actors.collaborator]) {
      const page = await register.household(actor, rich.householdId, vi);
      expect(page.identifiersMasked).toBe(false);
      expect(page.members[0]?.personalId).toBe('001070123456');
    }
    const person = await register.person(actors.province, rich.people.spouse, vi);
    expect(person.person.personalId).toBe('0201******45');
    const found = await register.search(actors.province, { card: '020174012345' }, vi);
    expect(found.items.map((i) => i.id)).toEqual([rich.people.spouse]);
    expect(found.items[0]?.personalId).toBe('0201******45');
  });

  it('finds names with or without diacritics, đ included', async () => {
    for (const q of [
      'Đặng Văn Hùng',
      'dang van hung',
      'DANG VAN',
      'đặng văn hùng',
      'Dang  Van-Hung',
      'dang hung',
    ]) {
      const found = await register.search(actors.commune, { q }, vi);
      expect(
        found.items.map((i) => i.fullName),
        q,
      ).toContain('Đặng Văn Hùng');
    }
    const dang = await register.search(actors.commune, { q: 'dang' }, vi);
    expect(dang.items.length).toBeGreaterThanOrEqual(8);
    expect(dang.items.every((i) => i.fullName.startsWith('Đặng'))).toBe(true);
    // The exact name comes first.
    const exact = await register.search(actors.commune, { q: 'dang van duc' }, vi);
    expect(exact.items[0]?.fullName).toBe('Đặng Văn Đức');
    expect((await register.search(actors.commune, { q: 'Hùng Đặng' }, vi)).items).toEqual([]);
    // Names that start with the query come before those that only hold its words.
    const ranked = await register.search(actors.commune, { q: 'dang van' }, vi);
    expect(ranked.items.map((i) => i.fullName)).toEqual([
      'Đặng Văn Đức',
      'Đặng Văn Hùng',
      'Đặng Văn Lâm',
      'Đặng Văn Tư',
    ]);
    const withoutMiddle = await register.search(actors.commune, { q: 'Đặng Bảo' }, vi);
    expect(withoutMiddle.items.map((i) => i.fullName)).toEqual(['Đặng Gia Bảo']);
  });

  it('finds by date of birth (a day or a year), household code and insurance number', async () => {
    const day = await register.search(actors.commune, { birthDate: '1974-05-05' }, vi);
    expect(day.items.map((i) => i.id)).toEqual([rich.people.spouse]);
    // Known only to the year: found by any day of that year, and by the year.
    const yearOnly = await register.search(actors.commune, { birthDate: '1940-07-20' }, vi);
    expect(yearOnly.items.map((i) => i.id)).toContain(rich.people.parent);
    const year = await register.search(actors.commune, { q: 'dang', birthDate: '1940' }, vi);
    expect(year.items.map((i) => i.id)).toEqual([rich.people.parent]);
    const household = await register.search(actors.commune, { householdCode: rich.code }, vi);
    expect(household.items).toHaveLength(10);
    const card = await register.search(actors.commune, { card: 'hn2202098765432' }, vi);
    expect(card.items.map((i) => i.id)).toEqual([rich.people.head]);
  });

  it('searches only inside the actor’s place, and says when there are more results than shown', async () => {
    expect((await register.search(actors.otherCommune, { q: 'dang van hung' }, vi)).items).toEqual([]);
    const limited = await register.search(actors.commune, { q: 'nguyen van', limit: 2 }, vi);
    expect(limited.items).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    // The collaborator sees her area only: area 2 of the commune has "Nguyễn Văn 1" too.
    const hers = await register.search(actors.collaborator, { q: 'nguyen van 1' }, vi);
    expect(hers.items.map((i) => i.areaId)).toEqual([places.areas[0]]);
    await expect(
      register.search(actors.collaborator, { q: 'dang', communeCode: places.otherCommune }, vi),
    ).rejects.toMatchObject({ code: 'DANSO_ERR_OUT_OF_SCOPE' });
    await expect(register.search(actors.commune, { q: 'đ' }, vi)).rejects.toMatchObject({
      code: 'DANSO_ERR_VALIDATION',
    });
    await expect(register.search(actors.commune, {}, vi)).rejects.toMatchObject({
      code: 'DANSO_ERR_VALIDATION',
    });
  });

  it('gives a person’s timeline: own changes, and household changes while the person lived there', async () => {
    const grandchild = await register.person(actors.commune, rich.people.grandchild, vi);
    expect(grandchild.timeline.map((c) => c.id)).toEqual([rich.changes.birth, rich.changes.headChange]);
    expect(grandchild.timeline[0]).toMatchObject({
      type: 'birth',
      typeLabel: 'Sinh',
      occurredOn: '2022-02-02',
      status: 'approved',
      statusLabel: 'Đã duyệt',
      about: 'person',
      authorName: `Người dùng ${world.users.collaborator?.username}`,
    });
    expect(grandchild.timeline[1]).toMatchObject({
      typeLabel: 'Đổi chủ hộ',
      statusLabel: 'Đã gửi',
      about: 'household',
    });
    expect(grandchild.residences).toHaveLength(1);
    expect(grandchild.statuses).toEqual([
      { kind: 'vital', value: 'alive', valueLabel: 'Còn sống', validFrom: '2022-02-02', validTo: null },
    ]);

    const head = await register.person(actors.commune, rich.people.head, vi);
    expect(head.timeline.map((c) => c.id)).toEqual([rich.changes.before, rich.changes.headChange]);
    const child = await register.person(actors.commune, rich.people.child, vi);
    expect(child.timeline.map((c) => c.type)).toEqual(['head_change', 'marriage', 'head_change']);
    expect(child.person).toMatchObject({ motherId: rich.people.spouse, motherName: 'Lê Thị Mai' });

    // After the transfer, the old household's changes are no longer about him.
    const transferred = await register.person(actors.commune, rich.people.transferred, vi);
    expect(transferred.timeline.map((c) => c.id)).toEqual([rich.changes.before, rich.changes.headChange]);
    expect(transferred.residences.map((r) => r.validTo)).toEqual(['2024-09-01', null]);
  });

  it('answers not found outside the scope, and writes an audit entry for each read of people', async () => {
    await expect(register.household(actors.otherCommune, rich.householdId, vi)).rejects.toMatchObject({
      code: 'DANSO_ERR_OUT_OF_SCOPE',
    });
    await expect(register.person(actors.otherCommune, rich.people.head, vi)).rejects.toMatchObject({
      code: 'DANSO_ERR_OUT_OF_SCOPE',
    });
    const before = await lastAuditId(t);
    await register.household(actors.collaborator, rich.householdId, vi);
    await register.person(actors.collaborator, rich.people.head, vi);
    await register.search(actors.collaborator, { q: 'dang van hung' }, vi);
    await register.search(actors.collaborator, { q: 'khong co ai ten nay' }, vi);
    const entries = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', before)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual([
      'register.household',
      'register.person',
      'register.search',
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor_user_id: world.users.collaborator?.id,
        purpose: 'register.read',
        client_address: '127.0.0.1',
        place_code: places.commune,
      });
    }
    const details = entries.map((e) => e.details as { personIds: string[]; criteria?: string[] });
    expect(details[0]?.personIds).toHaveLength(11);
    expect(details[1]?.personIds).toEqual([rich.people.head]);
    expect(details[2]).toEqual({ personIds: [rich.people.head], criteria: ['q'] });
    expect(JSON.stringify(entries)).not.toContain('Đặng');
  });
});

async function lastAuditId(t: TestDatabase): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id ?? 0;
}
