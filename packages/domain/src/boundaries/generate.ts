import type { BoundaryGeometry, Position, Ring } from './geojson.ts';

/**
 * Synthetic commune boundaries for a demo province: an irregular convex outline, one seed point per
 * commune (communes of the same former district drawn around the same centre), and the Voronoi cell of
 * each seed clipped to the outline. The shapes are made up — they only let the map work without real
 * boundaries — but they tile the outline without overlap, and the same seed gives the same shapes.
 */

export interface GeneratedBoundaryInput {
  provinceCode: string;
  seed: number;
  /** The communes to draw, each with the group it should sit near (its former district), if known. */
  communes: ReadonlyArray<{ code: string; group: string | null }>;
}

export interface GeneratedBoundaries {
  outline: Ring;
  cells: Array<{ code: string; geometry: BoundaryGeometry & { type: 'Polygon' } }>;
}

/** A small, seeded generator (mulberry32 over an FNV-1a hash of the text). */
function seededRandom(text: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Point = { x: number; y: number };

/** Andrew's monotone chain, counter-clockwise. */
function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0
    )
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of [...sorted].reverse()) {
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0
    )
      upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Keeps the part of a convex polygon where a·p ≤ b (Sutherland–Hodgman against one half-plane). */
function clipHalfPlane(polygon: Point[], a: Point, b: number): Point[] {
  const out: Point[] = [];
  const side = (p: Point) => a.x * p.x + a.y * p.y - b;
  for (let i = 0; i < polygon.length; i++) {
    const current = polygon[i] as Point;
    const next = polygon[(i + 1) % polygon.length] as Point;
    const sc = side(current);
    const sn = side(next);
    if (sc <= 0) out.push(current);
    if ((sc < 0 && sn > 0) || (sc > 0 && sn < 0)) {
      const t = sc / (sc - sn);
      out.push({ x: current.x + t * (next.x - current.x), y: current.y + t * (next.y - current.y) });
    }
  }
  return out;
}

function polygonArea(polygon: readonly Point[]): number {
  let area = 0;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as Point;
    const q = polygon[(i + 1) % polygon.length] as Point;
    area += p.x * q.y - q.x * p.y;
  }
  return area / 2;
}

function centroid(polygon: readonly Point[]): Point {
  const area = polygonArea(polygon);
  if (Math.abs(area) < 1e-12) return polygon[0] as Point;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as Point;
    const q = polygon[(i + 1) % polygon.length] as Point;
    const f = p.x * q.y - q.x * p.y;
    cx += (p.x + q.x) * f;
    cy += (p.y + q.y) * f;
  }
  return { x: cx / (6 * area), y: cy / (6 * area) };
}

function insideConvex(polygon: readonly Point[], p: Point): boolean {
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i] as Point;
    const b = polygon[(i + 1) % polygon.length] as Point;
    if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) < 0) return false;
  }
  return true;
}

function voronoiCells(outline: Point[], seeds: readonly Point[]): Point[][] {
  return seeds.map((s, i) => {
    let cell = outline;
    for (let j = 0; j < seeds.length && cell.length > 0; j++) {
      if (j === i) continue;
      const o = seeds[j] as Point;
      // Closer to s than to o: (o − s)·p ≤ (|o|² − |s|²) / 2.
      cell = clipHalfPlane(
        cell,
        { x: o.x - s.x, y: o.y - s.y },
        (o.x * o.x + o.y * o.y - s.x * s.x - s.y * s.y) / 2,
      );
    }
    return cell;
  });
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function generateBoundaries(input: GeneratedBoundaryInput): GeneratedBoundaries {
  const random = seededRandom(`${input.seed}:${input.provinceCode}:boundaries`);
  const communes = [...input.communes].sort((a, b) => a.code.localeCompare(b.code));
  const n = communes.length;
  // A made-up place inside Viet Nam's latitudes and longitudes; the planar frame is in degrees of latitude.
  const lat0 = 11 + random() * 11;
  const lon0 = 104 + random() * 4;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const radius = 0.12 * Math.sqrt(Math.max(n, 1));

  const phases = [random(), random(), random()].map((r) => r * 2 * Math.PI);
  const corners = 64;
  const outline = convexHull(
    Array.from({ length: corners }, (_, k) => {
      const angle = (2 * Math.PI * k) / corners;
      const wobble =
        1 +
        0.22 * Math.sin(2 * angle + (phases[0] as number)) +
        0.1 * Math.sin(3 * angle + (phases[1] as number)) +
        0.05 * Math.sin(5 * angle + (phases[2] as number));
      return { x: radius * 1.15 * wobble * Math.cos(angle), y: radius * 0.9 * wobble * Math.sin(angle) };
    }),
  );
  const xs = outline.map((p) => p.x);
  const ys = outline.map((p) => p.y);
  const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  const insideAnywhere = () => {
    for (;;) {
      const p = { x: box.x0 + random() * (box.x1 - box.x0), y: box.y0 + random() * (box.y1 - box.y0) };
      if (insideConvex(outline, p)) return p;
    }
  };
  // Best of several candidates: the one farthest from those already placed, so points spread out.
  const spreadOut = (placed: readonly Point[], candidate: () => Point, tries: number) => {
    let best = candidate();
    let bestDistance = -1;
    for (let t = 0; t < tries; t++) {
      const p = t === 0 ? best : candidate();
      const d = placed.reduce((m, q) => Math.min(m, (p.x - q.x) ** 2 + (p.y - q.y) ** 2), Infinity);
      if (d > bestDistance) {
        best = p;
        bestDistance = d;
      }
    }
    return best;
  };

  const groups = [...new Set(communes.map((c) => c.group ?? c.code))].sort();
  const centres = new Map<string, Point>();
  for (const group of groups) centres.set(group, spreadOut([...centres.values()], insideAnywhere, 12));
  const spread = radius / Math.sqrt(Math.max(groups.length, 1));

  const seeds: Point[] = [];
  for (const commune of communes) {
    const centre = centres.get(commune.group ?? commune.code) as Point;
    const near = () => {
      for (let t = 0; t < 50; t++) {
        const p = { x: centre.x + (random() * 2 - 1) * spread, y: centre.y + (random() * 2 - 1) * spread };
        if (insideConvex(outline, p)) return p;
      }
      return insideAnywhere();
    };
    seeds.push(spreadOut(seeds, near, 6));
  }
  // Two rounds of Lloyd's relaxation even out the cells' sizes; neighbours stay neighbours.
  let cells = voronoiCells(outline, seeds);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < seeds.length; i++) {
      const cell = cells[i] as Point[];
      if (cell.length >= 3) seeds[i] = centroid(cell);
    }
    cells = voronoiCells(outline, seeds);
  }

  const toPosition = (p: Point): Position => [round(lon0 + p.x / kx), round(lat0 + p.y)];
  const closed = (polygon: readonly Point[]): Ring => {
    const ring = polygon.map(toPosition);
    return [...ring, ring[0] as Position];
  };
  return {
    outline: closed(outline),
    cells: communes.map((commune, i) => ({
      code: commune.code,
      geometry: { type: 'Polygon', coordinates: [closed(cells[i] as Point[])] },
    })),
  };
}

/** Whether a point lies inside a ring (ray casting; a point on an edge may go either way). */
export function pointInRing(point: Position, ring: Ring): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a polygon or multipolygon (in an outer ring, not in one of its holes). */
export function pointInGeometry(point: Position, geometry: BoundaryGeometry): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some(
    (polygon) =>
      pointInRing(point, polygon[0] ?? []) && !polygon.slice(1).some((hole) => pointInRing(point, hole)),
  );
}
