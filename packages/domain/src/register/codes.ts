/**
 * Codes the register's logic branches on. They match the database's CHECK constraints
 * (migration `create-register-base`), so they are fixed here; their labels live in `code-lists/*.json`
 * and can be replaced there. Open lists (ethnicity, education, contraceptive method, place of birth,
 * screening tests, service site) are plain strings checked against the loaded lists at run time.
 */

export const relationsToHead = [
  'head',
  'spouse',
  'child',
  'adopted_child',
  'child_in_law',
  'parent',
  'grandchild',
  'other',
] as const;
export type RelationToHead = (typeof relationsToHead)[number];

/** 1 = male, 2 = female (health-sector data standard). */
export const sexCodes = [1, 2] as const;
export type SexCode = (typeof sexCodes)[number];
export const SEX_MALE: SexCode = 1;
export const SEX_FEMALE: SexCode = 2;

export const maritalStatuses = ['never_married', 'married', 'divorced', 'widowed', 'separated'] as const;
export type MaritalStatus = (typeof maritalStatuses)[number];

export const residenceStatuses = ['permanent', 'temporary', 'temporarily_absent'] as const;
export type ResidenceStatus = (typeof residenceStatuses)[number];

export const householdKinds = ['family', 'collective'] as const;
export type HouseholdKind = (typeof householdKinds)[number];

export const householdStatuses = ['active', 'closed'] as const;
export type HouseholdStatus = (typeof householdStatuses)[number];

/** Which parts of a stored birth date are known: old people often know only the year. */
export const birthDatePrecisions = ['day', 'month', 'year'] as const;
export type BirthDatePrecision = (typeof birthDatePrecisions)[number];

export const vitalStatuses = ['alive', 'dead'] as const;
export type VitalStatus = (typeof vitalStatuses)[number];

/** Whether a person is still on the commune's register or has moved out of it (a transfer keeps them present). */
export const presenceStatuses = ['present', 'moved_out'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

export const pregnancyEventKinds = ['pregnant', 'miscarriage', 'abortion'] as const;
export type PregnancyEventKind = (typeof pregnancyEventKinds)[number];

export const screeningResults = ['low_risk', 'high_risk', 'pending'] as const;
export type ScreeningResult = (typeof screeningResults)[number];

/** The contraceptive-method code meaning "no method"; the rules refer to it. */
export const NO_CONTRACEPTIVE_METHOD = 'none';

/** Legal minimum marriage age in completed years (Law on Marriage and Family 2014, art. 8): men 20, women 18. */
export const minimumMarriageAge: Record<SexCode, number> = { 1: 20, 2: 18 };
