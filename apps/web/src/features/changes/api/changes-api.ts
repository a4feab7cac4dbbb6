/**
 * The API calls of the change inbox and of data entry: the changes API itself, and the few place and
 * register reads they need (areas and collaborators for the filters, households and their members for
 * entering a change). Shapes are declared here with only the fields these pages read.
 */
import type { Change, ReviewActionType, ReviewStatus, RuleResult } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';

// --------------------------------------------------------------------------------------------- changes

export interface InboxItem {
  id: string;
  type: string;
  status: ReviewStatus;
  occurredOn: string;
  receivedAt: string;
  communeCode: string;
  areaId: string;
  areaNumber: number | null;
  householdId: string;
  personId: string | null;
  authorId: string;
  authorName: string;
  warnings: number;
  hasConflict: boolean;
  lastReason: string | null;
  summary: string;
}

export interface Inbox {
  total: number;
  registerVersion: number;
  items: InboxItem[];
}

export interface InboxFilter {
  communeCode: string;
  areaId: string;
  authorId: string;
  type: string;
  status: string;
  /** YYYY-MM */
  month: string;
  limit: number;
  offset: number;
}

export interface ConflictReasonView {
  code: string;
  vi: string;
  en: string;
  path: string;
  registerValue?: unknown;
  changeValue?: unknown;
}

export interface ChangeConflict {
  reasons: ConflictReasonView[];
  rules: RuleResult[];
}

export interface DuplicateView {
  personId: string;
  fullName: string;
  birthDate: string;
  householdId: string;
  score: number;
  reasons: string[];
}

export interface ChangeView {
  id: string;
  type: string;
  status: ReviewStatus;
  occurredOn: string;
  recordedAt: string;
  receivedAt: string;
  communeCode: string;
  areaId: string;
  householdId: string;
  personId: string | null;
  authorId: string;
  ruleResults: RuleResult[];
  duplicates: DuplicateView[];
  conflict: ChangeConflict | null;
  lastReason: string | null;
  appliedVersion: number | null;
  change: Change;
}

export interface ReviewActionView {
  type: ReviewActionType;
  by: string;
  role: string;
  at: string;
  reason?: string;
}

/** What the register says now about the change's person and household (register snapshots). */
export interface RegisterPersonNow {
  id: string;
  householdId: string;
  fullName: string;
  sex: number;
  birthDate: string;
  maritalStatus: string;
  residenceStatus: string;
  vitalStatus: 'alive' | 'dead';
  deathDate: string | null;
  presence: 'present' | 'moved_out';
  movedOutOn: string | null;
  contraceptiveMethod: string | null;
}

export interface ChangeDetail {
  change: ChangeView;
  actions: ReviewActionView[];
  register: {
    person: RegisterPersonNow | null;
    household: { id: string; status: string; members: RegisterPersonNow[] } | null;
  } | null;
}

export type ReviewInput =
  | { action: 'approve'; acknowledgedRules: { code: string; path: string }[] }
  | { action: 'return' | 'reject'; reason: string }
  | { action: 'resolve_conflict' };

export function listChanges(client: ApiClient, filter: InboxFilter): Promise<Inbox> {
  return client.get('/changes', { ...filter });
}

/** The register version a new change is based on (the inbox answer carries it). */
export async function fetchRegisterVersion(client: ApiClient): Promise<number> {
  const inbox = await client.get<Inbox>('/changes', { limit: 1 });
  return inbox.registerVersion;
}

export function fetchChange(client: ApiClient, id: string): Promise<ChangeDetail> {
  return client.get(`/changes/${encodeURIComponent(id)}`);
}

export function submitChange(
  client: ApiClient,
  change: Change,
): Promise<{ change: ChangeView; replay: boolean }> {
  return client.post('/changes', change);
}

export function reviewChange(client: ApiClient, id: string, input: ReviewInput): Promise<ChangeView> {
  return client.post(`/changes/${encodeURIComponent(id)}/review`, input);
}

// ---------------------------------------------------------------------------------------------- places

export interface PlaceItem {
  kind: 'country' | 'province' | 'commune' | 'area';
  id: string;
  name: string;
}

export interface PlaceWithChildren {
  place: PlaceItem;
  children: PlaceItem[];
}

export interface AreaCollaborators {
  place: PlaceItem;
  collaborators: { id: string; displayName: string; username: string }[];
}

export function fetchHomePlace(client: ApiClient): Promise<PlaceWithChildren> {
  return client.get('/places/home');
}

export function fetchCommune(client: ApiClient, code: string): Promise<PlaceWithChildren> {
  return client.get(`/places/communes/${encodeURIComponent(code)}`);
}

export function fetchAreaCollaborators(client: ApiClient, id: string): Promise<AreaCollaborators> {
  return client.get(`/places/areas/${encodeURIComponent(id)}`);
}

// -------------------------------------------------------------------------------------------- register

export interface HouseholdListItem {
  id: string;
  code: string;
  number: number;
  hamletName: string | null;
  address: string | null;
  status: 'active' | 'closed';
  headName: string | null;
  memberCount: number;
}

export interface HouseholdList {
  total: number;
  offset: number;
  limit: number;
  items: HouseholdListItem[];
}

export interface HouseholdMember {
  id: string;
  fullName: string;
  relationToHead: string;
  sex: number;
  birthDate: string;
  birthDatePrecision: string;
  ethnicityCode: string;
  educationCode: string | null;
  maritalStatus: string;
  residenceStatus: string;
  insuranceNumber: string | null;
  personalId: string | null;
  vitalStatus: string;
  deathDate: string | null;
  presence: 'present' | 'moved_out';
  movedOutOn: string | null;
  departure: { reason: 'died' | 'moved_out' | 'transferred'; on: string | null } | null;
}

export interface HouseholdPage {
  household: {
    id: string;
    code: string;
    number: number;
    address: string | null;
    kind: string;
    status: 'active' | 'closed';
    communeCode: string;
    communeName: string;
    areaId: string;
    areaNumber: number;
    areaName: string;
    hamletName: string | null;
  };
  members: HouseholdMember[];
  contraception: { wifeId: string; method: string | null; startedOn: string | null }[];
}

export interface PersonHit {
  id: string;
  fullName: string;
  birthDate: string;
  householdId: string;
  householdCode: string;
  householdAddress: string | null;
  areaName: string;
  hamletName: string | null;
}

export function fetchAreaHouseholds(
  client: ApiClient,
  areaId: string,
  page: { limit: number; offset: number },
): Promise<HouseholdList> {
  return client.get(`/register/areas/${encodeURIComponent(areaId)}/households`, {
    ...page,
    status: 'active',
  });
}

export function fetchHousehold(client: ApiClient, id: string): Promise<HouseholdPage> {
  return client.get(`/register/households/${encodeURIComponent(id)}`);
}

/** People by household code (exact) or by name, with or without diacritics. */
export function searchPeople(
  client: ApiClient,
  query: { householdCode?: string; q?: string },
): Promise<{ items: PersonHit[]; truncated: boolean }> {
  return client.get('/register/search', { ...query, limit: 50 });
}
