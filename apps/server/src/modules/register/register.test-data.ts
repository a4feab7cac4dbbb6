import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';

/**
 * A household with every kind of member a household page must show — in an order other than A0's —
 * people who died, left the commune or moved to another household, section II data and changes.
 * Test data only: tests of the register module and its end-to-end test write it into their databases.
 */
export interface RichHousehold {
  householdId: string;
  code: string;
  otherHouseholdId: string;
  people: Record<
    | 'head'
    | 'spouse'
    | 'child'
    | 'adopted'
    | 'childInLaw'
    | 'parent'
    | 'grandchild'
    | 'other'
    | 'dead'
    | 'movedOut'
    | 'transferred',
    string
  >;
  changes: { birth: string; marriage: string; headChange: string; otherPersonDeath: string; before: string };
}

let counter = 0;

function changeId(): string {
  // A UUIDv7-shaped id that sorts by creation, as devices make them.
  const hex = (Date.now() * 1000 + counter++).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

export async function addRichHousehold(
  database: Database,
  place: { provinceCode: string; communeCode: string; areaId: string; authorId: string; number: number },
): Promise<RichHousehold> {
  const { db } = database;
  const hamlet = await db
    .selectFrom('area_listing')
    .select('hamlet_id')
    .where('area_id', '=', place.areaId)
    .executeTakeFirst();
  const householdId = randomUUID();
  const otherHouseholdId = randomUUID();
  const code = `${place.communeCode}-R-${place.number}`;
  const base = {
    province_code: place.provinceCode,
    commune_code: place.communeCode,
    area_id: place.areaId,
  };
  const hamletId = hamlet?.hamlet_id ?? null;
  await db
    .insertInto('household')
    .values([
      {
        ...base,
        hamlet_id: hamletId,
        id: householdId,
        code,
        number: place.number,
        address: 'Số 12, đường Trần Hưng Đạo',
        created_on: '2021-01-01',
      },
      {
        ...base,
        hamlet_id: hamletId,
        id: otherHouseholdId,
        code: `${code}-2`,
        number: place.number + 1,
        address: 'Số 14, đường Trần Hưng Đạo',
        created_on: '2021-01-01',
      },
    ])
    .execute();

  const ids = {
    head: randomUUID(),
    spouse: randomUUID(),
    child: randomUUID(),
    adopted: randomUUID(),
    childInLaw: randomUUID(),
    parent: randomUUID(),
    grandchild: randomUUID(),
    other: randomUUID(),
    dead: randomUUID(),
    movedOut: randomUUID(),
    transferred: randomUUID(),
  };
  const person = (
    id: string,
    row: number,
    name: string,
    relation: string,
    sex: 1 | 2,
    birth: string,
    extra: Record<string, unknown> = {},
  ) => ({
    ...base,
    id,
    household_id: householdId,
    row_number: row,
    full_name: name,
    relation_to_head: relation,
    sex,
    birth_date: birth,
    ethnicity_code: '02',
    education_code: 'upper_secondary',
    marital_status: 'married',
    ...extra,
  });
  // Written in an order that is not A0's, with row numbers that are not either.
  await db
    .insertInto('person')
    .values([
      person(ids.grandchild, 9, 'Đặng Gia Bảo', 'grandchild', 1, '2022-02-02', {
        marital_status: 'never_married',
      }),
      person(ids.other, 10, 'Vi Văn Khánh', 'other', 1, '1999-09-09', { marital_status: 'never_married' }),
      person(ids.parent, 2, 'Đặng Thị Nụ', 'parent', 2, '1940-01-01', {
        birth_date_precision: 'year',
        marital_status: 'widowed',
        education_code: 'none',
      }),
      person(ids.childInLaw, 7, 'Hoàng Thị Thu', 'child_in_law', 2, '1998-03-03'),
      person(ids.child, 4, 'Đặng Văn Đức', 'child', 1, '1996-04-04', { mother_id: ids.spouse }),
      person(ids.spouse, 3, 'Lê Thị Mai', 'spouse', 2, '1974-05-05', {
        personal_id: '020174012345',
        insurance_number: 'GD4202012345678',
        contraceptive_method: 'iud',
        contraception_started_on: '2024-03-10',
      }),
      person(ids.head, 1, 'Đặng Văn Hùng', 'head', 1, '1970-06-06', {
        personal_id: '001070123456',
        insurance_number: 'HN2202098765432',
      }),
      person(ids.adopted, 5, 'Đặng Minh Anh', 'adopted_child', 2, '2005-07-07', {
        marital_status: 'never_married',
        residence_status: 'temporarily_absent',
      }),
      person(ids.dead, 6, 'Đặng Văn Tư', 'parent', 1, '1938-08-08', {
        vital_status: 'dead',
        death_date: '2025-01-15',
        marital_status: 'married',
      }),
      person(ids.movedOut, 8, 'Đặng Thị Hoa', 'child', 2, '2000-10-10', {
        presence: 'moved_out',
        moved_out_on: '2025-02-20',
        marital_status: 'never_married',
      }),
      {
        ...person(ids.transferred, 11, 'Đặng Văn Lâm', 'head', 1, '1990-11-11'),
        household_id: otherHouseholdId,
        row_number: 1,
      },
    ])
    .execute();
  await db.updateTable('household').set({ head_person_id: ids.head }).where('id', '=', householdId).execute();

  const changes = {
    before: changeId(),
    birth: changeId(),
    marriage: changeId(),
    headChange: changeId(),
    otherPersonDeath: changeId(),
  };
  const change = (
    id: string,
    type: string,
    occurredOn: string,
    personId: string | null,
    status: string,
    household = householdId,
  ) => ({
    ...base,
    id,
    household_id: household,
    person_id: personId,
    type,
    occurred_on: occurredOn,
    recorded_at: `${occurredOn}T09:00:00Z`,
    base_version: 0,
    author_id: place.authorId,
    body: JSON.stringify({ type }),
    body_hash: id,
    status,
  });
  await db
    .insertInto('change_record')
    .values([
      // A household change before the grandchild was born: not part of the grandchild's history.
      change(changes.before, 'head_change', '2021-06-01', null, 'approved'),
      change(changes.birth, 'birth', '2022-02-02', ids.grandchild, 'approved'),
      change(changes.marriage, 'marriage', '2023-05-01', ids.child, 'approved'),
      change(changes.headChange, 'head_change', '2024-07-01', null, 'submitted'),
      change(changes.otherPersonDeath, 'death', '2025-01-15', ids.dead, 'approved'),
    ])
    .execute();

  await db
    .insertInto('residence_interval')
    .values([
      {
        ...base,
        person_id: ids.grandchild,
        household_id: householdId,
        valid_from: '2022-02-02',
        opened_by: changes.birth,
      },
      {
        ...base,
        person_id: ids.transferred,
        household_id: householdId,
        valid_from: '2015-01-01',
        valid_to: '2024-09-01',
      },
      { ...base, person_id: ids.transferred, household_id: otherHouseholdId, valid_from: '2024-09-01' },
    ])
    .execute();
  await db
    .insertInto('status_interval')
    .values([
      {
        ...base,
        person_id: ids.spouse,
        kind: 'contraception',
        value: 'pill',
        valid_from: '2021-01-01',
        valid_to: '2024-03-10',
      },
      { ...base, person_id: ids.spouse, kind: 'contraception', value: 'iud', valid_from: '2024-03-10' },
      {
        ...base,
        person_id: ids.grandchild,
        kind: 'vital',
        value: 'alive',
        valid_from: '2022-02-02',
        opened_by: changes.birth,
      },
    ])
    .execute();
  return { householdId, code, otherHouseholdId, people: ids, changes };
}
