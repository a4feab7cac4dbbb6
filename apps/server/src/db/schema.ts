import type { ColumnType, Generated } from 'kysely';

/** Table types for the typed query builder. Keep in step with the migrations. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: DefaultTimestamp;
}

export interface AdminUnitTable {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  level: 'province' | 'district' | 'commune';
  unit_type: string;
  urbanity: 'urban' | 'rural' | 'special' | null;
  parent_code: string | null;
  note: string | null;
}

export interface AdminSuccessionTable {
  id: Generated<number>;
  from_code: string;
  to_code: string;
  effective_on: string;
  kind: 'merge' | 'split' | 'rename' | 'reparent';
  share: number | null;
  note: string | null;
}

export interface HamletTable {
  id: string;
  province_code: string;
  commune_code: string;
  name: string;
  kind: ColumnType<string, string | undefined, string>;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}

export interface AreaTable {
  id: string;
  province_code: string;
  commune_code: string;
  number: number;
  name: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}

export interface AreaListingTable {
  area_id: string;
  seq: number;
  hamlet_id: string;
  street: string | null;
  household_from: number | null;
  household_to: number | null;
  province_code: string;
  commune_code: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  role: 'collaborator' | 'commune_officer' | 'province_officer' | 'central_viewer' | 'admin';
  scope_province_code: string | null;
  scope_commune_code: string | null;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: Timestamp | null;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface UserAreaTable {
  user_id: string;
  area_id: string;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  stage: 'active' | 'totp_required' | 'totp_enrolment_required';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuditLogTable {
  id: number;
  at: Timestamp;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  place_code: string | null;
  client_address: string | null;
  purpose: string | null;
  details: ColumnType<unknown, string, string>;
  prev_hash: string;
  hash: string;
}

export interface HouseholdTable {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  hamlet_id: string | null;
  code: string;
  number: number;
  address: string | null;
  kind: ColumnType<'family' | 'collective', 'family' | 'collective' | undefined, 'family' | 'collective'>;
  status: ColumnType<'active' | 'closed', 'active' | 'closed' | undefined, 'active' | 'closed'>;
  head_person_id: string | null;
  created_on: string;
  version: ColumnType<number, number | undefined, number>;
  field_versions: ColumnType<Record<string, number>, string | undefined, string>;
  closed_on: string | null;
}

export interface PersonTable {
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
  birth_date_precision: ColumnType<string, string | undefined, string>;
  ethnicity_code: string;
  education_code: string | null;
  marital_status: string;
  residence_status: ColumnType<string, string | undefined, string>;
  insurance_number: string | null;
  personal_id: string | null;
  vital_status: ColumnType<string, string | undefined, string>;
  death_date: string | null;
  presence: ColumnType<'present' | 'moved_out', 'present' | 'moved_out' | undefined, 'present' | 'moved_out'>;
  moved_out_on: string | null;
  contraceptive_method: string | null;
  contraception_started_on: string | null;
  mother_id: string | null;
  merged_into_id: string | null;
  version: ColumnType<number, number | undefined, number>;
  field_versions: ColumnType<Record<string, number>, string | undefined, string>;
  search_name: ColumnType<string, string | undefined, string>;
}

export interface ChangeRecordTable {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  person_id: string | null;
  type: string;
  occurred_on: string;
  recorded_at: Timestamp;
  received_at: DefaultTimestamp;
  base_version: number;
  author_id: string;
  body: ColumnType<unknown, string, string>;
  body_hash: string;
  status: string;
  rule_results: ColumnType<unknown, string | undefined, string>;
  acknowledged_rules: ColumnType<string[], string[] | undefined, string[]>;
  conflict: ColumnType<unknown, string | null | undefined, string | null>;
  applied_version: number | null;
  applied_at: Timestamp | null;
  corrects_change_id: string | null;
  corrected_by_change_id: string | null;
  flows: ColumnType<FlowIncrement[], string | undefined, string>;
  duplicates: ColumnType<unknown, string | undefined, string>;
  last_reason: string | null;
  updated_at: DefaultTimestamp;
}

/** One count a change added to flow_count (kept so a correction can take it back exactly). */
export interface FlowIncrement {
  areaId: string;
  month: string;
  event: string;
  dims: Record<string, string>;
  n: number;
}

export interface ChangeActionTable {
  id: Generated<number>;
  change_id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  action: string;
  actor_id: string | null;
  actor_role: string;
  at: DefaultTimestamp;
  reason: string | null;
  body: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface ResidenceIntervalTable {
  id: Generated<number>;
  person_id: string;
  household_id: string;
  area_id: string;
  province_code: string;
  commune_code: string;
  valid_from: string;
  valid_to: string | null;
  opened_by: string | null;
  closed_by: string | null;
}

export interface StatusIntervalTable {
  id: Generated<number>;
  person_id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  kind: 'vital' | 'marital' | 'residence' | 'contraception';
  value: string;
  valid_from: string;
  valid_to: string | null;
  opened_by: string | null;
  closed_by: string | null;
}

export interface AreaUnitHistoryTable {
  area_id: string;
  province_code: string;
  commune_code: string;
  valid_from: string | null;
  valid_to: string | null;
}

export interface FlowCountTable {
  area_id: string;
  province_code: string;
  commune_code: string;
  month: string;
  event: string;
  dims: ColumnType<Record<string, string>, string, string>;
  n: number;
}

export interface StockMonthTable {
  area_id: string;
  province_code: string;
  commune_code: string;
  month: string;
  sex: number;
  age: number;
  residence_status: string;
  n: number;
}

export interface DB {
  schema_migration: SchemaMigrationTable;
  admin_unit: AdminUnitTable;
  admin_succession: AdminSuccessionTable;
  hamlet: HamletTable;
  area: AreaTable;
  area_listing: AreaListingTable;
  app_user: AppUserTable;
  user_area: UserAreaTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  household: HouseholdTable;
  person: PersonTable;
  change_record: ChangeRecordTable;
  change_action: ChangeActionTable;
  residence_interval: ResidenceIntervalTable;
  status_interval: StatusIntervalTable;
  area_unit_history: AreaUnitHistoryTable;
  flow_count: FlowCountTable;
  stock_month: StockMonthTable;
  projection_scenario: ProjectionScenarioTable;
  projection_run: ProjectionRunTable;
  signing_key: SigningKeyTable;
  sync_device: SyncDeviceTable;
  month_submission: MonthSubmissionTable;
  yearbook_job: YearbookJobTable;
}

export interface YearbookJobTable {
  id: string;
  user_id: string;
  province_code: string;
  year: string;
  format: 'pdf' | 'xlsx';
  status: ColumnType<'running' | 'done' | 'failed', 'running' | 'done' | 'failed' | undefined>;
  progress: ColumnType<number, number | undefined>;
  step: ColumnType<'tables' | 'layout' | 'done', 'tables' | 'layout' | 'done' | undefined>;
  file_name: string | null;
  content_type: string | null;
  body: Buffer | null;
  error: string | null;
  created_at: DefaultTimestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ProjectionScenarioTable {
  id: string;
  province_code: string;
  commune_code: string | null;
  unit_code: string;
  name: string;
  fertility_factor: number;
  mortality_factor: number;
  migration_factor: number;
  created_by: string;
  created_at: DefaultTimestamp;
}

export interface ProjectionRunTable {
  id: string;
  province_code: string;
  commune_code: string | null;
  unit_code: string;
  base_date: string;
  horizon: number;
  created_by: string;
  created_at: DefaultTimestamp;
  result: ColumnType<unknown, string, string>;
}

export interface SigningKeyTable {
  id: string;
  user_id: string;
  public_key: string;
  fingerprint: string;
  label: string;
  device_id: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export interface SyncDeviceTable {
  user_id: string;
  device_id: string;
  province_code: string;
  commune_code: string | null;
  area_ids: ColumnType<string[], string[] | undefined, string[]>;
  first_seen_at: DefaultTimestamp;
  last_sync_at: Timestamp;
  last_push_at: Timestamp | null;
  last_pull_at: Timestamp | null;
  pushed_items: ColumnType<number, number | undefined, number>;
  waiting_count: number | null;
  waiting_oldest_recorded_at: Timestamp | null;
  waiting_reported_at: Timestamp | null;
}

export interface MonthSubmissionTable {
  id: string;
  user_id: string;
  province_code: string;
  commune_code: string;
  area_ids: string[];
  month: string;
  version: number;
  document: ColumnType<unknown, string, string>;
  key_id: string;
  signature: string;
  received_at: DefaultTimestamp;
  deadline: Timestamp;
  on_time: boolean;
  change_count: number;
}
