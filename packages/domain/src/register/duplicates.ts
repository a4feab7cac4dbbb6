/**
 * Possible duplicates (register.md): the same normalised name + a date of birth within a tolerance + the same
 * mother or household. The same personal ID number is a duplicate on its own; a different sex rules a pair
 * out unless the ID numbers agree. Checked when a person is added (birth, move in, new household) within the
 * commune on the phone and across the province on the server; an officer decides whether to merge.
 */

import { foldVietnamese } from '../text.ts';
import type { BirthDatePrecision, SexCode } from './codes.ts';
import { birthDateBounds, dayNumber, isRealDate } from './dates.ts';

/**
 * The form names are compared in: diacritics removed (đ/Đ included), case folded, punctuation such as
 * hyphens and apostrophes turned into spaces, spaces collapsed. Idempotent.
 */
export function normalizeName(name: string): string {
  return (
    foldVietnamese(name)
      // Marks outside the Vietnamese range, or brought in by lower-casing, go too: a name matches itself.
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

export interface DuplicateCandidate {
  id?: string;
  fullName: string;
  sex?: SexCode;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
  motherId?: string | null;
  householdId?: string | null;
  personalId?: string | null;
  insuranceNumber?: string | null;
}

export type DuplicateReasonCode =
  | 'same_personal_id'
  | 'same_insurance_number'
  | 'same_name'
  | 'same_birth_date'
  | 'birth_date_within_tolerance'
  | 'same_mother'
  | 'same_household';

export const duplicateReasonLabels: Record<DuplicateReasonCode, { vi: string; en: string }> = {
  same_personal_id: { vi: 'Trùng số định danh cá nhân', en: 'Same personal ID number' },
  same_insurance_number: { vi: 'Trùng mã số BHYT', en: 'Same health-insurance number' },
  same_name: { vi: 'Trùng họ tên (không dấu)', en: 'Same name (without diacritics)' },
  same_birth_date: { vi: 'Trùng ngày sinh', en: 'Same date of birth' },
  birth_date_within_tolerance: { vi: 'Ngày sinh gần nhau', en: 'Dates of birth close together' },
  same_mother: { vi: 'Cùng mẹ', en: 'Same mother' },
  same_household: { vi: 'Cùng hộ', en: 'Same household' },
};

export interface DuplicateScore {
  /** 0–1, for ordering a list; the decision is `possibleDuplicate`. */
  score: number;
  reasons: DuplicateReasonCode[];
  possibleDuplicate: boolean;
}

export interface DuplicateOptions {
  /** How many days apart two dates of birth may be and still match (default 0). */
  dobToleranceDays?: number;
}

const weights: Record<DuplicateReasonCode, number> = {
  same_personal_id: 1,
  same_insurance_number: 0.6,
  same_name: 0.4,
  same_birth_date: 0.25,
  birth_date_within_tolerance: 0.15,
  same_mother: 0.2,
  same_household: 0.15,
};

/** Days between the closest days two birth dates (with their precisions) may stand for; null if unreal. */
function birthDateGap(a: DuplicateCandidate, b: DuplicateCandidate): number | null {
  if (!isRealDate(a.birthDate) || !isRealDate(b.birthDate)) return null;
  const ba = birthDateBounds(a.birthDate, a.birthDatePrecision);
  const bb = birthDateBounds(b.birthDate, b.birthDatePrecision);
  if (ba.latest < bb.earliest) return dayNumber(bb.earliest) - dayNumber(ba.latest);
  if (bb.latest < ba.earliest) return dayNumber(ba.earliest) - dayNumber(bb.latest);
  return 0;
}

const present = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value !== '';

export function duplicateScore(
  candidate: DuplicateCandidate,
  existing: DuplicateCandidate,
  options: DuplicateOptions = {},
): DuplicateScore {
  const tolerance = Math.max(0, options.dobToleranceDays ?? 0);
  const reasons: DuplicateReasonCode[] = [];
  const samePersonalId = present(candidate.personalId) && candidate.personalId === existing.personalId;
  if (samePersonalId) reasons.push('same_personal_id');
  if (
    present(candidate.insuranceNumber) &&
    candidate.insuranceNumber.toUpperCase() === existing.insuranceNumber?.toUpperCase()
  ) {
    reasons.push('same_insurance_number');
  }
  const sameName = normalizeName(candidate.fullName) === normalizeName(existing.fullName);
  if (sameName) reasons.push('same_name');
  const gap = birthDateGap(candidate, existing);
  const exactDate =
    gap === 0 &&
    candidate.birthDatePrecision === existing.birthDatePrecision &&
    candidate.birthDate === existing.birthDate;
  if (exactDate) reasons.push('same_birth_date');
  else if (gap !== null && gap <= tolerance) reasons.push('birth_date_within_tolerance');
  const sameMother = present(candidate.motherId) && candidate.motherId === existing.motherId;
  if (sameMother) reasons.push('same_mother');
  const sameHousehold = present(candidate.householdId) && candidate.householdId === existing.householdId;
  if (sameHousehold) reasons.push('same_household');

  const differentSex =
    candidate.sex !== undefined && existing.sex !== undefined && candidate.sex !== existing.sex;
  const dateMatches = gap !== null && gap <= tolerance;
  const possibleDuplicate =
    samePersonalId || (!differentSex && sameName && dateMatches && (sameMother || sameHousehold));
  const score =
    differentSex && !samePersonalId
      ? 0
      : Math.min(
          1,
          reasons.reduce((sum, r) => sum + weights[r], 0),
        );
  return { score, reasons, possibleDuplicate };
}

export interface PossibleDuplicate<T extends DuplicateCandidate> extends DuplicateScore {
  person: T;
}

/** The possible duplicates of `person` among `others` (itself excluded by id), best match first. */
export function findPossibleDuplicates<T extends DuplicateCandidate>(
  person: DuplicateCandidate,
  others: readonly T[],
  options: DuplicateOptions = {},
): PossibleDuplicate<T>[] {
  return others
    .filter((other) => person.id === undefined || other.id !== person.id)
    .map((other) => ({ person: other, ...duplicateScore(person, other, options) }))
    .filter((match) => match.possibleDuplicate)
    .sort((a, b) => b.score - a.score);
}
