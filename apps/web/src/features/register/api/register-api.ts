import type { ApiClient } from '../../../lib/api-client.ts';

export interface Departure {
  reason: 'died' | 'moved_out' | 'transferred';
  on: string | null;
  householdId: string | null;
  householdCode: string | null;
}

/** A person's A0 fields with their labels, in the language asked for. */
export interface PersonFields {
  id: string;
  rowNumber: number;
  fullName: string;
  relationToHead: string;
  relationLabel: string;
  sex: number;
  sexLabel: string;
  birthDate: string;
  birthDatePrecision: string;
  ethnicityCode: string;
  ethnicityLabel: string;
  educationCode: string | null;
  educationLabel: string | null;
  maritalStatus: string;
  maritalStatusLabel: string;
  residenceStatus: string;
  residenceStatusLabel: string;
  /** Masked ("0010******45") for readers wider than a commune. */
  insuranceNumber: string | null;
  personalId: string | null;
  vitalStatus: string;
  deathDate: string | null;
  presence: 'present' | 'moved_out';
  movedOutOn: string | null;
  departure: Departure | null;
}

export interface HouseholdListItem {
  id: string;
  code: string;
  number: number;
  hamletName: string | null;
  address: string | null;
  status: 'active' | 'closed';
  closedOn: string | null;
  headName: string | null;
  memberCount: number;
}

export interface HouseholdList {
  area: {
    id: string;
    number: number;
    name: string;
    communeCode: string;
    communeName: string;
    provinceCode: string;
    provinceName: string;
  };
  total: number;
  offset: number;
  limit: number;
  items: HouseholdListItem[];
}

export interface HouseholdPage {
  household: {
    id: string;
    code: string;
    number: number;
    address: string | null;
    kind: string;
    status: 'active' | 'closed';
    createdOn: string;
    closedOn: string | null;
    provinceCode: string;
    provinceName: string;
    communeCode: string;
    communeName: string;
    areaId: string;
    areaNumber: number;
    areaName: string;
    hamletName: string | null;
    collaborators: { id: string; displayName: string }[];
  };
  members: (PersonFields & { position: number })[];
  contraception: {
    wifeId: string;
    wifeName: string;
    wifeBirthYear: number;
    husbandName: string | null;
    method: string | null;
    methodLabel: string | null;
    startedOn: string | null;
    history: { method: string; methodLabel: string; validFrom: string; validTo: string | null }[];
  }[];
  identifiersMasked: boolean;
}

export interface TimelineEntry {
  id: string;
  type: string;
  typeLabel: string;
  occurredOn: string;
  recordedAt: string;
  status: string;
  statusLabel: string;
  appliedAt: string | null;
  reason: string | null;
  authorName: string | null;
  about: 'person' | 'household';
  householdId: string;
}

export interface PersonPage {
  person: PersonFields & {
    householdId: string;
    householdCode: string;
    householdNumber: number;
    householdAddress: string | null;
    areaId: string;
    areaNumber: number;
    areaName: string;
    hamletName: string | null;
    communeCode: string;
    communeName: string;
    provinceCode: string;
    provinceName: string;
    motherId: string | null;
    motherName: string | null;
    mergedIntoId: string | null;
    contraceptiveMethod: string | null;
    contraceptiveMethodLabel: string | null;
    contraceptionStartedOn: string | null;
  };
  timeline: TimelineEntry[];
  residences: {
    householdId: string;
    householdCode: string | null;
    areaId: string;
    areaName: string | null;
    communeCode: string;
    validFrom: string;
    validTo: string | null;
  }[];
  statuses: {
    kind: 'vital' | 'marital' | 'residence' | 'contraception';
    value: string;
    valueLabel: string;
    validFrom: string;
    validTo: string | null;
  }[];
  identifiersMasked: boolean;
}

export interface SearchFilter {
  q: string;
  birthDate: string;
  householdCode: string;
  card: string;
}

export interface SearchResult extends PersonFields {
  householdId: string;
  householdCode: string;
  householdAddress: string | null;
  areaId: string;
  areaNumber: number;
  areaName: string;
  communeCode: string;
  communeName: string;
}

export interface SearchResults {
  items: SearchResult[];
  truncated: boolean;
  identifiersMasked: boolean;
}

export function fetchHouseholdList(
  client: ApiClient,
  areaId: string,
  page: { offset: number; limit: number },
): Promise<HouseholdList> {
  return client.get(`/register/areas/${encodeURIComponent(areaId)}/households`, page);
}

export function fetchHouseholdPage(client: ApiClient, id: string): Promise<HouseholdPage> {
  return client.get(`/register/households/${encodeURIComponent(id)}`);
}

export function fetchPersonPage(client: ApiClient, id: string): Promise<PersonPage> {
  return client.get(`/register/people/${encodeURIComponent(id)}`);
}

export function searchPeople(client: ApiClient, filter: SearchFilter): Promise<SearchResults> {
  return client.get('/register/search', { ...filter, limit: 50 });
}

/** Where the browser downloads a household page, or an area's whole book, as PDF (the session cookie goes along). */
export function householdPdfUrl(id: string): string {
  return `/api/v1/register/households/${encodeURIComponent(id)}/a0.pdf`;
}

export function areaBookPdfUrl(areaId: string): string {
  return `/api/v1/register/areas/${encodeURIComponent(areaId)}/a0.pdf`;
}
