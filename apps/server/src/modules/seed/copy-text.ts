import type { HouseholdRow, PersonRow } from './rows.ts';

/** Columns written for households and people, in the order of the COPY text below. */
export const householdColumns = [
  'id',
  'province_code',
  'commune_code',
  'area_id',
  'hamlet_id',
  'code',
  'number',
  'address',
  'head_person_id',
  'created_on',
] as const satisfies ReadonlyArray<keyof HouseholdRow>;

export const personColumns = [
  'id',
  'province_code',
  'commune_code',
  'area_id',
  'household_id',
  'row_number',
  'full_name',
  'relation_to_head',
  'sex',
  'birth_date',
  'birth_date_precision',
  'ethnicity_code',
  'education_code',
  'marital_status',
  'residence_status',
  'insurance_number',
  'personal_id',
  'search_name',
  'mother_id',
] as const satisfies ReadonlyArray<keyof PersonRow>;

const special = /[\\\t\n\r]/;

/** A text value in PostgreSQL's COPY text format (tab-separated, \N for null). */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  if (!special.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function householdLine(h: HouseholdRow): string {
  return `${h.id}\t${h.province_code}\t${h.commune_code}\t${h.area_id}\t${h.hamlet_id}\t${h.code}\t${h.number}\t${copyValue(h.address)}\t${h.head_person_id}\t${h.created_on}\n`;
}

export function personLine(p: PersonRow): string {
  return `${p.id}\t${p.province_code}\t${p.commune_code}\t${p.area_id}\t${p.household_id}\t${p.row_number}\t${copyValue(p.full_name)}\t${p.relation_to_head}\t${p.sex}\t${p.birth_date}\t${p.birth_date_precision}\t${p.ethnicity_code}\t${p.education_code ?? '\\N'}\t${p.marital_status}\t${p.residence_status}\t${p.insurance_number ?? '\\N'}\t${p.personal_id ?? '\\N'}\t${copyValue(p.search_name)}\t${p.mother_id ?? '\\N'}\n`;
}
