/** The rows the seeder writes, shaped like the tables (snake_case columns). */

export interface ProvinceInfo {
  code: string;
  name: string;
  unitType: string;
}

export interface CommuneInfo {
  code: string;
  name: string;
  unitType: string;
  urbanity: 'urban' | 'rural' | 'special' | null;
}

export type HamletKind = 'thon' | 'ap' | 'ban' | 'to_dan_pho' | 'khu_pho';

export interface HamletRow {
  id: string;
  province_code: string;
  commune_code: string;
  name: string;
  kind: HamletKind;
}

export interface AreaRow {
  id: string;
  province_code: string;
  commune_code: string;
  number: number;
  name: string;
}

export interface AreaListingRow {
  area_id: string;
  seq: number;
  hamlet_id: string;
  street: string | null;
  household_from: number;
  household_to: number;
  province_code: string;
  commune_code: string;
}

export interface HouseholdRow {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  hamlet_id: string;
  code: string;
  number: number;
  address: string;
  head_person_id: string;
  created_on: string;
}

export interface PersonRow {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  row_number: number;
  full_name: string;
  relation_to_head: string;
  sex: 1 | 2;
  birth_date: string;
  birth_date_precision: 'day' | 'year';
  ethnicity_code: string;
  education_code: string | null;
  marital_status: string;
  residence_status: 'permanent' | 'temporary' | 'temporarily_absent';
  insurance_number: string | null;
  personal_id: string | null;
  /** The name folded for search (no diacritics, lower case), as the database's danso_fold gives it. */
  search_name: string;
  mother_id: string | null;
}

/** A generated person with the links the register does not store, kept for checks of the generator. */
export interface GeneratedPerson extends PersonRow {
  /** The id of the mother when she lives in the same household. */
  motherId: string | null;
  fatherId: string | null;
}

export type UserRole = 'collaborator' | 'commune_officer' | 'province_officer' | 'central_viewer' | 'admin';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  scope_province_code: string | null;
  scope_commune_code: string | null;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  is_demo: true;
}

export interface UserAreaRow {
  user_id: string;
  area_id: string;
}
