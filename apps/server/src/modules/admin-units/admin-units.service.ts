import { randomUUID } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  codeFitsLevel,
  DomainError,
  isIsoDate,
  type PlaceScope,
  scopeContains,
  urbanityOf,
  vietNamDate,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  areasByIds,
  areasOfCommunes,
  closeOpenVersion,
  existingSuccessionKeys,
  existingUnitKeys,
  hamletsOfCommunes,
  insertSuccessions,
  insertUnitVersions,
  latestVersions,
  listUnits,
  type SuccessionRow,
  type SuccessionView,
  successions,
  type UnitFilter,
  type UnitVersionRow,
  unitOn,
  unitVersions,
} from './admin-units.repository.ts';
import {
  type CsvRow,
  type ImportKind,
  type ImportProblem,
  parseLevel,
  parseUnitType,
  problem,
  readCsv,
} from './csv-import.ts';

export interface UnitView {
  code: string;
  name: string;
  level: UnitVersionRow['level'];
  unitType: string;
  urbanity: UnitVersionRow['urbanity'];
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface SuccessionOut {
  fromCode: string;
  fromName: string | null;
  toCode: string;
  toName: string | null;
  effectiveOn: string;
  kind: SuccessionRow['kind'];
  share: number | null;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  ok: boolean;
  rows: number;
  imported: number;
  problems: ImportProblem[];
}

export function toUnitView(row: UnitVersionRow): UnitView {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    unitType: row.unit_type,
    urbanity: row.urbanity,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

function toSuccessionOut(s: SuccessionView): SuccessionOut {
  return {
    fromCode: s.from_code,
    fromName: s.from_name,
    toCode: s.to_code,
    toName: s.to_name,
    effectiveOn: s.effective_on,
    kind: s.kind,
    share: s.share,
  };
}

export function today(): string {
  return vietNamDate(new Date());
}

/** Administrative units with their history, and the import of units, successions and areas from CSV. */
export class AdminUnitsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Unit names are public reference data: any signed-in user may list and look them up. */
  async list(actor: Actor, filter: Omit<UnitFilter, 'asOf'> & { asOf?: string | undefined }) {
    assertAllowed(actor, 'place.read');
    const { items, total } = await listUnits(this.database.db, { ...filter, asOf: filter.asOf ?? today() });
    return { items: items.map(toUnitView), total };
  }

  async get(actor: Actor, code: string, asOf?: string) {
    assertAllowed(actor, 'place.read');
    const versions = await unitVersions(this.database.db, code);
    if (versions.length === 0) throw new DomainError('DANSO_ERR_NOT_FOUND');
    const date = asOf ?? today();
    const current = (await unitOn(this.database.db, code, date)) ?? versions[versions.length - 1];
    const [predecessors, successors] = await Promise.all([
      successions(this.database.db, { toCode: code }),
      successions(this.database.db, { fromCode: code }),
    ]);
    return {
      unit: toUnitView(current as UnitVersionRow),
      validOnDate: versions.some((v) => v.valid_from <= date && (v.valid_to === null || date <= v.valid_to)),
      versions: versions.map(toUnitView),
      predecessors: predecessors.filter((s) => s.from_code !== code).map(toSuccessionOut),
      successors: successors.filter((s) => s.to_code !== code || s.kind === 'rename').map(toSuccessionOut),
    };
  }

  /** A nested tree: a province and its communes valid on the date (or all provinces when no root is given). */
  async tree(actor: Actor, root: string | undefined, asOf?: string) {
    assertAllowed(actor, 'place.read');
    const date = asOf ?? today();
    const provinces = root
      ? (
          await listUnits(this.database.db, { asOf: date, level: 'province', q: root, limit: 1, offset: 0 })
        ).items.filter((p) => p.code === root)
      : (await listUnits(this.database.db, { asOf: date, level: 'province', limit: 100, offset: 0 })).items;
    if (root && provinces.length === 0) throw new DomainError('DANSO_ERR_NOT_FOUND');
    return Promise.all(
      provinces.map(async (p) => ({
        ...toUnitView(p),
        children: root
          ? (
              await listUnits(this.database.db, { asOf: date, parent: p.code, limit: 5000, offset: 0 })
            ).items.map(toUnitView)
          : [],
      })),
    );
  }

  /** The version of a unit valid today; for services that have already checked access. */
  current(code: string): Promise<UnitVersionRow | undefined> {
    return unitOn(this.database.db, code, today());
  }

  /** Units under a parent, valid today; for services that have already checked access. */
  async childrenOf(parentCode: string | null): Promise<UnitVersionRow[]> {
    const filter = parentCode ? { parent: parentCode } : { level: 'province' as const };
    return (await listUnits(this.database.db, { ...filter, asOf: today(), limit: 10_000, offset: 0 })).items;
  }

  /** The name of a place scope, for headers and user lists. */
  async scopeName(scope: PlaceScope): Promise<string> {
    if (scope.kind === 'national') return 'Toàn quốc';
    const codes = [
      scope.provinceCode,
      ...(scope.kind === 'commune' || scope.kind === 'areas' ? [scope.communeCode] : []),
    ];
    const names = await latestVersions(this.database.db, codes);
    const province = names.get(scope.provinceCode)?.name ?? scope.provinceCode;
    if (scope.kind === 'province') return province;
    const commune = names.get(scope.communeCode)?.name ?? scope.communeCode;
    if (scope.kind === 'commune') return `${commune}, ${province}`;
    const areas = await areasByIds(this.database.db, scope.areaIds);
    const numbers = areas.map((a) => a.number).join(', ');
    return `Địa bàn số ${numbers || '—'}, ${commune}, ${province}`;
  }

  /** Whether the places of a scope exist today and fit together; the first problem found, or null. */
  async checkScopeExists(scope: PlaceScope): Promise<{ path: string; reason: string } | null> {
    if (scope.kind === 'national') return null;
    const date = today();
    const province = await unitOn(this.database.db, scope.provinceCode, date);
    if (province?.level !== 'province') return { path: 'provinceCode', reason: 'unknown_province' };
    if (scope.kind === 'province') return null;
    const commune = await unitOn(this.database.db, scope.communeCode, date);
    if (commune?.level !== 'commune' || commune.parent_code !== scope.provinceCode) {
      return { path: 'communeCode', reason: 'unknown_commune' };
    }
    if (scope.kind === 'commune') return null;
    const areas = await areasByIds(this.database.db, scope.areaIds);
    if (areas.length !== scope.areaIds.length || areas.some((a) => a.commune_code !== scope.communeCode)) {
      return { path: 'areaIds', reason: 'unknown_area' };
    }
    return null;
  }

  /**
   * Imports units, successions or areas from CSV. Every row is checked first; with any problem nothing is
   * written and every problem is reported. A dry run checks and reports without writing.
   */
  async importCsv(
    actor: Actor,
    input: { kind: ImportKind; csv: string; dryRun: boolean },
    clientAddress: string,
  ): Promise<ImportReport> {
    assertAllowed(actor, 'units.manage');
    if (input.kind !== 'areas' && actor.scope.kind !== 'national')
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    const { rows, problems } = readCsv(input.kind, input.csv);
    if (problems.length > 0) {
      if (!input.dryRun) {
        throw new DomainError(
          'DANSO_ERR_IMPORT_INVALID',
          problems.map((p) => ({ path: `line ${p.line}/${p.field}`, reason: p.reason, message: p.message })),
        );
      }
      return { kind: input.kind, dryRun: true, ok: false, rows: rows.length, imported: 0, problems };
    }

    const report = (imported: number, found: ImportProblem[]): ImportReport => ({
      kind: input.kind,
      dryRun: input.dryRun,
      ok: found.length === 0,
      rows: rows.length,
      imported,
      problems: found.slice(0, 1000),
    });

    return this.database.db.transaction().execute(async (trx) => {
      const plan =
        input.kind === 'units'
          ? await this.planUnits(trx, rows)
          : input.kind === 'successions'
            ? await this.planSuccessions(trx, rows)
            : await this.planAreas(trx, actor, rows);
      if (input.dryRun) return report(0, plan.problems);
      if (plan.problems.length > 0) {
        throw new DomainError(
          'DANSO_ERR_IMPORT_INVALID',
          plan.problems
            .slice(0, 1000)
            .map((p) => ({ path: `line ${p.line}/${p.field}`, reason: p.reason, message: p.message })),
        );
      }
      const imported = await plan.apply();
      await this.audit.record(
        {
          action: `units.import_${input.kind}`,
          actorUserId: actor.userId,
          actorRole: actor.role,
          clientAddress,
          details: { rows: rows.length, imported },
        },
        trx,
      );
      return report(imported, []);
    });
  }

  private async planUnits(ex: Executor, rows: CsvRow[]) {
    const problems: ImportProblem[] = [];
    const parsed: UnitVersionRow[] = [];
    const codes = [
      ...new Set(rows.map((r) => r.values.code ?? '').concat(rows.map((r) => r.values.parent_code ?? ''))),
    ].filter(Boolean);
    const existing = await existingUnitKeys(ex, codes);
    const seen = new Set(existing.map((u) => `${u.code}|${u.valid_from}`));
    const levelOf = new Map<string, string>(existing.map((u) => [u.code, u.level]));
    for (const r of rows) levelOf.set(r.values.code ?? '', parseLevel(r.values.level ?? '') ?? '');

    for (const { line, values: v } of rows) {
      const before = problems.length;
      const level = parseLevel(v.level ?? '');
      if (!level)
        problems.push(
          problem(
            line,
            'level',
            'unknown_level',
            `Cấp "${v.level}" không hợp lệ (province / district / commune).`,
          ),
        );
      if (!v.name) problems.push(problem(line, 'name', 'required', 'Thiếu tên đơn vị.'));
      if (level && !codeFitsLevel(v.code ?? '', level)) {
        problems.push(
          problem(
            line,
            'code',
            'bad_code',
            `Mã "${v.code}" không đúng định dạng của cấp ${level} (tỉnh 2, huyện 3, xã 5 chữ số).`,
          ),
        );
      }
      if (!isIsoDate(v.valid_from ?? ''))
        problems.push(problem(line, 'valid_from', 'bad_date', 'Ngày hiệu lực phải có dạng YYYY-MM-DD.'));
      if (v.valid_to && (!isIsoDate(v.valid_to) || v.valid_to < (v.valid_from ?? ''))) {
        problems.push(
          problem(
            line,
            'valid_to',
            'bad_date',
            'Ngày hết hiệu lực phải có dạng YYYY-MM-DD và không trước ngày hiệu lực.',
          ),
        );
      }
      const unitType = level ? parseUnitType(v.type ?? '', v.name ?? '', level) : null;
      if (level && !unitType)
        problems.push(problem(line, 'type', 'unknown_type', `Loại đơn vị "${v.type}" không hợp lệ.`));
      const parent = v.parent_code || null;
      if (level === 'province' && parent)
        problems.push(problem(line, 'parent_code', 'unexpected_parent', 'Tỉnh không có đơn vị cấp trên.'));
      if (level && level !== 'province') {
        if (!parent) problems.push(problem(line, 'parent_code', 'required', 'Thiếu mã đơn vị cấp trên.'));
        else if (!levelOf.has(parent))
          problems.push(
            problem(line, 'parent_code', 'unknown_parent', `Không có đơn vị cấp trên mã ${parent}.`),
          );
        else if (level === 'district' && levelOf.get(parent) !== 'province') {
          problems.push(
            problem(line, 'parent_code', 'bad_parent_level', 'Đơn vị cấp trên của huyện phải là tỉnh.'),
          );
        }
      }
      const key = `${v.code}|${v.valid_from}`;
      if (seen.has(key))
        problems.push(
          problem(line, 'code', 'duplicate', `Đơn vị ${v.code} có hiệu lực từ ${v.valid_from} đã tồn tại.`),
        );
      seen.add(key);
      if (problems.length === before && level && unitType) {
        parsed.push({
          code: v.code as string,
          valid_from: v.valid_from as string,
          valid_to: v.valid_to || null,
          name: (v.name as string).normalize('NFC'),
          level,
          unit_type: unitType,
          urbanity: (v.urbanity as UnitVersionRow['urbanity']) || urbanityOf(unitType),
          parent_code: parent,
          note: v.note || null,
        });
      }
    }
    return {
      problems,
      apply: async () => {
        // In date order, so that each new version closes the one before it, even within the same file.
        let inserted = 0;
        for (const row of [...parsed].sort((a, b) => (a.valid_from < b.valid_from ? -1 : 1))) {
          await closeOpenVersion(ex, row.code, row.valid_from);
          inserted += await insertUnitVersions(ex, [row]);
        }
        return inserted;
      },
    };
  }

  private async planSuccessions(ex: Executor, rows: CsvRow[]) {
    const problems: ImportProblem[] = [];
    const parsed: SuccessionRow[] = [];
    const codes = [
      ...new Set(rows.flatMap((r) => [r.values.from_code ?? '', r.values.to_code ?? ''])),
    ].filter(Boolean);
    const known = new Set((await existingUnitKeys(ex, codes)).map((u) => u.code));
    const existing = await existingSuccessionKeys(ex, codes);
    const seen = new Set(existing.map((s) => `${s.from_code}|${s.to_code}|${s.effective_on}`));
    const shares = new Map<string, number>();
    for (const s of existing)
      shares.set(
        `${s.from_code}|${s.effective_on}`,
        (shares.get(`${s.from_code}|${s.effective_on}`) ?? 0) + (s.share ?? 0),
      );
    const kinds = ['merge', 'split', 'rename', 'reparent'];

    for (const { line, values: v } of rows) {
      const before = problems.length;
      for (const field of ['from_code', 'to_code'] as const) {
        if (!known.has(v[field] ?? ''))
          problems.push(problem(line, field, 'unknown_unit', `Không có đơn vị mã "${v[field]}".`));
      }
      if (!isIsoDate(v.effective_on ?? ''))
        problems.push(problem(line, 'effective_on', 'bad_date', 'Ngày hiệu lực phải có dạng YYYY-MM-DD.'));
      if (!kinds.includes(v.kind ?? ''))
        problems.push(
          problem(line, 'kind', 'unknown_kind', 'Loại biến động phải là merge, split, rename hoặc reparent.'),
        );
      let share: number | null = null;
      if (v.share) {
        share = Number(v.share);
        if (!Number.isFinite(share) || share <= 0 || share > 1) {
          problems.push(problem(line, 'share', 'bad_share', 'Tỷ lệ dân số phải là số trong khoảng (0; 1].'));
        } else {
          const key = `${v.from_code}|${v.effective_on}`;
          const total = (shares.get(key) ?? 0) + share;
          shares.set(key, total);
          if (total > 1.000001)
            problems.push(
              problem(
                line,
                'share',
                'shares_exceed_one',
                `Tổng tỷ lệ chia tách của ${v.from_code} vượt quá 1.`,
              ),
            );
        }
      }
      const key = `${v.from_code}|${v.to_code}|${v.effective_on}`;
      if (seen.has(key)) problems.push(problem(line, 'from_code', 'duplicate', 'Biến động này đã tồn tại.'));
      seen.add(key);
      if (problems.length === before) {
        parsed.push({
          from_code: v.from_code as string,
          to_code: v.to_code as string,
          effective_on: v.effective_on as string,
          kind: v.kind as SuccessionRow['kind'],
          share,
          note: v.note || null,
        });
      }
    }
    return { problems, apply: () => insertSuccessions(ex, parsed) };
  }

  private async planAreas(ex: Executor, actor: Actor, rows: CsvRow[]) {
    const problems: ImportProblem[] = [];
    const date = today();
    const communeCodes = [...new Set(rows.map((r) => r.values.commune_code ?? ''))].filter(Boolean);
    const communes = new Map<string, UnitVersionRow>();
    for (const code of communeCodes) {
      const unit = await unitOn(ex, code, date);
      if (unit?.level === 'commune') communes.set(code, unit);
    }
    const existingAreas = new Set(
      (await areasOfCommunes(ex, communeCodes)).map((a) => `${a.commune_code}|${a.number}`),
    );
    const hamlets = new Map(
      (await hamletsOfCommunes(ex, communeCodes)).map((h) => [`${h.commune_code}|${h.name}`, h.id]),
    );
    const hamletKinds = ['thon', 'ap', 'ban', 'to_dan_pho', 'khu_pho', 'xom', 'other'];

    interface AreaPlan {
      id: string;
      province: string;
      commune: string;
      number: number;
      name: string;
      listing: Array<{
        hamlet: string;
        hamletKind: string;
        street: string | null;
        from: number | null;
        to: number | null;
      }>;
    }
    const areas = new Map<string, AreaPlan>();
    const int = (value: string | undefined) => (value && /^\d{1,6}$/.test(value) ? Number(value) : null);

    for (const { line, values: v } of rows) {
      const commune = communes.get(v.commune_code ?? '');
      if (!commune) {
        problems.push(
          problem(
            line,
            'commune_code',
            'unknown_commune',
            `Không có xã mã "${v.commune_code}" đang có hiệu lực.`,
          ),
        );
        continue;
      }
      const province = commune.parent_code ?? '';
      if (!scopeContains(actor.scope, { provinceCode: province, communeCode: commune.code })) {
        problems.push(
          problem(line, 'commune_code', 'out_of_scope', `Xã ${commune.code} nằm ngoài phạm vi bạn quản lý.`),
        );
        continue;
      }
      const number = int(v.area_number);
      if (!number) {
        problems.push(problem(line, 'area_number', 'bad_number', 'Số địa bàn phải là số nguyên dương.'));
        continue;
      }
      if (existingAreas.has(`${commune.code}|${number}`)) {
        problems.push(
          problem(line, 'area_number', 'area_exists', `Địa bàn số ${number} của ${commune.name} đã tồn tại.`),
        );
        continue;
      }
      if (!v.hamlet) problems.push(problem(line, 'hamlet', 'required', 'Thiếu tên thôn / tổ dân phố.'));
      const hamletKind = v.hamlet_kind || (commune.unit_type === 'ward' ? 'to_dan_pho' : 'thon');
      if (!hamletKinds.includes(hamletKind)) {
        problems.push(
          problem(
            line,
            'hamlet_kind',
            'unknown_kind',
            `Loại thôn "${v.hamlet_kind}" không hợp lệ (${hamletKinds.join(', ')}).`,
          ),
        );
      }
      const from = v.household_from ? int(v.household_from) : null;
      const to = v.household_to ? int(v.household_to) : null;
      if (
        (v.household_from && from === null) ||
        (v.household_to && to === null) ||
        (from !== null && to !== null && to < from)
      ) {
        problems.push(
          problem(line, 'household_from', 'bad_range', 'Khoảng số hộ không hợp lệ (từ ≤ đến, số nguyên).'),
        );
      }
      const key = `${commune.code}|${number}`;
      const plan: AreaPlan = areas.get(key) ?? {
        id: randomUUID(),
        province,
        commune: commune.code,
        number,
        name: v.area_name || `Địa bàn số ${number}`,
        listing: [],
      };
      plan.listing.push({
        hamlet: (v.hamlet ?? '').normalize('NFC'),
        hamletKind,
        street: v.street || null,
        from,
        to,
      });
      areas.set(key, plan);
    }

    return {
      problems,
      apply: async () => {
        for (const area of areas.values()) {
          await ex
            .insertInto('area')
            .values({
              id: area.id,
              province_code: area.province,
              commune_code: area.commune,
              number: area.number,
              name: area.name,
            })
            .execute();
          for (const [seq, item] of area.listing.entries()) {
            const hamletKey = `${area.commune}|${item.hamlet}`;
            let hamletId = hamlets.get(hamletKey);
            if (!hamletId) {
              hamletId = randomUUID();
              await ex
                .insertInto('hamlet')
                .values({
                  id: hamletId,
                  province_code: area.province,
                  commune_code: area.commune,
                  name: item.hamlet,
                  kind: item.hamletKind,
                })
                .execute();
              hamlets.set(hamletKey, hamletId);
            }
            await ex
              .insertInto('area_listing')
              .values({
                area_id: area.id,
                seq: seq + 1,
                hamlet_id: hamletId,
                street: item.street,
                household_from: item.from,
                household_to: item.to,
                province_code: area.province,
                commune_code: area.commune,
              })
              .execute();
          }
        }
        return areas.size;
      },
    };
  }
}
