import {
  type Actor,
  assertAllowed,
  DomainError,
  type DuplicateReasonCode,
  duplicateScore,
  vietNamDate,
} from '@danso/domain';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { earliestStockMonth, refreshStock, runAll } from '../population/population.repository.ts';
import { type CandidateRow, candidateGroups, findPerson, mergePeople } from './duplicates.repository.ts';

/** Two dates of birth this many days apart still match (a day or month typed wrong). */
const BIRTH_DATE_TOLERANCE_DAYS = 31;

export interface DuplicatePerson {
  id: string;
  fullName: string;
  sex: number;
  birthDate: string;
  householdId: string;
  householdCode: string;
  areaId: string;
  vitalStatus: string;
  presence: string;
}

const personOf = (r: CandidateRow): DuplicatePerson => ({
  id: r.id,
  fullName: r.full_name,
  sex: r.sex,
  birthDate: r.birth_date,
  householdId: r.household_id,
  householdCode: r.household_code,
  areaId: r.area_id,
  vitalStatus: r.vital_status,
  presence: r.presence,
});

const candidate = (r: CandidateRow) => ({
  id: r.id,
  fullName: r.full_name,
  sex: r.sex as 1 | 2,
  birthDate: r.birth_date,
  birthDatePrecision: r.birth_date_precision as 'day' | 'month' | 'year',
  motherId: r.mother_id,
  householdId: r.household_id,
  personalId: r.personal_id,
  insuranceNumber: r.insurance_number,
});

/** Possible duplicate records in a commune, and merging two records of one person. */
export class DuplicatesService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, communeCode: string) {
    assertAllowed(actor, 'personal.read');
    return this.database.scoped(actor.scope, async (trx) => {
      const commune = await trx
        .selectFrom('admin_unit')
        .select(['code', 'parent_code'])
        .where('code', '=', communeCode)
        .where('valid_to', 'is', null)
        .executeTakeFirst();
      if (!commune?.parent_code) throw new DomainError('DANSO_ERR_NOT_FOUND');
      assertAllowed(actor, 'personal.read', { provinceCode: commune.parent_code, communeCode });
      const rows = await candidateGroups(trx, communeCode);
      const groups = new Map<string, CandidateRow[]>();
      for (const r of rows) groups.set(r.group_key, [...(groups.get(r.group_key) ?? []), r]);
      const seen = new Set<string>();
      const pairs: Array<{
        a: DuplicatePerson;
        b: DuplicatePerson;
        score: number;
        reasons: DuplicateReasonCode[];
      }> = [];
      for (const members of groups.values()) {
        for (let i = 0; i < members.length; i++) {
          for (let j = i + 1; j < members.length; j++) {
            const [a, b] = [members[i] as CandidateRow, members[j] as CandidateRow];
            const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
            if (seen.has(key)) continue;
            const match = duplicateScore(candidate(a), candidate(b), {
              dobToleranceDays: BIRTH_DATE_TOLERANCE_DAYS,
            });
            if (!match.possibleDuplicate) continue;
            seen.add(key);
            pairs.push({ a: personOf(a), b: personOf(b), score: match.score, reasons: match.reasons });
          }
        }
      }
      pairs.sort((x, y) => y.score - x.score);
      await this.audit.record(
        {
          action: 'duplicates.list',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'commune',
          objectId: communeCode,
          placeCode: communeCode,
          purpose: 'register.quality',
          details: { pairs: pairs.length },
        },
        trx,
      );
      return { communeCode, pairs };
    });
  }

  /** Merges two records of one person, keeping the history of both under the kept one. Officers only. */
  async merge(actor: Actor, input: { keptId: string; mergedId: string; reason: string }) {
    assertAllowed(actor, 'personal.write');
    if (actor.role === 'collaborator') throw new DomainError('DANSO_ERR_FORBIDDEN');
    if (input.keptId === input.mergedId) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'mergedId', reason: 'same_person' }]);
    }
    return this.database.scoped(actor.scope, async (trx) => {
      const kept = await findPerson(trx, input.keptId);
      const merged = await findPerson(trx, input.mergedId);
      if (!kept || !merged) throw new DomainError('DANSO_ERR_NOT_FOUND');
      for (const p of [kept, merged]) {
        assertAllowed(actor, 'personal.write', {
          provinceCode: p.province_code,
          communeCode: p.commune_code,
          areaId: p.area_id,
        });
      }
      if (kept.commune_code !== merged.commune_code) {
        throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'mergedId', reason: 'other_commune' }]);
      }
      if (kept.merged_into_id || merged.merged_into_id) {
        throw new DomainError('DANSO_ERR_CONFLICT', [{ path: 'mergedId', reason: 'already_merged' }]);
      }
      await mergePeople(trx, kept.id, merged.id);
      const earliest = await earliestStockMonth(trx, kept.province_code);
      if (earliest) {
        const now = vietNamDate(new Date()).slice(0, 7);
        await runAll(
          trx,
          refreshStock({
            areaIds: [...new Set([kept.area_id, merged.area_id])],
            fromMonth: earliest,
            toMonth: `${now}-01`,
          }),
        );
      }
      await this.audit.record(
        {
          action: 'person.merge',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'person',
          objectId: kept.id,
          placeCode: kept.commune_code,
          purpose: 'register.quality',
          details: { mergedId: merged.id, reason: input.reason },
        },
        trx,
      );
      return { keptId: kept.id, mergedId: merged.id };
    });
  }
}
