import { describe, expect, it } from 'vitest';
import { generateBoundaries, pointInGeometry, pointInRing } from './generate.ts';
import { boundingBox, parseBoundaryCollection } from './geojson.ts';

const communes = Array.from({ length: 40 }, (_, i) => ({
  code: String(10000 + i * 7).padStart(5, '0'),
  group: `district-${i % 6}`,
}));

describe('generated boundaries', () => {
  const generated = generateBoundaries({ provinceCode: '20', seed: 7, communes });

  it('gives every commune exactly one non-empty polygon', () => {
    expect(generated.cells.map((c) => c.code).sort()).toEqual(communes.map((c) => c.code).sort());
    for (const cell of generated.cells) {
      expect(cell.geometry.type).toBe('Polygon');
      const ring = cell.geometry.coordinates[0] ?? [];
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      const [west, south, east, north] = boundingBox(cell.geometry);
      expect(east - west).toBeGreaterThan(0);
      expect(north - south).toBeGreaterThan(0);
    }
  });

  it('tiles the outline without overlap: every sample point falls in at most one commune', () => {
    const [west, south, east, north] = boundingBox({ type: 'Polygon', coordinates: [generated.outline] });
    let inOutline = 0;
    let covered = 0;
    const steps = 60;
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < steps; j++) {
        // Offsets keep the grid off the cells' shared edges.
        const point: [number, number] = [
          west + ((i + 0.37) / steps) * (east - west),
          south + ((j + 0.61) / steps) * (north - south),
        ];
        const holders = generated.cells.filter((c) => pointInGeometry(point, c.geometry)).length;
        expect(holders).toBeLessThanOrEqual(1);
        if (pointInRing(point, generated.outline)) {
          inOutline++;
          covered += holders;
        }
      }
    }
    // And they cover it: the points of the outline lie in a commune (rounding may leave a hair's gap).
    expect(covered / inOutline).toBeGreaterThan(0.995);
  });

  it('is deterministic for a seed and differs for another', () => {
    expect(generateBoundaries({ provinceCode: '20', seed: 7, communes: [...communes].reverse() })).toEqual(
      generated,
    );
    expect(generateBoundaries({ provinceCode: '20', seed: 8, communes })).not.toEqual(generated);
  });

  it('draws communes of one former district near each other', () => {
    const centre = (code: string) => {
      const [west, south, east, north] = boundingBox(
        generated.cells.find((c) => c.code === code)?.geometry ?? { type: 'Polygon', coordinates: [] },
      );
      return [(west + east) / 2, (south + north) / 2] as const;
    };
    const distance = (a: string, b: string) =>
      Math.hypot(centre(a)[0] - centre(b)[0], centre(a)[1] - centre(b)[1]);
    const pairs = (same: boolean) =>
      communes.flatMap((a, i) =>
        communes
          .slice(i + 1)
          .flatMap((b) => ((a.group === b.group) === same ? [distance(a.code, b.code)] : [])),
      );
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(pairs(true))).toBeLessThan(mean(pairs(false)));
  });
});

describe('GeoJSON boundary checks', () => {
  const square: number[][][] = [
    [
      [106, 21],
      [106.1, 21],
      [106.1, 21.1],
      [106, 21.1],
      [106, 21],
    ],
  ];
  const feature = (properties: unknown, geometry: unknown) => ({ type: 'Feature', properties, geometry });

  it('accepts polygons and multipolygons with their unit code and bounding box', () => {
    const { features, problems } = parseBoundaryCollection({
      type: 'FeatureCollection',
      features: [
        feature({ code: '06415', name: 'Xã A' }, { type: 'Polygon', coordinates: square }),
        feature({ ma_xa: '06416', validFrom: '2025-07-01' }, { type: 'MultiPolygon', coordinates: [square] }),
      ],
    });
    expect(problems).toEqual([]);
    expect(features.map((f) => [f.unitCode, f.validFrom, f.name, f.bbox])).toEqual([
      ['06415', null, 'Xã A', [106, 21, 106.1, 21.1]],
      ['06416', '2025-07-01', null, [106, 21, 106.1, 21.1]],
    ]);
  });

  it('reports every bad feature with its position and reason', () => {
    const open = [square[0]?.slice(0, 4)];
    const { problems } = parseBoundaryCollection({
      type: 'FeatureCollection',
      features: [
        feature({ code: '06415' }, { type: 'Polygon', coordinates: square }),
        feature({}, { type: 'Polygon', coordinates: square }),
        feature({ code: '6415' }, { type: 'Polygon', coordinates: square }),
        feature({ code: '06417' }, { type: 'Point', coordinates: [106, 21] }),
        feature({ code: '06418' }, { type: 'Polygon', coordinates: open }),
        feature(
          { code: '06419' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        ),
        feature(
          { code: '06420' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [200, 0],
                [1, 1],
                [1, 0],
                [200, 0],
              ],
            ],
          },
        ),
        feature({ code: '06421' }, { type: 'Polygon', coordinates: [[['a', 0]]] }),
        feature({ code: '06415' }, { type: 'Polygon', coordinates: square }),
        { type: 'Geometry' },
        feature({ code: '06422', validFrom: '1/7/2025' }, { type: 'Polygon', coordinates: square }),
      ],
    });
    expect(problems.map((p) => [p.index, p.unitCode, p.reason])).toEqual([
      [1, null, 'missing_unit_code'],
      [2, '6415', 'malformed_unit_code'],
      [3, '06417', 'not_a_polygon'],
      [4, '06418', 'ring_not_closed'],
      [5, '06419', 'ring_too_short'],
      [6, '06420', 'out_of_range'],
      [7, '06421', 'bad_coordinates'],
      [8, '06415', 'duplicate_unit'],
      [9, null, 'not_a_feature'],
      [10, '06422', 'malformed_valid_from'],
    ]);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('refuses what is not a feature collection, or an empty one', () => {
    expect(parseBoundaryCollection({ type: 'Feature' }).problems[0]?.reason).toBe('not_a_feature_collection');
    expect(parseBoundaryCollection(null).problems[0]?.reason).toBe('not_a_feature_collection');
    expect(parseBoundaryCollection({ type: 'FeatureCollection', features: [] }).problems[0]?.reason).toBe(
      'empty_collection',
    );
  });
});
