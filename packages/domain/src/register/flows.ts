/**
 * What an approved change adds to the monthly flow counts (DESIGN.md §2.4): events with the breakdowns the
 * reports need. The server decides the area and month (the household's area, the month the event happened)
 * and stores these counts in the same transaction as the change; a correction takes them back exactly.
 */
import { ageInCompletedYears, standardAgeGroupOf } from './age.ts';
import type { Change } from './changes.ts';
import type { BirthDatePrecision, SexCode } from './codes.ts';

export interface FlowSubject {
  sex: SexCode;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
}

export interface FlowCount {
  event: string;
  dims: Record<string, string>;
  n: number;
}

export interface FlowContext {
  /** The person the change is about (for a whole-household move: see `members`). */
  person?: FlowSubject | null;
  /** The mother of a birth, when known. */
  mother?: { birthDate: string; birthDatePrecision: BirthDatePrecision } | null;
  /** The people a whole-household change concerns. */
  members?: readonly FlowSubject[];
  /** The province of the register, to tell moves inside it from moves across provinces. */
  provinceCode: string;
}

function ageGroup(
  subject: FlowSubject | { birthDate: string; birthDatePrecision: BirthDatePrecision },
  on: string,
) {
  if (on < subject.birthDate) return 'unknown';
  try {
    return standardAgeGroupOf(ageInCompletedYears(subject.birthDate, on, subject.birthDatePrecision)).code;
  } catch {
    return 'unknown';
  }
}

function personDims(subject: FlowSubject, on: string): Record<string, string> {
  return { sex: String(subject.sex), ageGroup: ageGroup(subject, on) };
}

type Place = { provinceCode?: string; communeCode?: string; country?: string };
function movePlace(place: Place, provinceCode: string): string {
  if (place.country) return 'abroad';
  if (!place.provinceCode) return 'unknown';
  return place.provinceCode === provinceCode ? 'same_province' : 'other_province';
}

const bucket = (n: number, top: number) => (n >= top ? `${top}+` : String(n));

/** The flow counts of one approved change (never of a correction: the server reverses and re-applies). */
export function flowCounts(change: Change, context: FlowContext): FlowCount[] {
  const on = change.occurredOn;
  const one = (event: string, dims: Record<string, string> = {}): FlowCount[] => [{ event, dims, n: 1 }];
  const person = context.person;
  switch (change.type) {
    case 'birth':
      return one('birth', {
        sex: String(change.payload.sex),
        birthOrder: bucket(change.payload.birthOrder, 3),
        motherAgeGroup: context.mother ? ageGroup(context.mother, on) : 'unknown',
        birthPlace: change.payload.birthPlace,
        ethnicity: change.payload.ethnicityCode,
      });
    case 'death':
      return person ? one('death', personDims(person, on)) : one('death');
    case 'move_in':
      return one('move_in', {
        sex: String(change.payload.person.sex),
        ageGroup: ageGroup(change.payload.person, on),
        origin: movePlace(change.payload.from, context.provinceCode),
      });
    case 'move_out': {
      const destination = movePlace(change.payload.destination, context.provinceCode);
      const people = change.payload.scope === 'household' ? (context.members ?? []) : person ? [person] : [];
      return [
        ...people.map((p) => ({ event: 'move_out', dims: { ...personDims(p, on), destination }, n: 1 })),
        ...(change.payload.scope === 'household' ? one('household_closed') : []),
      ];
    }
    case 'contraception_start':
      return one('contraception_start', {
        method: change.payload.method,
        livingChildren: bucket(change.payload.livingChildren, 3),
      });
    case 'contraception_stop':
      return one('contraception_stop', { method: change.payload.method });
    case 'pregnancy_event':
      return one('pregnancy_event', { kind: change.payload.kind });
    case 'prenatal_screening':
      return one('prenatal_screening');
    case 'newborn_screening':
      return one('newborn_screening');
    case 'elderly_check':
      return one('elderly_check', person ? { sex: String(person.sex) } : {});
    case 'marriage':
      return one('marriage', {
        ...(person ? { sex: String(person.sex), ageGroup: ageGroup(person, on) } : {}),
        childMarriage: String(change.payload.childMarriage),
        consanguineous: String(change.payload.consanguineous),
      });
    case 'premarital_check':
      return one('premarital_check', {
        counselling: String(change.payload.counselling),
        healthCheck: String(change.payload.healthCheck),
      });
    case 'divorce':
      return one('divorce');
    case 'household_new':
      return one('household_new');
    case 'household_split':
      return one('household_split');
    case 'transfer':
    case 'info_change':
    case 'head_change':
    case 'correction':
      return [];
  }
}
