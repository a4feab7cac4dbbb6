import {
  codeLabel,
  defaultRegisterCodeLists,
  type PlaceScope,
  type RegisterCodeLists,
  type RelationToHead,
  relationsToHead,
} from '@danso/domain';
import type { PersonRow } from './register.repository.ts';

export type Language = 'vi' | 'en';

/**
 * The order of the members on a household page (Sổ A0): head; spouse; children; adopted children and
 * children-in-law; parents; grandchildren; others — then the row number they were written on.
 */
const a0Rank: Record<RelationToHead, number> = {
  head: 0,
  spouse: 1,
  child: 2,
  adopted_child: 3,
  child_in_law: 3,
  parent: 4,
  grandchild: 5,
  other: 6,
};

function rankOf(relation: string): number {
  return (relationsToHead as readonly string[]).includes(relation)
    ? a0Rank[relation as RelationToHead]
    : a0Rank.other;
}

export function compareA0<
  T extends { relation_to_head: string; row_number: number; birth_date: string; id: string },
>(a: T, b: T): number {
  return (
    rankOf(a.relation_to_head) - rankOf(b.relation_to_head) ||
    a.row_number - b.row_number ||
    a.birth_date.localeCompare(b.birth_date) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Whether personal ID and insurance numbers are shown masked to this scope: anyone who sees more than one
 * commune (the province officer) reads them masked; the commune officer and the collaborator read them whole.
 */
export function masksIdentifiers(scope: PlaceScope): boolean {
  return scope.kind === 'province' || scope.kind === 'national';
}

/** "001012345645" → "0010******45": the first four and the last two characters stay. */
export function maskIdentifier(value: string): string {
  if (value.length <= 6) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 6)}${value.slice(-2)}`;
}

export interface Departure {
  reason: 'died' | 'moved_out' | 'transferred';
  on: string | null;
  householdId: string | null;
  householdCode: string | null;
}

/** A person's A0 fields with the labels of their codes, as the register's pages show them. */
export interface PersonFieldsView {
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
  insuranceNumber: string | null;
  personalId: string | null;
  vitalStatus: string;
  deathDate: string | null;
  presence: 'present' | 'moved_out';
  movedOutOn: string | null;
  departure: Departure | null;
}

export class RegisterLabels {
  constructor(
    readonly language: Language,
    private readonly lists: RegisterCodeLists = defaultRegisterCodeLists,
  ) {}
  relation = (code: string) => codeLabel(this.lists.relationToHead, code, this.language);
  sex = (code: number) => codeLabel(this.lists.sex, code, this.language);
  ethnicity = (code: string) => codeLabel(this.lists.ethnicity, code, this.language);
  education = (code: string) => codeLabel(this.lists.education, code, this.language);
  maritalStatus = (code: string) => codeLabel(this.lists.maritalStatus, code, this.language);
  residenceStatus = (code: string) => codeLabel(this.lists.residenceStatus, code, this.language);
  contraceptiveMethod = (code: string) => codeLabel(this.lists.contraceptiveMethod, code, this.language);
  /** The label of a status interval's value, by the interval's kind. */
  status(kind: 'vital' | 'marital' | 'residence' | 'contraception', value: string): string {
    switch (kind) {
      case 'vital':
        return this.vital(value);
      case 'marital':
        return this.maritalStatus(value);
      case 'residence':
        return this.residenceStatus(value);
      case 'contraception':
        return this.contraceptiveMethod(value);
    }
  }
  vital(value: string): string {
    const labels: Record<string, Record<Language, string>> = {
      alive: { vi: 'Còn sống', en: 'Alive' },
      dead: { vi: 'Đã chết', en: 'Dead' },
    };
    return labels[value]?.[this.language] ?? value;
  }
}

export function departureOf(row: PersonRow): Departure | null {
  if (row.vital_status === 'dead') {
    return { reason: 'died', on: row.death_date, householdId: null, householdCode: null };
  }
  if (row.presence === 'moved_out') {
    return { reason: 'moved_out', on: row.moved_out_on, householdId: null, householdCode: null };
  }
  return null;
}

export function personFieldsView(
  row: PersonRow,
  labels: RegisterLabels,
  masked: boolean,
  departure: Departure | null = departureOf(row),
): PersonFieldsView {
  const identifier = (value: string | null) => (value && masked ? maskIdentifier(value) : value);
  return {
    id: row.id,
    rowNumber: row.row_number,
    fullName: row.full_name,
    relationToHead: row.relation_to_head,
    relationLabel: labels.relation(row.relation_to_head),
    sex: row.sex,
    sexLabel: labels.sex(row.sex),
    birthDate: row.birth_date,
    birthDatePrecision: row.birth_date_precision,
    ethnicityCode: row.ethnicity_code,
    ethnicityLabel: labels.ethnicity(row.ethnicity_code),
    educationCode: row.education_code,
    educationLabel: row.education_code ? labels.education(row.education_code) : null,
    maritalStatus: row.marital_status,
    maritalStatusLabel: labels.maritalStatus(row.marital_status),
    residenceStatus: row.residence_status,
    residenceStatusLabel: labels.residenceStatus(row.residence_status),
    insuranceNumber: identifier(row.insurance_number),
    personalId: identifier(row.personal_id),
    vitalStatus: row.vital_status,
    deathDate: row.death_date,
    presence: row.presence,
    movedOutOn: row.moved_out_on,
    departure,
  };
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', 'MM/YYYY' or 'YYYY', as precise as the date is known. */
export function formatBirthDate(date: string, precision: string): string {
  const [year, month, day] = date.split('-');
  if (precision === 'year') return year ?? date;
  if (precision === 'month') return `${month}/${year}`;
  return `${day}/${month}/${year}`;
}

export function formatDate(date: string | null): string {
  if (!date) return '';
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

export interface HouseholdHeaderView {
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
}

export interface MemberView extends PersonFieldsView {
  /** The row's place on the page, in A0 order. */
  position: number;
}

export interface ContraceptionView {
  wifeId: string;
  wifeName: string;
  wifeBirthYear: number;
  husbandName: string | null;
  method: string | null;
  methodLabel: string | null;
  startedOn: string | null;
  history: { method: string; methodLabel: string; validFrom: string; validTo: string | null }[];
}

export interface HouseholdPageView {
  household: HouseholdHeaderView;
  members: MemberView[];
  contraception: ContraceptionView[];
  identifiersMasked: boolean;
}
