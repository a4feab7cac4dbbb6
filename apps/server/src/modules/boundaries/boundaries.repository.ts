import type { BoundaryGeometry, BoundingBox } from '@danso/domain';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The unit versions boundaries attach to, the boundaries themselves, and the demo generator's inputs. */

export interface UnitVersion {
  code: string;
  validFrom: string;
  validTo: string | null;
  level: 'province' | 'district' | 'commune';
  provinceCode: string | null;
}

export async function unitVersions(ex: Executor, codes: readonly string[]): Promise<UnitVersion[]> {
  if (codes.length === 0) return [];
  const result = await sql<{
    code: string;
    valid_from: string;
    valid_to: string | null;
    level: UnitVersion['level'];
    parent_code: string | null;
  }>`
    SELECT code, valid_from::text AS valid_from, valid_to::text AS valid_to, level, parent_code
    FROM admin_unit WHERE code = ANY(${[...codes]}::text[])
    ORDER BY code, valid_from`.execute(ex);
  return result.rows.map((r) => ({
    code: r.code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    level: r.level,
    // Communes (today's and former ones) hang directly under their province; a province is its own.
    provinceCode: r.level === 'province' ? r.code : r.level === 'commune' ? r.parent_code : null,
  }));
}

export interface BoundaryRow {
  unitCode: string;
  unitValidFrom: string;
  provinceCode: string;
  geometry: BoundaryGeometry;
  bbox: BoundingBox;
  generated: boolean;
  source: string;
}

/** Writes boundaries, replacing the shape a unit version had. */
export async function upsertBoundaries(ex: Executor, rows: readonly BoundaryRow[]): Promise<void> {
  const chunk = 200;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await sql`
      INSERT INTO unit_boundary (unit_code, unit_valid_from, province_code, geometry,
                                 bbox_west, bbox_south, bbox_east, bbox_north, generated, source)
      SELECT * FROM unnest(${part.map((r) => r.unitCode)}::text[], ${part.map((r) => r.unitValidFrom)}::date[],
                           ${part.map((r) => r.provinceCode)}::text[],
                           ${part.map((r) => JSON.stringify(r.geometry))}::jsonb[],
                           ${part.map((r) => r.bbox[0])}::float8[], ${part.map((r) => r.bbox[1])}::float8[],
                           ${part.map((r) => r.bbox[2])}::float8[], ${part.map((r) => r.bbox[3])}::float8[],
                           ${part.map((r) => r.generated)}::boolean[], ${part.map((r) => r.source)}::text[])
      ON CONFLICT (unit_code, unit_valid_from) DO UPDATE SET
        province_code = excluded.province_code, geometry = excluded.geometry,
        bbox_west = excluded.bbox_west, bbox_south = excluded.bbox_south,
        bbox_east = excluded.bbox_east, bbox_north = excluded.bbox_north,
        generated = excluded.generated, source = excluded.source, imported_at = now()`.execute(ex);
  }
}

export interface CommuneShape {
  code: string;
  name: string;
  unitType: string;
  urbanity: string | null;
  validFrom: string;
  geometry: BoundaryGeometry | null;
  bbox: BoundingBox | null;
  generated: boolean;
}

/** The communes of a province valid on a date, each with the boundary of that version if there is one. */
export async function communesOn(ex: Executor, provinceCode: string, date: string): Promise<CommuneShape[]> {
  const result = await sql<{
    code: string;
    name: string;
    unit_type: string;
    urbanity: string | null;
    valid_from: string;
    geometry: BoundaryGeometry | null;
    bbox: BoundingBox | null;
    generated: boolean | null;
  }>`
    SELECT u.code, u.name, u.unit_type, u.urbanity, u.valid_from::text AS valid_from, b.geometry,
           CASE WHEN b.unit_code IS NULL THEN NULL
                ELSE json_build_array(b.bbox_west, b.bbox_south, b.bbox_east, b.bbox_north) END AS bbox,
           b.generated
    FROM admin_unit u
    LEFT JOIN unit_boundary b ON b.unit_code = u.code AND b.unit_valid_from = u.valid_from
    WHERE u.level = 'commune' AND u.parent_code = ${provinceCode}
      AND u.valid_from <= ${date}::date AND (u.valid_to IS NULL OR u.valid_to >= ${date}::date)
    ORDER BY u.code`.execute(ex);
  return result.rows.map((r) => ({
    code: r.code,
    name: r.name,
    unitType: r.unit_type,
    urbanity: r.urbanity,
    validFrom: r.valid_from,
    geometry: r.geometry,
    bbox: r.bbox,
    generated: r.generated ?? false,
  }));
}

export async function provinceName(ex: Executor, provinceCode: string): Promise<string | null> {
  const result = await sql<{ name: string }>`
    SELECT name FROM admin_unit WHERE code = ${provinceCode} AND level = 'province'
    ORDER BY valid_to IS NULL DESC, valid_from DESC LIMIT 1`.execute(ex);
  return result.rows[0]?.name ?? null;
}

/** How many of a province's current communes have a boundary. */
export async function currentCoverage(ex: Executor, provinceCode: string) {
  const result = await sql<{ communes: number; shaped: number }>`
    SELECT count(*)::int AS communes, count(b.unit_code)::int AS shaped
    FROM admin_unit u
    LEFT JOIN unit_boundary b ON b.unit_code = u.code AND b.unit_valid_from = u.valid_from
    WHERE u.level = 'commune' AND u.parent_code = ${provinceCode} AND u.valid_to IS NULL`.execute(ex);
  return result.rows[0] ?? { communes: 0, shaped: 0 };
}

/**
 * Today's communes of a province with the former district most of them came from: the national list keeps
 * a former commune's district by name in its note ("Trước 01/07/2025: <district>, <province>").
 */
export async function currentCommunesWithDistrict(
  ex: Executor,
  provinceCode: string,
): Promise<Array<{ code: string; validFrom: string; district: string | null }>> {
  const result = await sql<{ code: string; valid_from: string; district: string | null }>`
    SELECT u.code, u.valid_from::text AS valid_from,
           (SELECT split_part(substring(o.note FROM ': (.*)$'), ',', 1)
            FROM admin_succession s JOIN admin_unit o ON o.code = s.from_code AND o.level = 'commune'
            WHERE s.to_code = u.code AND s.from_code <> u.code AND o.note IS NOT NULL
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS district
    FROM admin_unit u
    WHERE u.level = 'commune' AND u.parent_code = ${provinceCode} AND u.valid_to IS NULL
    ORDER BY u.code`.execute(ex);
  return result.rows.map((r) => ({ code: r.code, validFrom: r.valid_from, district: r.district || null }));
}
