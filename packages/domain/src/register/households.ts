/**
 * Household numbers and codes. A household page is numbered inside its area; its code — commune code, area
 * number, household number — is unique in the commune (register.md), so a change that gives a household a
 * number in an area must find that code free.
 */
import type { Change } from './changes.ts';
import type { RegisterSnapshot } from './snapshot.ts';

/** The human code of a household page, e.g. '05977-3-57'. */
export function householdCode(communeCode: string, areaNumber: number, householdNumber: number): string {
  return `${communeCode}-${areaNumber}-${householdNumber}`;
}

/** Where a change puts a household under a number, and the paths of the area and number in the change. */
export interface HouseholdPlacement {
  /** The household that gets the number: the new one, the split-off one, or the one moving. */
  householdId: string;
  areaId: string;
  number: number;
  areaPath: string;
  numberPath: string;
  /** The hamlet (thôn, tổ dân phố) a new or split-off household is given, when the change names one. */
  hamletId?: string;
}

/**
 * The placement a change makes: a new household, a household split off, or a whole household transferred
 * to another area of the commune. Null for every other change (a correction of these is not allowed).
 */
export function householdPlacement(change: Change): HouseholdPlacement | null {
  switch (change.type) {
    case 'household_new':
      return {
        householdId: change.householdId,
        areaId: change.payload.areaId,
        number: change.payload.number,
        areaPath: 'payload.areaId',
        numberPath: 'payload.number',
        ...(change.payload.hamletId ? { hamletId: change.payload.hamletId } : {}),
      };
    case 'household_split':
      return {
        householdId: change.payload.newHouseholdId,
        areaId: change.payload.areaId,
        number: change.payload.number,
        areaPath: 'payload.areaId',
        numberPath: 'payload.number',
        ...(change.payload.hamletId ? { hamletId: change.payload.hamletId } : {}),
      };
    case 'transfer':
      if (change.payload.scope !== 'household') return null;
      return {
        householdId: change.householdId,
        areaId: change.payload.toAreaId,
        number: change.payload.number,
        areaPath: 'payload.toAreaId',
        numberPath: 'payload.number',
      };
    default:
      return null;
  }
}

/**
 * The code a change would give its household, when the snapshot shows another household already holding it
 * (the database would refuse the second; the change has to take another number). Null when it is free or
 * the snapshot cannot tell.
 */
export function takenHouseholdCode(
  change: Change,
  snapshot: Pick<RegisterSnapshot, 'targetArea' | 'householdWithCode'>,
): { code: string; placement: HouseholdPlacement } | null {
  const placement = householdPlacement(change);
  const area = snapshot.targetArea;
  const holder = snapshot.householdWithCode;
  if (!placement || !area || area.id !== placement.areaId) return null;
  if (!holder || holder.id === placement.householdId) return null;
  const code = householdCode(area.communeCode, area.number, placement.number);
  return holder.code === code ? { code, placement } : null;
}
