import { type Actor, assertAllowed, DomainError } from '@danso/domain';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type Boundaries, populationBySexAge, residents } from './population.repository.ts';

/** The province a unit code belongs to: a current unit, or a former commune an area lay in. */
async function provinceOfUnit(ex: Executor, code: string): Promise<string | null> {
  if (code.length === 2) return code;
  const current = await ex
    .selectFrom('admin_unit')
    .select('parent_code')
    .where('code', '=', code)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (current?.parent_code) return current.parent_code;
  const former = await sql<{ province_code: string }>`
    SELECT province_code FROM area_unit_history WHERE commune_code = ${code} LIMIT 1`.execute(ex);
  return former.rows[0]?.province_code ?? null;
}

export interface PopulationQuery {
  unitCode: string;
  date: string;
  boundaries: Boundaries;
}

/**
 * The population at any date, from the validity intervals: counts by sex and single age for a commune or
 * province (on today's boundaries or those valid then), and who lived in a commune on that date.
 */
export class PopulationService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  private async place(ex: Executor, unitCode: string) {
    const provinceCode = await provinceOfUnit(ex, unitCode);
    if (!provinceCode)
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'unitCode', reason: 'unknown_unit' }]);
    if (unitCode.length === 2) return { provinceCode };
    // A former commune is checked against the commune its areas belong to today, when that is one.
    const today = await sql<{ commune_code: string }>`
      SELECT DISTINCT a.commune_code FROM area_unit_history u JOIN area a ON a.id = u.area_id
      WHERE u.commune_code = ${unitCode} AND u.valid_to IS NOT NULL`.execute(ex);
    const communeCode = today.rows.length === 1 ? (today.rows[0]?.commune_code ?? unitCode) : unitCode;
    return { provinceCode, communeCode };
  }

  async bySexAge(actor: Actor, query: PopulationQuery) {
    assertAllowed(actor, 'aggregate.read');
    return this.database.scoped(actor.scope, async (trx) => {
      const place = await this.place(trx, query.unitCode);
      assertAllowed(actor, 'aggregate.read', place);
      const counted =
        query.unitCode.length === 2 ? { provinceCode: query.unitCode } : { communeCode: query.unitCode };
      const rows = await populationBySexAge(trx, counted, query.date, query.boundaries);
      const sum = (sex?: number) =>
        rows.filter((r) => sex === undefined || r.sex === sex).reduce((s, r) => s + r.n, 0);
      return { ...query, total: sum(), male: sum(1), female: sum(2), bySexAge: rows };
    });
  }

  async residents(actor: Actor, query: PopulationQuery & { limit: number; offset: number }) {
    assertAllowed(actor, 'personal.read');
    if (query.unitCode.length !== 5) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'unitCode', reason: 'commune_code_required' }]);
    }
    return this.database.scoped(actor.scope, async (trx) => {
      const place = await this.place(trx, query.unitCode);
      assertAllowed(actor, 'personal.read', place);
      const page = await residents(trx, query.unitCode, query.date, query.boundaries, query);
      await this.audit.record(
        {
          action: 'population.residents',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'commune',
          objectId: query.unitCode,
          placeCode: query.unitCode,
          purpose: 'register.read',
          details: { date: query.date, boundaries: query.boundaries, returned: page.rows.length },
        },
        trx,
      );
      return {
        total: page.total,
        items: page.rows.map((r) => ({
          personId: r.person_id,
          fullName: r.full_name,
          sex: r.sex,
          birthDate: r.birth_date,
          householdId: r.household_id,
          householdCode: r.household_code,
          areaId: r.area_id,
        })),
      };
    });
  }
}
