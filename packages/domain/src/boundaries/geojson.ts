/**
 * Boundaries of administrative units as GeoJSON (RFC 7946): checking a FeatureCollection feature by
 * feature before anything is imported, and the bounding box of a polygon or multipolygon.
 */

export type Position = [number, number];
export type Ring = Position[];

export type BoundaryGeometry =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** [west, south, east, north] */
export type BoundingBox = [number, number, number, number];

/** A feature that passed the checks: the unit it names, the version it belongs to, its shape. */
export interface BoundaryFeature {
  /** Its position in the file's `features` (0-based). */
  index: number;
  unitCode: string;
  /** The unit version's first day, when the feature names one ('YYYY-MM-DD'). */
  validFrom: string | null;
  name: string | null;
  geometry: BoundaryGeometry;
  bbox: BoundingBox;
}

export interface BoundaryProblem {
  /** The feature's position in `features`, or null for a problem of the whole file. */
  index: number | null;
  /** The unit code the feature names, when it names one. */
  unitCode: string | null;
  reason:
    | 'not_a_feature_collection'
    | 'not_a_feature'
    | 'missing_unit_code'
    | 'malformed_unit_code'
    | 'malformed_valid_from'
    | 'not_a_polygon'
    | 'bad_coordinates'
    | 'ring_not_closed'
    | 'ring_too_short'
    | 'out_of_range'
    | 'duplicate_unit'
    | 'unknown_unit'
    | 'empty_collection'
    | 'too_many_features';
  message: string;
}

export const MAX_BOUNDARY_FEATURES = 20_000;

const messages: Record<BoundaryProblem['reason'], string> = {
  not_a_feature_collection: 'Tệp không phải một GeoJSON FeatureCollection',
  not_a_feature: 'Phần tử không phải một Feature',
  missing_unit_code: 'Thiếu mã đơn vị (properties.code)',
  malformed_unit_code: 'Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã)',
  malformed_valid_from: 'properties.validFrom phải là ngày dạng YYYY-MM-DD',
  not_a_polygon: 'Hình phải là Polygon hoặc MultiPolygon',
  bad_coordinates: 'Tọa độ không hợp lệ (mỗi điểm là [kinh độ, vĩ độ] bằng số)',
  ring_not_closed: 'Vòng ranh giới chưa khép kín (điểm cuối phải trùng điểm đầu)',
  ring_too_short: 'Vòng ranh giới cần ít nhất 4 điểm',
  out_of_range: 'Kinh độ phải trong [-180, 180], vĩ độ trong [-90, 90]',
  duplicate_unit: 'Đơn vị này đã có một Feature khác trong tệp',
  unknown_unit: 'Không có đơn vị hành chính với mã (và ngày hiệu lực) này',
  empty_collection: 'Tệp không có Feature nào',
  too_many_features: `Tệp có quá ${MAX_BOUNDARY_FEATURES.toLocaleString('vi-VN')} Feature`,
};

export function boundaryProblem(
  index: number | null,
  unitCode: string | null,
  reason: BoundaryProblem['reason'],
): BoundaryProblem {
  return { index, unitCode, reason, message: messages[reason] };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The unit code a feature names: `code`, or the common alternatives of national data sets. */
function unitCodeOf(properties: Record<string, unknown>): unknown {
  for (const key of ['code', 'unitCode', 'ma', 'ma_xa', 'ma_tinh']) {
    if (properties[key] !== undefined && properties[key] !== null) return properties[key];
  }
  return undefined;
}

type RingCheck = BoundaryProblem['reason'] | null;

function checkRing(ring: unknown): RingCheck {
  if (!Array.isArray(ring)) return 'bad_coordinates';
  for (const position of ring) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      position.length > 3 ||
      !position.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      return 'bad_coordinates';
    }
    const [lon, lat] = position as number[];
    if ((lon as number) < -180 || (lon as number) > 180 || (lat as number) < -90 || (lat as number) > 90) {
      return 'out_of_range';
    }
  }
  if (ring.length < 4) return 'ring_too_short';
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'ring_not_closed';
  return null;
}

function checkPolygon(polygon: unknown): RingCheck {
  if (!Array.isArray(polygon) || polygon.length === 0) return 'bad_coordinates';
  for (const ring of polygon) {
    const problem = checkRing(ring);
    if (problem) return problem;
  }
  return null;
}

/** Keeps [lon, lat] of each position (a third, altitude, value is dropped). */
function flatRing(ring: unknown[]): Ring {
  return ring.map((p) => [(p as number[])[0] as number, (p as number[])[1] as number]);
}

export function boundingBox(geometry: BoundaryGeometry): BoundingBox {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    // The outer ring holds the holes: it alone decides the box.
    for (const [lon, lat] of polygon[0] ?? []) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return [west, south, east, north];
}

/**
 * Checks every feature of a GeoJSON FeatureCollection: a unit code of 2 or 5 digits in its properties
 * (`code`), an optional `validFrom` naming the unit version, a Polygon or MultiPolygon with closed rings of
 * [longitude, latitude] positions, one feature per unit version. Every bad feature is reported; the good
 * ones are returned only for the caller to import when there is no problem at all.
 */
export function parseBoundaryCollection(input: unknown): {
  features: BoundaryFeature[];
  problems: BoundaryProblem[];
} {
  const problems: BoundaryProblem[] = [];
  const features: BoundaryFeature[] = [];
  if (!isRecord(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return { features, problems: [boundaryProblem(null, null, 'not_a_feature_collection')] };
  }
  if (input.features.length === 0) {
    return { features, problems: [boundaryProblem(null, null, 'empty_collection')] };
  }
  if (input.features.length > MAX_BOUNDARY_FEATURES) {
    return { features, problems: [boundaryProblem(null, null, 'too_many_features')] };
  }
  const seen = new Set<string>();
  input.features.forEach((feature: unknown, index: number) => {
    if (!isRecord(feature) || feature.type !== 'Feature') {
      problems.push(boundaryProblem(index, null, 'not_a_feature'));
      return;
    }
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const rawCode = unitCodeOf(properties);
    if (rawCode === undefined) {
      problems.push(boundaryProblem(index, null, 'missing_unit_code'));
      return;
    }
    const unitCode = String(rawCode).trim();
    if (!/^(\d{2}|\d{5})$/.test(unitCode)) {
      problems.push(boundaryProblem(index, unitCode, 'malformed_unit_code'));
      return;
    }
    const rawFrom = properties.validFrom ?? properties.valid_from ?? null;
    if (rawFrom !== null && (typeof rawFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(rawFrom))) {
      problems.push(boundaryProblem(index, unitCode, 'malformed_valid_from'));
      return;
    }
    const validFrom = rawFrom as string | null;
    const geometry = feature.geometry;
    if (!isRecord(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      problems.push(boundaryProblem(index, unitCode, 'not_a_polygon'));
      return;
    }
    let shape: BoundaryGeometry;
    if (geometry.type === 'Polygon') {
      const problem = checkPolygon(geometry.coordinates);
      if (problem) {
        problems.push(boundaryProblem(index, unitCode, problem));
        return;
      }
      shape = { type: 'Polygon', coordinates: (geometry.coordinates as unknown[][]).map(flatRing) };
    } else {
      const polygons = geometry.coordinates;
      const problem = !Array.isArray(polygons) || polygons.length === 0 ? 'bad_coordinates' : null;
      const inner = problem ?? (polygons as unknown[]).map(checkPolygon).find((p) => p !== null) ?? null;
      if (inner) {
        problems.push(boundaryProblem(index, unitCode, inner));
        return;
      }
      shape = {
        type: 'MultiPolygon',
        coordinates: (polygons as unknown[][][]).map((polygon) => polygon.map(flatRing)),
      };
    }
    const key = `${unitCode}|${validFrom ?? ''}`;
    if (seen.has(key)) {
      problems.push(boundaryProblem(index, unitCode, 'duplicate_unit'));
      return;
    }
    seen.add(key);
    const name = typeof properties.name === 'string' ? properties.name : null;
    features.push({ index, unitCode, validFrom, name, geometry: shape, bbox: boundingBox(shape) });
  });
  return { features, problems };
}
