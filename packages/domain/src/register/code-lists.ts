/**
 * The register's code lists, kept as data (register.md: "one table, one file") so that a province can
 * replace a list — another ethnic-group ordering, the official contraceptive-method codes — without code
 * changes. `loadRegisterCodeLists` checks replacement data; `defaultRegisterCodeLists` are the bundled files.
 * Each file's `description` says where the list comes from. Ethnicity: the 54 groups by 2-digit GSO code,
 * plus '00' unknown and '55' foreigner — numeric like the rest, so every code stays two digits (not 'NN').
 */
import { DomainError, type ErrorDetail } from '../errors.ts';
import birthPlace from './code-lists/birth-place.json' with { type: 'json' };
import contraceptiveMethod from './code-lists/contraceptive-method.json' with { type: 'json' };
import education from './code-lists/education.json' with { type: 'json' };
import ethnicity from './code-lists/ethnicity.json' with { type: 'json' };
import householdKind from './code-lists/household-kind.json' with { type: 'json' };
import maritalStatus from './code-lists/marital-status.json' with { type: 'json' };
import newbornScreeningTest from './code-lists/newborn-screening-test.json' with { type: 'json' };
import pregnancyEventKind from './code-lists/pregnancy-event-kind.json' with { type: 'json' };
import prenatalScreeningTest from './code-lists/prenatal-screening-test.json' with { type: 'json' };
import relationToHead from './code-lists/relation-to-head.json' with { type: 'json' };
import residenceStatus from './code-lists/residence-status.json' with { type: 'json' };
import screeningResult from './code-lists/screening-result.json' with { type: 'json' };
import serviceSite from './code-lists/service-site.json' with { type: 'json' };
import sex from './code-lists/sex.json' with { type: 'json' };
import {
  householdKinds,
  maritalStatuses,
  NO_CONTRACEPTIVE_METHOD,
  pregnancyEventKinds,
  relationsToHead,
  residenceStatuses,
  screeningResults,
  sexCodes,
} from './codes.ts';

export const codeListNames = [
  'relationToHead',
  'sex',
  'ethnicity',
  'education',
  'maritalStatus',
  'residenceStatus',
  'contraceptiveMethod',
  'birthPlace',
  'newbornScreeningTest',
  'prenatalScreeningTest',
  'screeningResult',
  'serviceSite',
  'householdKind',
  'pregnancyEventKind',
] as const;
export type CodeListName = (typeof codeListNames)[number];

export interface CodeListEntry {
  code: string;
  vi: string;
  en: string;
  /** Only contraceptive methods have one: modern, traditional or none (for the modern-method CPR). */
  group?: string;
}

export interface CodeList {
  name: CodeListName;
  description: string;
  entries: readonly CodeListEntry[];
  byCode: ReadonlyMap<string, CodeListEntry>;
}

export type RegisterCodeLists = Readonly<Record<CodeListName, CodeList>>;

/**
 * Lists whose codes are fixed by the database's CHECK constraints or referenced by the rules: a
 * replacement must carry exactly these codes (labels may change). The other lists are open.
 */
const fixedCodes: Partial<Record<CodeListName, readonly string[]>> = {
  relationToHead: relationsToHead,
  sex: sexCodes.map(String),
  maritalStatus: maritalStatuses,
  residenceStatus: residenceStatuses,
  householdKind: householdKinds,
  pregnancyEventKind: pregnancyEventKinds,
  screeningResult: screeningResults,
};

const contraceptiveGroups = ['modern', 'traditional', 'none'];
const CODE_PATTERN = /^[0-9A-Za-z_]{1,40}$/;
const MAX_ENTRIES = 500;
const MAX_LABEL = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLabel(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_LABEL;
}

/** Every problem of one list's data, each with its path; empty when the list is usable. */
export function codeListProblems(name: CodeListName, raw: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, reason: string, message: string) => problems.push({ path, reason, message });
  if (!isRecord(raw) || !Array.isArray(raw.entries)) {
    add(name, 'not_a_code_list', 'expected { "description": string, "entries": [...] }');
    return problems;
  }
  if (typeof raw.description !== 'string') {
    add(`${name}.description`, 'missing_description', 'expected a string');
  }
  const entries: unknown[] = raw.entries;
  if (entries.length === 0 || entries.length > MAX_ENTRIES) {
    add(`${name}.entries`, 'bad_length', `expected 1 to ${MAX_ENTRIES} entries`);
  }
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const path = `${name}.entries[${i}]`;
    if (!isRecord(entry)) {
      add(path, 'not_an_entry', 'expected { "code", "vi", "en" }');
      return;
    }
    const allowed = name === 'contraceptiveMethod' ? ['code', 'vi', 'en', 'group'] : ['code', 'vi', 'en'];
    for (const key of Object.keys(entry)) {
      if (!allowed.includes(key)) add(`${path}.${key}`, 'unknown_property', `unexpected property ${key}`);
    }
    if (typeof entry.code !== 'string' || !CODE_PATTERN.test(entry.code)) {
      add(`${path}.code`, 'bad_code', 'expected 1–40 letters, digits or underscores');
    } else if (seen.has(entry.code)) {
      add(`${path}.code`, 'duplicate_code', `code ${entry.code} appears twice`);
    } else {
      seen.add(entry.code);
    }
    if (!isLabel(entry.vi)) add(`${path}.vi`, 'bad_label', 'expected a Vietnamese label');
    if (!isLabel(entry.en)) add(`${path}.en`, 'bad_label', 'expected an English label');
    if (name === 'contraceptiveMethod' && !contraceptiveGroups.includes(String(entry.group))) {
      add(`${path}.group`, 'bad_group', 'expected modern, traditional or none');
    }
  });
  const fixed = fixedCodes[name];
  if (fixed) {
    for (const code of fixed) {
      if (!seen.has(code)) add(`${name}.entries`, 'missing_code', `the fixed code ${code} is missing`);
    }
    for (const code of seen) {
      if (!fixed.includes(code)) {
        add(`${name}.entries`, 'extra_code', `${code} is not one of the fixed codes`);
      }
    }
  }
  if (name === 'contraceptiveMethod' && !seen.has(NO_CONTRACEPTIVE_METHOD)) {
    add(`${name}.entries`, 'missing_code', `the code ${NO_CONTRACEPTIVE_METHOD} is required`);
  }
  return problems;
}

function toCodeList(name: CodeListName, raw: { description: string; entries: CodeListEntry[] }): CodeList {
  const entries = raw.entries.map((e) => Object.freeze({ ...e }));
  return Object.freeze({
    name,
    description: raw.description,
    entries: Object.freeze(entries),
    byCode: new Map(entries.map((e) => [e.code, e])),
  });
}

/**
 * Checks and loads a full set of lists (for instance read from files a province supplied).
 * Throws `DANSO_ERR_VALIDATION` listing every problem, so that a bad file is reported in one go.
 */
export function loadRegisterCodeLists(raw: Record<CodeListName, unknown>): RegisterCodeLists {
  const problems = codeListNames.flatMap((name) => codeListProblems(name, raw[name]));
  if (problems.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', problems);
  const lists = {} as Record<CodeListName, CodeList>;
  for (const name of codeListNames) {
    lists[name] = toCodeList(name, raw[name] as { description: string; entries: CodeListEntry[] });
  }
  return Object.freeze(lists);
}

/** The bundled lists (`code-lists/*.json`). */
export const defaultRegisterCodeLists: RegisterCodeLists = loadRegisterCodeLists({
  relationToHead,
  sex,
  ethnicity,
  education,
  maritalStatus,
  residenceStatus,
  contraceptiveMethod,
  birthPlace,
  newbornScreeningTest,
  prenatalScreeningTest,
  screeningResult,
  serviceSite,
  householdKind,
  pregnancyEventKind,
});

export function isKnownCode(list: CodeList, code: string | number): boolean {
  return list.byCode.has(String(code));
}

/** The label of a code, or the code itself when the list does not have it (so a screen never shows a blank). */
export function codeLabel(list: CodeList, code: string | number, language: 'vi' | 'en' = 'vi'): string {
  const entry = list.byCode.get(String(code));
  return entry ? entry[language] : String(code);
}
