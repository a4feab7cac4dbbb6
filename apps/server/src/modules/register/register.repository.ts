import { normalizeName } from '@danso/domain';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

/** The A0 fields of a person, as every read of the register selects them. */
const personColumns = [
  'p.id',
  'p.province_code',
  'p.commune_code',
  'p.area_id',
  'p.household_id',
  'p.row_number',
  'p.full_name',
  'p.relation_to_head',
  'p.sex',
  'p.birth_date',
  'p.birth_date_precision',
  'p.ethnicity_code',
  'p.education_code',
  'p.marital_status',
  'p.residence_status',
  'p.insurance_number',
  'p.personal_id',
  'p.vital_status',
  'p.death_date',
  'p.presence',
  'p.moved_out_on',
  'p.contraceptive_method',
  'p.contraception_started_on',
  'p.mother_id',
  'p.merged_into_id',
] as const;

export interface PersonRow {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  row_number: number;
  full_name: string;
  relation_to_head: string;
  sex: number;
  birth_date: string;
  birth_date_precision: string;
  ethnicity_code: string;
  education_code: string | null;
  marital_status: string;
  residence_status: string;
  insurance_number: string | null;
  personal_id: string | null;
  vital_status: string;
  death_date: string | null;
  presence: 'present' | 'moved_out';
  moved_out_on: string | null;
  contraceptive_method: string | null;
  contraception_started_on: string | null;
  mother_id: string | null;
  merged_into_id: string | null;
}

/** A member who lived in a household and was transferred to another one: the household they left, and when. */
export interface FormerMemberRow extends PersonRow {
  former_household_id: string;
  left_on: string | null;
  current_household_code: string | null;
}

export async function findArea(ex: Executor, id: string) {
  return ex
    .selectFrom('area')
    .select(['id', 'province_code', 'commune_code', 'number', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

const headName = (eb: ExpressionBuilder<DB & { h: DB['household'] }, 'h'>) =>
  eb.fn.coalesce(
    eb.selectFrom('person as hp').select('hp.full_name').whereRef('hp.id', '=', 'h.head_person_id'),
    eb
      .selectFrom('person as hp')
      .select('hp.full_name')
      .whereRef('hp.household_id', '=', 'h.id')
      .where('hp.relation_to_head', '=', 'head')
      .where('hp.merged_into_id', 'is', null)
      .orderBy('hp.row_number')
      .limit(1),
  );

/** One page of an area's households, by household number, with the head's name and the members present. */
export async function householdsOfArea(
  ex: Executor,
  areaId: string,
  page: { offset: number; limit: number; status?: 'active' | 'closed' | undefined },
) {
  let query = ex.selectFrom('household as h').where('h.area_id', '=', areaId);
  if (page.status) query = query.where('h.status', '=', page.status);
  const [items, total] = await Promise.all([
    query
      .leftJoin('hamlet as hm', 'hm.id', 'h.hamlet_id')
      .select((eb) => [
        'h.id',
        'h.code',
        'h.number',
        'h.address',
        'h.status',
        'h.closed_on',
        'hm.name as hamlet_name',
        headName(eb).as('head_name'),
        eb
          .selectFrom('person as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.household_id', '=', 'h.id')
          .where('m.vital_status', '=', 'alive')
          .where('m.presence', '=', 'present')
          .where('m.merged_into_id', 'is', null)
          .as('member_count'),
      ])
      .orderBy('h.number')
      .orderBy('h.code')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

const householdHeaderQuery = (ex: Executor) =>
  ex
    .selectFrom('household as h')
    .innerJoin('area as a', 'a.id', 'h.area_id')
    .leftJoin('hamlet as hm', 'hm.id', 'h.hamlet_id')
    .select([
      'h.id',
      'h.province_code',
      'h.commune_code',
      'h.area_id',
      'h.code',
      'h.number',
      'h.address',
      'h.kind',
      'h.status',
      'h.created_on',
      'h.closed_on',
      'h.head_person_id',
      'a.number as area_number',
      'a.name as area_name',
      'hm.name as hamlet_name',
    ]);

export type HouseholdHeaderRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

export async function findHousehold(ex: Executor, id: string) {
  return householdHeaderQuery(ex).where('h.id', '=', id).executeTakeFirst();
}

/** Every household of an area (for its whole book), by number; at most `limit`. */
export async function householdHeadersOfArea(ex: Executor, areaId: string, limit: number) {
  return householdHeaderQuery(ex)
    .where('h.area_id', '=', areaId)
    .orderBy('h.number')
    .orderBy('h.code')
    .limit(limit)
    .execute();
}

export async function countHouseholdsOfArea(ex: Executor, areaId: string): Promise<number> {
  const row = await ex
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('area_id', '=', areaId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The people whose page is one of these households (the living, the dead and those who left). */
export async function membersOf(ex: Executor, householdIds: string[]): Promise<PersonRow[]> {
  if (householdIds.length === 0) return [];
  return ex
    .selectFrom('person as p')
    .select(personColumns)
    .where('p.household_id', 'in', householdIds)
    .where('p.merged_into_id', 'is', null)
    .execute() as Promise<PersonRow[]>;
}

/**
 * People who lived in one of these households and were transferred to another one inside the commune:
 * their residence interval there is closed and their current household is another.
 */
export async function formerMembersOf(ex: Executor, householdIds: string[]): Promise<FormerMemberRow[]> {
  if (householdIds.length === 0) return [];
  return ex
    .selectFrom('residence_interval as ri')
    .innerJoin('person as p', 'p.id', 'ri.person_id')
    .leftJoin('household as now', 'now.id', 'p.household_id')
    .select([
      ...personColumns,
      'ri.household_id as former_household_id',
      'ri.valid_to as left_on',
      'now.code as current_household_code',
    ])
    .where('ri.household_id', 'in', householdIds)
    .where('ri.valid_to', 'is not', null)
    .whereRef('p.household_id', '<>', 'ri.household_id')
    .where('p.merged_into_id', 'is', null)
    .orderBy('ri.valid_to', 'desc')
    .execute() as Promise<FormerMemberRow[]>;
}

export async function collaboratorsOfAreas(ex: Executor, areaIds: string[]) {
  if (areaIds.length === 0) return [];
  return ex
    .selectFrom('user_area as ua')
    .innerJoin('app_user as u', 'u.id', 'ua.user_id')
    .select(['ua.area_id', 'u.id', 'u.display_name', 'u.username'])
    .where('ua.area_id', 'in', areaIds)
    .where('u.disabled_at', 'is', null)
    .where('u.role', '=', 'collaborator')
    .orderBy('u.username')
    .execute();
}

export interface IntervalRow {
  person_id: string;
  kind: 'vital' | 'marital' | 'residence' | 'contraception';
  value: string;
  valid_from: string;
  valid_to: string | null;
}

export async function statusIntervalsOf(
  ex: Executor,
  personIds: string[],
  kind?: IntervalRow['kind'],
): Promise<IntervalRow[]> {
  if (personIds.length === 0) return [];
  let query = ex
    .selectFrom('status_interval')
    .select(['person_id', 'kind', 'value', 'valid_from', 'valid_to'])
    .where('person_id', 'in', personIds);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('person_id').orderBy('kind').orderBy('valid_from').orderBy('id').limit(5000).execute();
}

export async function findPerson(ex: Executor, id: string) {
  return ex
    .selectFrom('person as p')
    .innerJoin('household as h', 'h.id', 'p.household_id')
    .innerJoin('area as a', 'a.id', 'p.area_id')
    .leftJoin('hamlet as hm', 'hm.id', 'h.hamlet_id')
    .select([
      ...personColumns,
      'h.code as household_code',
      'h.number as household_number',
      'h.address as household_address',
      'a.number as area_number',
      'a.name as area_name',
      'hm.name as hamlet_name',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function personNames(ex: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await ex.selectFrom('person').select(['id', 'full_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

export async function residenceIntervalsOf(ex: Executor, personId: string) {
  return ex
    .selectFrom('residence_interval as ri')
    .leftJoin('household as h', 'h.id', 'ri.household_id')
    .leftJoin('area as a', 'a.id', 'ri.area_id')
    .select([
      'ri.household_id',
      'h.code as household_code',
      'ri.area_id',
      'a.name as area_name',
      'ri.commune_code',
      'ri.valid_from',
      'ri.valid_to',
      'ri.opened_by',
      'ri.closed_by',
    ])
    .where('ri.person_id', '=', personId)
    .orderBy('ri.valid_from')
    .orderBy('ri.id')
    .limit(500)
    .execute();
}

/** A stay in a household: household-level changes made while it lasted concern the person. */
export interface Stay {
  householdId: string;
  from: string | null;
  /** Inclusive: the change that ended a stay (a split, a whole household leaving) is dated its last day. */
  to: string | null;
}

/**
 * The changes about a person: those naming the person (birth and move-in name the person they create),
 * those that opened or closed one of the person's intervals, and household-level changes of a household the
 * person lived in, made while the person lived there.
 */
export async function timelineOf(ex: Executor, personId: string, stays: Stay[], limit: number) {
  const changedIntervals = (column: 'opened_by' | 'closed_by') => [
    ex
      .selectFrom('residence_interval')
      .select(column)
      .where('person_id', '=', personId)
      .where(column, 'is not', null),
    ex
      .selectFrom('status_interval')
      .select(column)
      .where('person_id', '=', personId)
      .where(column, 'is not', null),
  ];
  return ex
    .selectFrom('change_record as c')
    .leftJoin('app_user as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.type',
      'c.occurred_on',
      'c.recorded_at',
      'c.status',
      'c.household_id',
      'c.person_id',
      'c.applied_at',
      'c.last_reason',
      'u.display_name as author_name',
    ])
    .where((eb) =>
      eb.or([
        eb('c.person_id', '=', personId),
        ...changedIntervals('opened_by').map((q) => eb('c.id', 'in', q as never)),
        ...changedIntervals('closed_by').map((q) => eb('c.id', 'in', q as never)),
        ...stays.map((stay) =>
          eb.and([
            eb('c.person_id', 'is', null),
            eb('c.household_id', '=', stay.householdId),
            ...(stay.from ? [eb('c.occurred_on', '>=', stay.from)] : []),
            ...(stay.to ? [eb('c.occurred_on', '<=', stay.to)] : []),
          ]),
        ),
      ]),
    )
    .orderBy('c.occurred_on')
    .orderBy('c.recorded_at')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export interface SearchFilter {
  /** The actor's place, always given: the candidate query runs outside row-level security (see below). */
  provinceCode: string;
  communeCode?: string | undefined;
  areaIds?: string[] | undefined;
  q?: string | undefined;
  birth?: { kind: 'day'; date: string } | { kind: 'year'; year: number } | undefined;
  householdCode?: string | undefined;
  card?: string | undefined;
  limit: number;
}

/**
 * The ids of the people matching a search, at most `filter.limit`.
 *
 * Row-level security lets PostgreSQL use an index only for leakproof operators, and LIKE is not one: under
 * the application role the trigram index on search_name would never be used, and every search would read
 * the whole province. So this query alone runs as the connection's own role, with the actor's place written
 * into it, and returns nothing but ids; the rows themselves are read by `peopleByIds` under row-level
 * security, so that a mistake here still cannot show anyone outside the scope.
 */
export async function searchCandidateIds(ex: Executor, filter: SearchFilter): Promise<string[]> {
  let query = ex
    .selectFrom('person as p')
    .select('p.id')
    .where('p.merged_into_id', 'is', null)
    .where('p.province_code', '=', filter.provinceCode);
  if (filter.communeCode) query = query.where('p.commune_code', '=', filter.communeCode);
  if (filter.areaIds) {
    if (filter.areaIds.length === 0) return [];
    query = query.where('p.area_id', 'in', filter.areaIds);
  }
  if (filter.q) {
    // The words in the order typed, anything between them: "dang hung" finds "Đặng Văn Hùng". Folded text
    // has single spaces between letters and digits only, so no LIKE wildcard can come from the user.
    // Without a word of three letters ("My", "La Lệ") the pattern holds no trigram, and the trigram index
    // would hand back every person to be checked: reading the table until the limit is far quicker then.
    const column = normalizeName(filter.q)
      .split(' ')
      .some((word) => word.length >= 3)
      ? sql`p.search_name`
      : sql`(p.search_name || '')`;
    query = query.where(
      sql<boolean>`${column} LIKE '%' || replace(danso_fold(${filter.q}), ' ', '%') || '%'`,
    );
  }
  const birth = filter.birth;
  if (birth?.kind === 'year') {
    query = query
      .where('p.birth_date', '>=', `${birth.year}-01-01`)
      .where('p.birth_date', '<', `${birth.year + 1}-01-01`);
  } else if (birth?.kind === 'day') {
    // A birth date known only to the month or the year matches every day it may stand for.
    const { date } = birth;
    query = query.where((eb) =>
      eb.or([
        eb('p.birth_date', '=', date),
        eb.and([
          eb('p.birth_date_precision', '=', 'month'),
          eb('p.birth_date', '=', `${date.slice(0, 7)}-01`),
        ]),
        eb.and([
          eb('p.birth_date_precision', '=', 'year'),
          eb('p.birth_date', '=', `${date.slice(0, 4)}-01-01`),
        ]),
      ]),
    );
  }
  if (filter.householdCode) {
    const code = filter.householdCode;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('household as h')
          .select('h.id')
          .whereRef('h.id', '=', 'p.household_id')
          .where('h.code', '=', code),
      ),
    );
  }
  if (filter.card) {
    const card = filter.card;
    query = query.where((eb) =>
      eb.or([eb('p.personal_id', '=', card), eb('p.insurance_number', '=', card.toUpperCase())]),
    );
  }
  const rows = await query.limit(filter.limit).execute();
  return rows.map((r) => r.id);
}

/**
 * The search results' rows, read under the actor's scope. No thôn here: the hamlet table's policy is costly
 * per row, and a list of people names the area.
 */
export async function peopleByIds(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('person as p')
    .innerJoin('household as h', 'h.id', 'p.household_id')
    .innerJoin('area as a', 'a.id', 'p.area_id')
    .select([
      ...personColumns,
      'p.search_name',
      'h.code as household_code',
      'h.number as household_number',
      'h.address as household_address',
      'a.number as area_number',
      'a.name as area_name',
    ])
    .where('p.id', 'in', ids)
    .execute();
}
