import { type Change, householdCode, type InfoChangeItem } from '@danso/domain';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { HouseholdPlace } from './changes.repository.ts';

/**
 * Applying an approved change to the register (DESIGN.md §2.2): the current rows change, and the validity
 * intervals record from when. Runs in the approving transaction; every write names the change.
 */
export interface ApplyContext {
  changeId: string;
  version: number;
  household: HouseholdPlace;
}

/** Areas whose population a change touched, and from which date (for the month-end stock). */
export interface ApplyResult {
  touchedAreas: Set<string>;
  /** Transfers between areas, for the flow counts of each side. */
  transfers: Array<{ fromArea: string; toArea: string; personId: string }>;
}

type Kind = 'vital' | 'marital' | 'residence' | 'contraception';

async function bumpPerson(ex: Executor, id: string, version: number, fields: string[]) {
  const versions = Object.fromEntries(fields.map((f) => [f, version]));
  await sql`UPDATE person SET version = ${version}, field_versions = field_versions || ${JSON.stringify(versions)}::jsonb
    WHERE id = ${id}`.execute(ex);
}

async function bumpHousehold(ex: Executor, id: string, version: number, fields: string[]) {
  const versions = Object.fromEntries(fields.map((f) => [f, version]));
  await sql`UPDATE household SET version = ${version}, field_versions = field_versions || ${JSON.stringify(versions)}::jsonb
    WHERE id = ${id}`.execute(ex);
}

async function closeResidence(ex: Executor, personId: string, on: string, changeId: string) {
  await sql`UPDATE residence_interval SET valid_to = greatest(valid_from, ${on}::date), closed_by = ${changeId}
    WHERE person_id = ${personId} AND valid_to IS NULL`.execute(ex);
}

async function openResidence(
  ex: Executor,
  person: { id: string; household_id: string; area_id: string; province_code: string; commune_code: string },
  on: string,
  changeId: string,
) {
  await ex
    .insertInto('residence_interval')
    .values({
      person_id: person.id,
      household_id: person.household_id,
      area_id: person.area_id,
      province_code: person.province_code,
      commune_code: person.commune_code,
      valid_from: on,
      opened_by: changeId,
    })
    .execute();
}

/**
 * A register loaded without history has no status intervals: before the first change of a status, the
 * interval of the value held until then is written, from when the person entered the register.
 */
async function ensureStatusHistory(ex: Executor, personId: string, kind: Kind, previous: string | null) {
  if (previous === null) return;
  await sql`INSERT INTO status_interval (person_id, province_code, commune_code, area_id, kind, value, valid_from)
    SELECT p.id, p.province_code, p.commune_code, p.area_id, ${kind}, ${previous}, greatest(p.birth_date, h.created_on)
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.id = ${personId}
      AND NOT EXISTS (SELECT 1 FROM status_interval s WHERE s.person_id = ${personId} AND s.kind = ${kind})`.execute(
    ex,
  );
}

async function closeStatus(ex: Executor, personId: string, kind: Kind, on: string, changeId: string) {
  await sql`UPDATE status_interval SET valid_to = greatest(valid_from, ${on}::date), closed_by = ${changeId}
    WHERE person_id = ${personId} AND kind = ${kind} AND valid_to IS NULL`.execute(ex);
}

/** Closes the open interval of this kind and opens one with the new value (none for null). */
async function setStatus(
  ex: Executor,
  personId: string,
  kind: Kind,
  value: string | null,
  on: string,
  changeId: string,
  previous: string | null = null,
) {
  await ensureStatusHistory(ex, personId, kind, previous);
  await closeStatus(ex, personId, kind, on, changeId);
  if (value === null) return;
  await sql`INSERT INTO status_interval (person_id, province_code, commune_code, area_id, kind, value, valid_from, opened_by)
    SELECT id, province_code, commune_code, area_id, ${kind}, ${value}, ${on}::date, ${changeId}
    FROM person WHERE id = ${personId}`.execute(ex);
}

async function nextRowNumber(ex: Executor, householdId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT coalesce(max(row_number), 0)::int + 1 AS n FROM person WHERE household_id = ${householdId}`.execute(
    ex,
  );
  return Number(result.rows[0]?.n ?? 1);
}

interface NewPerson {
  id: string;
  fullName: string;
  relationToHead: string;
  sex: number;
  birthDate: string;
  birthDatePrecision: string;
  ethnicityCode: string;
  educationCode?: string | null;
  maritalStatus: string;
  residenceStatus: string;
  insuranceNumber?: string | null;
  personalId?: string | null;
  motherId?: string | null;
}

async function addPerson(ex: Executor, person: NewPerson, on: string, context: ApplyContext) {
  const h = context.household;
  const row = {
    id: person.id,
    province_code: h.province_code,
    commune_code: h.commune_code,
    area_id: h.area_id,
    household_id: h.id,
  };
  await ex
    .insertInto('person')
    .values({
      ...row,
      row_number: await nextRowNumber(ex, h.id),
      full_name: person.fullName,
      relation_to_head: person.relationToHead,
      sex: person.sex,
      birth_date: person.birthDate,
      birth_date_precision: person.birthDatePrecision,
      ethnicity_code: person.ethnicityCode,
      education_code: person.educationCode ?? null,
      marital_status: person.maritalStatus,
      residence_status: person.residenceStatus,
      insurance_number: person.insuranceNumber ?? null,
      personal_id: person.personalId ?? null,
      mother_id: person.motherId ?? null,
      version: context.version,
    })
    .execute();
  await openResidence(ex, row, on, context.changeId);
  await setStatus(ex, person.id, 'vital', 'alive', on, context.changeId);
  await setStatus(ex, person.id, 'marital', person.maritalStatus, on, context.changeId);
  await setStatus(ex, person.id, 'residence', person.residenceStatus, on, context.changeId);
  if (person.relationToHead === 'head') {
    await ex.updateTable('household').set({ head_person_id: person.id }).where('id', '=', h.id).execute();
    await bumpHousehold(ex, h.id, context.version, ['headPersonId']);
  }
}

async function presentMembers(ex: Executor, householdId: string) {
  return ex
    .selectFrom('person')
    .select(['id', 'area_id'])
    .where('household_id', '=', householdId)
    .where('vital_status', '=', 'alive')
    .where('presence', '=', 'present')
    .where('merged_into_id', 'is', null)
    .execute();
}

async function moveOutPerson(ex: Executor, personId: string, on: string, context: ApplyContext) {
  await ex
    .updateTable('person')
    .set({ presence: 'moved_out', moved_out_on: on, contraceptive_method: null })
    .where('id', '=', personId)
    .execute();
  await closeResidence(ex, personId, on, context.changeId);
  await closeStatus(ex, personId, 'contraception', on, context.changeId);
  await bumpPerson(ex, personId, context.version, ['presence']);
}

/** Moves a person to another household of the commune (its area may differ). */
async function transferPerson(
  ex: Executor,
  personId: string,
  target: { id: string; area_id: string; province_code: string; commune_code: string },
  relationToHead: string,
  on: string,
  context: ApplyContext,
) {
  await ex
    .updateTable('person')
    .set({
      household_id: target.id,
      area_id: target.area_id,
      relation_to_head: relationToHead,
      row_number: await nextRowNumber(ex, target.id),
    })
    .where('id', '=', personId)
    .execute();
  await closeResidence(ex, personId, on, context.changeId);
  await openResidence(
    ex,
    {
      id: personId,
      household_id: target.id,
      area_id: target.area_id,
      province_code: target.province_code,
      commune_code: target.commune_code,
    },
    on,
    context.changeId,
  );
  await sql`UPDATE status_interval SET area_id = ${target.area_id} WHERE person_id = ${personId} AND valid_to IS NULL`.execute(
    ex,
  );
  await bumpPerson(ex, personId, context.version, ['householdId', 'relationToHead']);
  if (relationToHead === 'head') {
    await ex.updateTable('household').set({ head_person_id: personId }).where('id', '=', target.id).execute();
    await bumpHousehold(ex, target.id, context.version, ['headPersonId']);
  }
}

const infoColumns: Record<Exclude<InfoChangeItem['field'], 'birthDate'>, string> = {
  fullName: 'full_name',
  sex: 'sex',
  ethnicityCode: 'ethnicity_code',
  educationCode: 'education_code',
  maritalStatus: 'marital_status',
  residenceStatus: 'residence_status',
  relationToHead: 'relation_to_head',
  insuranceNumber: 'insurance_number',
  personalId: 'personal_id',
};

async function setMarital(ex: Executor, personId: string, value: string, on: string, context: ApplyContext) {
  const before = await ex
    .selectFrom('person')
    .select('marital_status')
    .where('id', '=', personId)
    .executeTakeFirst();
  await ex.updateTable('person').set({ marital_status: value }).where('id', '=', personId).execute();
  await setStatus(ex, personId, 'marital', value, on, context.changeId, before?.marital_status ?? null);
  await bumpPerson(ex, personId, context.version, ['maritalStatus']);
}

async function createHousehold(
  ex: Executor,
  id: string,
  payload: {
    areaId: string;
    hamletId?: string;
    number: number;
    address?: string;
    kind: 'family' | 'collective';
  },
  on: string,
  context: ApplyContext,
) {
  const h = context.household;
  const area = await ex
    .selectFrom('area')
    .select(['number', 'commune_code'])
    .where('id', '=', payload.areaId)
    .executeTakeFirstOrThrow();
  await ex
    .insertInto('household')
    .values({
      id,
      province_code: h.province_code,
      commune_code: h.commune_code,
      area_id: payload.areaId,
      hamlet_id: payload.hamletId ?? null,
      // The rules kept the area in the household's commune; the code is the one they found free there.
      code: householdCode(area.commune_code, area.number, payload.number),
      number: payload.number,
      address: payload.address ?? null,
      kind: payload.kind,
      created_on: on,
      version: context.version,
    })
    .execute();
}

/** Applies one approved change. Conflicts were ruled out before; this only writes. */
export async function applyChange(ex: Executor, change: Change, context: ApplyContext): Promise<ApplyResult> {
  const on = change.occurredOn;
  const result: ApplyResult = { touchedAreas: new Set([context.household.area_id]), transfers: [] };
  switch (change.type) {
    case 'birth': {
      const p = change.payload;
      await addPerson(
        ex,
        {
          id: change.personId,
          fullName: p.fullName,
          relationToHead: p.relationToHead,
          sex: p.sex,
          birthDate: on,
          birthDatePrecision: 'day',
          ethnicityCode: p.ethnicityCode,
          maritalStatus: 'never_married',
          residenceStatus: p.residenceStatus ?? 'permanent',
          insuranceNumber: p.insuranceNumber ?? null,
          personalId: p.personalId ?? null,
          motherId: p.mother.personId ?? null,
        },
        on,
        context,
      );
      return result;
    }
    case 'move_in': {
      const p = change.payload.person;
      await addPerson(ex, { id: change.personId, ...p }, on, context);
      return result;
    }
    case 'death': {
      await ex
        .updateTable('person')
        .set({ vital_status: 'dead', death_date: on, contraceptive_method: null })
        .where('id', '=', change.personId)
        .execute();
      await closeResidence(ex, change.personId, on, context.changeId);
      await setStatus(ex, change.personId, 'vital', 'dead', on, context.changeId, 'alive');
      await closeStatus(ex, change.personId, 'contraception', on, context.changeId);
      await bumpPerson(ex, change.personId, context.version, ['vitalStatus']);
      return result;
    }
    case 'move_out': {
      if (change.payload.scope === 'person' && 'personId' in change) {
        await moveOutPerson(ex, change.personId, on, context);
        return result;
      }
      for (const member of await presentMembers(ex, change.householdId)) {
        await moveOutPerson(ex, member.id, on, context);
      }
      await ex
        .updateTable('household')
        .set({ status: 'closed', closed_on: on })
        .where('id', '=', change.householdId)
        .execute();
      await bumpHousehold(ex, change.householdId, context.version, ['status']);
      return result;
    }
    case 'transfer': {
      if (change.payload.scope === 'person' && 'personId' in change) {
        const target = await ex
          .selectFrom('household')
          .select(['id', 'area_id', 'province_code', 'commune_code'])
          .where('id', '=', change.payload.toHouseholdId)
          .executeTakeFirstOrThrow();
        await transferPerson(ex, change.personId, target, change.payload.relationToHead, on, context);
        result.touchedAreas.add(target.area_id);
        if (target.area_id !== context.household.area_id) {
          result.transfers.push({
            fromArea: context.household.area_id,
            toArea: target.area_id,
            personId: change.personId,
          });
        }
        return result;
      }
      if (change.payload.scope !== 'household') return result;
      const toArea = await ex
        .selectFrom('area')
        .select(['id', 'number', 'commune_code'])
        .where('id', '=', change.payload.toAreaId)
        .executeTakeFirstOrThrow();
      const h = context.household;
      await ex
        .updateTable('household')
        .set({
          area_id: toArea.id,
          number: change.payload.number,
          code: householdCode(toArea.commune_code, toArea.number, change.payload.number),
        })
        .where('id', '=', h.id)
        .execute();
      await bumpHousehold(ex, h.id, context.version, ['areaId']);
      for (const member of await presentMembers(ex, h.id)) {
        const target = {
          id: h.id,
          area_id: toArea.id,
          province_code: h.province_code,
          commune_code: h.commune_code,
        };
        const relation = await ex
          .selectFrom('person')
          .select('relation_to_head')
          .where('id', '=', member.id)
          .executeTakeFirstOrThrow();
        await transferPerson(ex, member.id, target, relation.relation_to_head, on, context);
        if (toArea.id !== h.area_id)
          result.transfers.push({ fromArea: h.area_id, toArea: toArea.id, personId: member.id });
      }
      result.touchedAreas.add(toArea.id);
      return result;
    }
    case 'info_change': {
      for (const item of change.payload.items) {
        if (item.field === 'birthDate') {
          await ex
            .updateTable('person')
            .set({ birth_date: item.to.date, birth_date_precision: item.to.precision })
            .where('id', '=', change.personId)
            .execute();
        } else {
          await sql`UPDATE person SET ${sql.ref(infoColumns[item.field])} = ${item.to} WHERE id = ${change.personId}`.execute(
            ex,
          );
          if (item.field === 'maritalStatus') {
            await setStatus(ex, change.personId, 'marital', item.to, on, context.changeId, item.from);
          }
          if (item.field === 'residenceStatus') {
            await setStatus(ex, change.personId, 'residence', item.to, on, context.changeId, item.from);
          }
        }
      }
      await bumpPerson(
        ex,
        change.personId,
        context.version,
        change.payload.items.map((i) => i.field),
      );
      return result;
    }
    case 'contraception_start': {
      await ex
        .updateTable('person')
        .set({ contraceptive_method: change.payload.method, contraception_started_on: on })
        .where('id', '=', change.personId)
        .execute();
      await setStatus(ex, change.personId, 'contraception', change.payload.method, on, context.changeId);
      await bumpPerson(ex, change.personId, context.version, ['contraceptiveMethod']);
      return result;
    }
    case 'contraception_stop': {
      await ex
        .updateTable('person')
        .set({ contraceptive_method: null, contraception_started_on: null })
        .where('id', '=', change.personId)
        .execute();
      await closeStatus(ex, change.personId, 'contraception', on, context.changeId);
      await bumpPerson(ex, change.personId, context.version, ['contraceptiveMethod']);
      return result;
    }
    case 'marriage': {
      await setMarital(ex, change.personId, 'married', on, context);
      const spouse = change.payload.spouse;
      if ('personId' in spouse) await setMarital(ex, spouse.personId, 'married', on, context);
      return result;
    }
    case 'divorce': {
      await setMarital(ex, change.personId, 'divorced', on, context);
      if (change.payload.spousePersonId)
        await setMarital(ex, change.payload.spousePersonId, 'divorced', on, context);
      return result;
    }
    case 'household_new': {
      await createHousehold(ex, change.householdId, change.payload, on, context);
      result.touchedAreas.add(change.payload.areaId);
      return result;
    }
    case 'household_split': {
      const p = change.payload;
      await createHousehold(ex, p.newHouseholdId, p, on, context);
      const target = {
        id: p.newHouseholdId,
        area_id: p.areaId,
        province_code: context.household.province_code,
        commune_code: context.household.commune_code,
      };
      for (const member of p.members) {
        await transferPerson(ex, member.personId, target, member.relationToHead, on, context);
        if (p.areaId !== context.household.area_id) {
          result.transfers.push({
            fromArea: context.household.area_id,
            toArea: p.areaId,
            personId: member.personId,
          });
        }
      }
      if (p.sourceNewHeadPersonId) {
        await setHead(ex, change.householdId, p.sourceNewHeadPersonId, [], context);
      }
      result.touchedAreas.add(p.areaId);
      return result;
    }
    case 'head_change': {
      await setHead(
        ex,
        change.householdId,
        change.payload.newHeadPersonId,
        change.payload.relations,
        context,
      );
      return result;
    }
    case 'newborn_screening':
    case 'pregnancy_event':
    case 'prenatal_screening':
    case 'elderly_check':
    case 'premarital_check':
      return result;
    case 'correction':
      throw new Error('corrections are applied by the changes service');
  }
}

async function setHead(
  ex: Executor,
  householdId: string,
  headId: string,
  relations: ReadonlyArray<{ personId: string; relationToHead: string }>,
  context: ApplyContext,
) {
  await ex.updateTable('household').set({ head_person_id: headId }).where('id', '=', householdId).execute();
  await ex.updateTable('person').set({ relation_to_head: 'head' }).where('id', '=', headId).execute();
  await bumpPerson(ex, headId, context.version, ['relationToHead']);
  for (const r of relations) {
    await ex
      .updateTable('person')
      .set({ relation_to_head: r.relationToHead })
      .where('id', '=', r.personId)
      .execute();
    await bumpPerson(ex, r.personId, context.version, ['relationToHead']);
  }
  await bumpHousehold(ex, householdId, context.version, ['headPersonId']);
}

/** Whether an approved change after `version` touched any of these people or households. */
export async function changedSince(
  ex: Executor,
  version: number,
  ids: { people: readonly string[]; households: readonly string[] },
): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM change_record
      WHERE status = 'approved' AND applied_version > ${version} AND type <> 'correction'
        AND (person_id = ANY(${[...ids.people]}::uuid[]) OR household_id = ANY(${[...ids.households]}::uuid[]))
    ) AS found`.execute(ex);
  return result.rows[0]?.found ?? false;
}

/** The people whose history a change wrote. */
export async function peopleTouchedBy(ex: Executor, changeId: string): Promise<string[]> {
  const result = await sql<{ person_id: string }>`
    SELECT person_id FROM residence_interval WHERE opened_by = ${changeId} OR closed_by = ${changeId}
    UNION SELECT person_id FROM status_interval WHERE opened_by = ${changeId} OR closed_by = ${changeId}`.execute(
    ex,
  );
  return result.rows.map((r) => r.person_id);
}

/**
 * Takes back what an approved change wrote (for a correction), using the intervals it opened and closed:
 * those it opened go, those it closed are open again, and each person's current fields are set back from
 * the intervals now open. People the change added (birth, move in) are removed with their intervals.
 */
export async function undoChange(
  ex: Executor,
  change: Change,
  context: { changeId: string; version: number },
): Promise<void> {
  const people = await peopleTouchedBy(ex, context.changeId);
  const added = change.type === 'birth' || change.type === 'move_in' ? [change.personId] : ([] as string[]);
  await sql`DELETE FROM residence_interval WHERE opened_by = ${context.changeId}`.execute(ex);
  await sql`DELETE FROM status_interval WHERE opened_by = ${context.changeId}`.execute(ex);
  await sql`UPDATE residence_interval SET valid_to = NULL, closed_by = NULL WHERE closed_by = ${context.changeId}`.execute(
    ex,
  );
  await sql`UPDATE status_interval SET valid_to = NULL, closed_by = NULL WHERE closed_by = ${context.changeId}`.execute(
    ex,
  );
  if (added.length > 0) {
    await sql`UPDATE household SET head_person_id = NULL WHERE head_person_id = ANY(${added}::uuid[])`.execute(
      ex,
    );
    await sql`DELETE FROM person WHERE id = ANY(${added}::uuid[])`.execute(ex);
  }
  const remaining = people.filter((id) => !added.includes(id));
  if (remaining.length > 0) {
    // Current fields from the intervals now open; a status without intervals keeps the row's value.
    await sql`
      UPDATE person p SET
        vital_status = CASE WHEN EXISTS (SELECT 1 FROM status_interval s WHERE s.person_id = p.id AND s.kind = 'vital'
                              AND s.valid_to IS NULL AND s.value = 'alive') THEN 'alive' ELSE p.vital_status END,
        death_date = CASE WHEN EXISTS (SELECT 1 FROM status_interval s WHERE s.person_id = p.id AND s.kind = 'vital'
                              AND s.valid_to IS NULL AND s.value = 'alive') THEN NULL ELSE p.death_date END,
        presence = CASE WHEN EXISTS (SELECT 1 FROM residence_interval r WHERE r.person_id = p.id AND r.valid_to IS NULL)
                        THEN 'present' ELSE p.presence END,
        moved_out_on = CASE WHEN EXISTS (SELECT 1 FROM residence_interval r WHERE r.person_id = p.id AND r.valid_to IS NULL)
                        THEN NULL ELSE p.moved_out_on END,
        marital_status = coalesce((SELECT s.value FROM status_interval s WHERE s.person_id = p.id AND s.kind = 'marital'
                              AND s.valid_to IS NULL ORDER BY s.valid_from DESC LIMIT 1), p.marital_status),
        residence_status = coalesce((SELECT s.value FROM status_interval s WHERE s.person_id = p.id AND s.kind = 'residence'
                              AND s.valid_to IS NULL ORDER BY s.valid_from DESC LIMIT 1), p.residence_status),
        contraceptive_method = (SELECT s.value FROM status_interval s WHERE s.person_id = p.id AND s.kind = 'contraception'
                              AND s.valid_to IS NULL ORDER BY s.valid_from DESC LIMIT 1),
        contraception_started_on = (SELECT s.valid_from FROM status_interval s WHERE s.person_id = p.id
                              AND s.kind = 'contraception' AND s.valid_to IS NULL ORDER BY s.valid_from DESC LIMIT 1),
        version = ${context.version}
      WHERE p.id = ANY(${remaining}::uuid[])`.execute(ex);
  }
  if (change.type === 'info_change') {
    for (const item of change.payload.items) {
      if (item.field === 'birthDate') {
        await ex
          .updateTable('person')
          .set({ birth_date: item.from.date, birth_date_precision: item.from.precision })
          .where('id', '=', change.personId)
          .execute();
      } else {
        await sql`UPDATE person SET ${sql.ref(infoColumns[item.field])} = ${item.from} WHERE id = ${change.personId}`.execute(
          ex,
        );
      }
    }
  }
  if (change.type === 'move_out' && change.payload.scope === 'household') {
    await ex
      .updateTable('household')
      .set({ status: 'active', closed_on: null })
      .where('id', '=', change.householdId)
      .execute();
  }
}
