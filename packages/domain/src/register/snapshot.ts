/**
 * What the caller tells the rules about the register: plain snapshots read from the device's household book
 * or from the server's tables. The rules never fetch anything.
 */
import type { ChangeType } from './changes.ts';
import type { RegisterCodeLists } from './code-lists.ts';
import type {
  BirthDatePrecision,
  HouseholdKind,
  HouseholdStatus,
  MaritalStatus,
  PresenceStatus,
  RelationToHead,
  ResidenceStatus,
  SexCode,
  VitalStatus,
} from './codes.ts';
import type { ReviewStatus } from './review.ts';

/** Person fields a change may modify; conflict detection compares their versions. */
export type PersonField =
  | 'fullName'
  | 'birthDate'
  | 'sex'
  | 'ethnicityCode'
  | 'educationCode'
  | 'maritalStatus'
  | 'residenceStatus'
  | 'relationToHead'
  | 'insuranceNumber'
  | 'personalId'
  | 'householdId'
  | 'vitalStatus'
  | 'presence'
  | 'contraceptiveMethod';

export type HouseholdField = 'status' | 'headPersonId' | 'areaId' | 'kind' | 'address';

export interface PersonSnapshot {
  id: string;
  householdId: string;
  fullName: string;
  relationToHead: RelationToHead;
  sex: SexCode;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
  ethnicityCode: string;
  educationCode: string | null;
  maritalStatus: MaritalStatus;
  residenceStatus: ResidenceStatus;
  insuranceNumber: string | null;
  personalId: string | null;
  vitalStatus: VitalStatus;
  deathDate: string | null;
  /** `moved_out` once the person has left the commune (a transfer inside it keeps them present). */
  presence: PresenceStatus;
  movedOutOn: string | null;
  /** The method in use, or null / 'none' for none. */
  contraceptiveMethod: string | null;
  contraceptionStartedOn: string | null;
  /** Living children in the register (for a woman: hers). */
  livingChildren: number;
  /** The register version at which each field last changed; needed only for conflict detection. */
  fieldVersions?: Partial<Record<PersonField, number>>;
}

export interface HouseholdSnapshot {
  id: string;
  status: HouseholdStatus;
  kind: HouseholdKind;
  areaId: string;
  communeCode: string;
  headPersonId: string | null;
  /** Everyone whose row is on this household page, the dead and the departed included. */
  members: readonly PersonSnapshot[];
  fieldVersions?: Partial<Record<HouseholdField, number>>;
}

/** A current area (địa bàn) of a commune. */
export interface AreaSnapshot {
  id: string;
  communeCode: string;
  number: number;
}

/** A hamlet (thôn, tổ dân phố) of a commune; `current` while it is in use. */
export interface HamletSnapshot {
  id: string;
  communeCode: string;
  current: boolean;
}

/** A household page holding a code. */
export interface HouseholdCodeHolder {
  id: string;
  code: string;
}

/** The approved change a correction refers to. */
export interface CorrectedChangeSnapshot {
  id: string;
  type: ChangeType;
  status: ReviewStatus;
  householdId: string;
  personId: string | null;
}

/**
 * The register as far as one change is concerned. Absent (or null) means "not in the register".
 * - `person`: the person the change is about (for a birth or move-in: whoever already has the new id).
 * - `household`: the change's household (for a new household: whatever already has the new id).
 * - `mother`: the mother named in a birth, when she is in the register.
 * - `spouse`: the spouse named in a marriage or divorce, or the husband named when contraception starts.
 * - `targetHousehold`: the receiving household of a transfer; for a split, whatever already has the new id.
 * - `correctedChange`: the change a correction corrects.
 * - `targetArea`: the area a new household, a split-off household or a whole household's transfer goes to
 *   (null: no current area with that id). Unlike the others, absent means "not known" — a phone's book holds
 *   only its own areas — and the rules about the area are then left to the server.
 * - `householdWithCode`: the household already holding the code such a change would give (commune, target
 *   area's number, household number), or null when the code is free; absent when not known.
 * - `targetHamlet`: the hamlet such a household is given, when the change names one (null: no hamlet with
 *   that id); absent when not known, and the rule is then left to the server.
 */
export interface RegisterSnapshot {
  person?: PersonSnapshot | null;
  household?: HouseholdSnapshot | null;
  mother?: PersonSnapshot | null;
  spouse?: PersonSnapshot | null;
  targetHousehold?: HouseholdSnapshot | null;
  correctedChange?: CorrectedChangeSnapshot | null;
  targetArea?: AreaSnapshot | null;
  householdWithCode?: HouseholdCodeHolder | null;
  targetHamlet?: HamletSnapshot | null;
}

export interface ValidationContext extends RegisterSnapshot {
  /** Defaults to the bundled lists. */
  codeLists?: RegisterCodeLists;
}

export function isPresentMember(person: PersonSnapshot): boolean {
  return person.vitalStatus === 'alive' && person.presence === 'present';
}
