import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface CandidateRow {
  id: string;
  full_name: string;
  sex: number;
  birth_date: string;
  birth_date_precision: string;
  household_id: string;
  household_code: string;
  area_id: string;
  mother_id: string | null;
  personal_id: string | null;
  insurance_number: string | null;
  vital_status: string;
  presence: string;
  group_key: string;
}

/**
 * People of a commune who share a folded name or a personal ID number with someone else there: the only
 * pairs that can be possible duplicates (the domain's rule needs one or the other), found with one grouping
 * rather than comparing everyone with everyone.
 */
export async function candidateGroups(ex: Executor, communeCode: string): Promise<CandidateRow[]> {
  const result = await sql<CandidateRow>`
    WITH live AS (
      SELECT p.* FROM person p WHERE p.commune_code = ${communeCode} AND p.merged_into_id IS NULL
    ), keys AS (
      SELECT 'name:' || search_name AS group_key FROM live GROUP BY search_name HAVING count(*) > 1
      UNION ALL
      SELECT 'id:' || personal_id FROM live WHERE personal_id IS NOT NULL GROUP BY personal_id HAVING count(*) > 1
    )
    SELECT l.id, l.full_name, l.sex, l.birth_date, l.birth_date_precision, l.household_id, h.code AS household_code,
           l.area_id, l.mother_id, l.personal_id, l.insurance_number, l.vital_status, l.presence, k.group_key
    FROM keys k
    JOIN live l ON k.group_key = 'name:' || l.search_name OR k.group_key = 'id:' || l.personal_id
    JOIN household h ON h.id = l.household_id
    ORDER BY k.group_key, l.id`.execute(ex);
  return result.rows;
}

export async function findPerson(ex: Executor, id: string) {
  return ex
    .selectFrom('person')
    .select(['id', 'province_code', 'commune_code', 'area_id', 'household_id', 'merged_into_id', 'full_name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Merges `mergedId` into `keptId`: the merged record stays (with its changes, which the kept person's page
 * shows) but no longer counts — it is marked merged and its intervals are emptied (valid_to = valid_from),
 * so no date counts the person twice.
 */
export async function mergePeople(ex: Executor, keptId: string, mergedId: string) {
  await ex.updateTable('person').set({ merged_into_id: keptId }).where('id', '=', mergedId).execute();
  await sql`UPDATE person SET mother_id = ${keptId} WHERE mother_id = ${mergedId}`.execute(ex);
  await sql`UPDATE residence_interval SET valid_to = valid_from, closed_by = NULL
    WHERE person_id = ${mergedId}`.execute(ex);
  await sql`UPDATE status_interval SET valid_to = valid_from WHERE person_id = ${mergedId}`.execute(ex);
}
