import {
  type Actor,
  assertAllowed,
  type BoundaryFeature,
  type BoundaryProblem,
  boundaryProblem,
  boundingBox,
  DomainError,
  generateBoundaries,
  parseBoundaryCollection,
  vietNamDate,
} from '@danso/domain';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { aggregateScope } from '../projections/projections.service.ts';
import {
  type BoundaryRow,
  communesOn,
  currentCommunesWithDistrict,
  currentCoverage,
  provinceName,
  type UnitVersion,
  unitVersions,
  upsertBoundaries,
} from './boundaries.repository.ts';

export interface BoundaryImportReport {
  ok: boolean;
  dryRun: boolean;
  features: number;
  imported: number;
  provinces: string[];
  problems: BoundaryProblem[];
}

/** The unit version a feature belongs to: the one it names, else the unit's latest. */
function versionFor(feature: BoundaryFeature, versions: readonly UnitVersion[]): UnitVersion | null {
  const own = versions.filter((v) => v.code === feature.unitCode && v.level !== 'district');
  if (feature.validFrom) return own.find((v) => v.validFrom === feature.validFrom) ?? null;
  return own[own.length - 1] ?? null;
}

const today = () => vietNamDate(new Date());

/**
 * Boundaries of administrative units (issue 6, item 6): imported as GeoJSON, one shape per unit version,
 * with every feature checked and nothing written when any is bad; read as a FeatureCollection of a
 * province's communes valid on a date; and generated for a demo province so the map works out of the box.
 */
export class BoundariesService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Checks a GeoJSON FeatureCollection and, unless a dry run or anything is wrong, imports it whole. */
  async importGeoJson(
    actor: Actor,
    input: { geojson: unknown; dryRun: boolean; source: string; generated?: boolean },
    clientAddress?: string,
  ): Promise<BoundaryImportReport> {
    assertAllowed(actor, 'units.manage');
    const parsed = parseBoundaryCollection(input.geojson);
    const problems = [...parsed.problems];
    const versions = await unitVersions(this.database.db, [
      ...new Set(parsed.features.map((f) => f.unitCode)),
    ]);
    const rows: BoundaryRow[] = [];
    for (const feature of parsed.features) {
      const version = versionFor(feature, versions);
      if (!version?.provinceCode) {
        problems.push(boundaryProblem(feature.index, feature.unitCode, 'unknown_unit'));
        continue;
      }
      // A province's officer imports her province's units only; others are not found for her.
      assertAllowed(actor, 'units.manage', { provinceCode: version.provinceCode });
      rows.push({
        unitCode: version.code,
        unitValidFrom: version.validFrom,
        provinceCode: version.provinceCode,
        geometry: feature.geometry,
        bbox: feature.bbox,
        generated: input.generated ?? false,
        source: input.source.slice(0, 300) || 'geojson',
      });
    }
    problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    const provinces = [...new Set(rows.map((r) => r.provinceCode))].sort();
    const report = {
      ok: problems.length === 0,
      dryRun: input.dryRun,
      features: parsed.features.length + parsed.problems.filter((p) => p.index !== null).length,
      imported: 0,
      provinces,
      problems,
    };
    if (!report.ok || input.dryRun) return report;
    await this.database.db.transaction().execute(async (trx) => {
      await upsertBoundaries(trx, rows);
      await this.audit.record(
        {
          action: 'boundaries.import',
          actorUserId: actor.userId,
          actorRole: actor.role,
          clientAddress,
          details: { features: rows.length, provinces, generated: input.generated ?? false },
        },
        trx,
      );
    });
    return { ...report, imported: rows.length };
  }

  /** The communes of a province valid on a date as a FeatureCollection; communes without a shape listed apart. */
  async communes(actor: Actor, query: { province: string; date?: string }) {
    assertAllowed(actor, 'aggregate.read');
    // Province-wide readers only: a collaborator reads aggregates as her commune's officer does.
    assertAllowed({ ...actor, scope: aggregateScope(actor.scope) }, 'aggregate.read', {
      provinceCode: query.province,
    });
    const date = query.date ?? today();
    const name = await provinceName(this.database.db, query.province);
    if (!name) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'province', reason: 'unknown_unit' }]);
    const communes = await communesOn(this.database.db, query.province, date);
    const shaped = communes.filter((c) => c.geometry !== null);
    const boxes = shaped.map((c) => c.bbox as [number, number, number, number]);
    return {
      type: 'FeatureCollection' as const,
      province: { code: query.province, name },
      date,
      generated: shaped.some((c) => c.generated),
      bbox:
        boxes.length === 0
          ? null
          : ([
              Math.min(...boxes.map((b) => b[0])),
              Math.min(...boxes.map((b) => b[1])),
              Math.max(...boxes.map((b) => b[2])),
              Math.max(...boxes.map((b) => b[3])),
            ] as [number, number, number, number]),
      features: shaped.map((c) => ({
        type: 'Feature' as const,
        id: c.code,
        bbox: c.bbox as [number, number, number, number],
        properties: {
          code: c.code,
          name: c.name,
          unitType: c.unitType,
          urbanity: c.urbanity,
          validFrom: c.validFrom,
          generated: c.generated,
        },
        geometry: c.geometry as NonNullable<typeof c.geometry>,
      })),
      missing: communes.filter((c) => c.geometry === null).map((c) => ({ code: c.code, name: c.name })),
    };
  }

  /**
   * Gives a demo province's current communes generated shapes, through the same import as a real file,
   * unless every one of them already has a boundary. Returns how many were written.
   */
  async ensureGenerated(actor: Actor, provinceCode: string, seed: number): Promise<number> {
    assertAllowed(actor, 'units.manage', { provinceCode });
    const coverage = await currentCoverage(this.database.db, provinceCode);
    if (coverage.communes === 0 || coverage.shaped === coverage.communes) return 0;
    const communes = await currentCommunesWithDistrict(this.database.db, provinceCode);
    const generated = generateBoundaries({
      provinceCode,
      seed,
      communes: communes.map((c) => ({ code: c.code, group: c.district })),
    });
    const validFrom = new Map(communes.map((c) => [c.code, c.validFrom]));
    const report = await this.importGeoJson(actor, {
      geojson: {
        type: 'FeatureCollection',
        features: generated.cells.map((cell) => ({
          type: 'Feature',
          properties: { code: cell.code, validFrom: validFrom.get(cell.code) },
          bbox: boundingBox(cell.geometry),
          geometry: cell.geometry,
        })),
      },
      dryRun: false,
      source: `generated (seed ${seed})`,
      generated: true,
    });
    if (!report.ok) {
      throw new DomainError(
        'DANSO_ERR_VALIDATION',
        report.problems.map((p) => ({ path: `features[${p.index}]`, reason: p.reason, message: p.message })),
      );
    }
    return report.imported;
  }
}
