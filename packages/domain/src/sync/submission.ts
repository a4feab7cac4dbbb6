/**
 * The month's submission (phiếu thu tin, P0): the collaborator signs, on her phone, a short document that
 * lists every change she recorded in the month. The server checks the same document, so the phone and the
 * server must build it alike: both use `buildMonthSubmission`. The signature is Ed25519 over the canonical
 * JSON of the document (see signing.ts), so it can be checked again later by anyone with the public key.
 */
import type { ChangeType } from '../register/changes.ts';

export const MONTH_SUBMISSION_KIND = 'danso.month-submission.v1';

export interface MonthSubmissionDocument {
  kind: typeof MONTH_SUBMISSION_KIND;
  /** The reporting month, `YYYY-MM`. */
  month: string;
  /** The collaborator who submits (her user id). */
  userId: string;
  /** Her areas, sorted. */
  areaIds: string[];
  /** Every change she recorded in the month, sorted (UUIDv7 text order is creation order). */
  changeIds: string[];
  /** How many of the listed changes are of each type; types with none are left out. */
  counts: Partial<Record<ChangeType, number>>;
  /** When she submitted it (ISO 8601, from the phone's clock). */
  submittedAt: string;
}

/** Viet Nam's civil time: UTC+7 all year round (no daylight saving). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

export interface DeadlineRule {
  /** The day of the following month by which the P0 sheet is due (inclusive). Default 3. */
  dueDay?: number;
  /** The local time zone's offset from UTC in minutes. Default Viet Nam (+420). */
  utcOffsetMinutes?: number;
}

export const DEFAULT_SUBMISSION_DUE_DAY = 3;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
}

/**
 * When the month's submission is due. The collaborators' sheets for a month are dated the 1st of the next
 * month and handed in during its first days (DESIGN.md: "by the 1st–3rd of the next month"): by default the
 * whole of the 3rd day of the following month, local time. `deadline` is the first instant that is late
 * (midnight at the end of the due day, local time), as an ISO 8601 UTC time.
 */
export function submissionDeadline(
  month: string,
  rule: DeadlineRule = {},
): { dueDate: string; deadline: string } {
  const dueDay = rule.dueDay ?? DEFAULT_SUBMISSION_DUE_DAY;
  if (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 28) throw new RangeError('dueDay must be 1–28');
  const offset = rule.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  const following = nextMonth(month);
  const dueDate = `${following}-${String(dueDay).padStart(2, '0')}`;
  const endOfDueDayLocal = Date.parse(`${dueDate}T00:00:00Z`) + 86_400_000;
  return { dueDate, deadline: new Date(endOfDueDayLocal - offset * 60_000).toISOString() };
}

/** True when a submission received at `receivedAt` (ISO time) is on time for `month`. */
export function isOnTime(month: string, receivedAt: string, rule: DeadlineRule = {}): boolean {
  return Date.parse(receivedAt) < Date.parse(submissionDeadline(month, rule).deadline);
}

/** The local month (`YYYY-MM`) an instant falls in: which month's sheet a change recorded then belongs to. */
export function localMonthOf(instant: string, utcOffsetMinutes = VIETNAM_UTC_OFFSET_MINUTES): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${instant}`);
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
}

/** The instants [from, to) of a local month, as ISO UTC times: for "recorded in that month" queries. */
export function localMonthBounds(
  month: string,
  utcOffsetMinutes = VIETNAM_UTC_OFFSET_MINUTES,
): { from: string; to: string } {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const shift = utcOffsetMinutes * 60_000;
  return {
    from: new Date(Date.parse(`${month}-01T00:00:00Z`) - shift).toISOString(),
    to: new Date(Date.parse(`${nextMonth(month)}-01T00:00:00Z`) - shift).toISOString(),
  };
}

export interface MonthSubmissionInput {
  month: string;
  userId: string;
  areaIds: readonly string[];
  /** The month's changes (at least id and type); their order does not matter. */
  changes: readonly { id: string; type: ChangeType }[];
  submittedAt: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The document to sign: ids sorted and de-duplicated, counts per type. */
export function buildMonthSubmission(input: MonthSubmissionInput): MonthSubmissionDocument {
  if (!isMonth(input.month)) throw new RangeError(`not a month: ${input.month}`);
  const seen = new Map<string, ChangeType>();
  for (const c of input.changes) seen.set(c.id, c.type);
  const counts: Partial<Record<ChangeType, number>> = {};
  for (const type of seen.values()) counts[type] = (counts[type] ?? 0) + 1;
  const sortedCounts: Partial<Record<ChangeType, number>> = {};
  for (const type of (Object.keys(counts) as ChangeType[]).sort(byText)) sortedCounts[type] = counts[type];
  return {
    kind: MONTH_SUBMISSION_KIND,
    month: input.month,
    userId: input.userId,
    areaIds: [...new Set(input.areaIds)].sort(byText),
    changeIds: [...seen.keys()].sort(byText),
    counts: sortedCounts,
    submittedAt: input.submittedAt,
  };
}

export type MonthSubmissionProblem =
  | { code: 'kind'; path: 'kind' }
  | { code: 'month'; path: 'month' }
  | { code: 'not_sorted'; path: 'changeIds' | 'areaIds' }
  | { code: 'duplicate_id'; path: 'changeIds'; id: string }
  | { code: 'counts_mismatch'; path: 'counts'; type: string; expected: number; found: number };

/**
 * Checks a document's own consistency against the types of the listed changes: what the server does before it
 * looks at the signature's meaning. `typeOf` gives each listed change's type (undefined: unknown change).
 */
export function monthSubmissionProblems(
  document: MonthSubmissionDocument,
  typeOf: (changeId: string) => ChangeType | undefined,
): MonthSubmissionProblem[] {
  const problems: MonthSubmissionProblem[] = [];
  if (document.kind !== MONTH_SUBMISSION_KIND) problems.push({ code: 'kind', path: 'kind' });
  if (!isMonth(document.month)) problems.push({ code: 'month', path: 'month' });
  for (const path of ['changeIds', 'areaIds'] as const) {
    const list = document[path];
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1] as string;
      const current = list[i] as string;
      if (previous === current && path === 'changeIds') {
        problems.push({ code: 'duplicate_id', path, id: current });
      } else if (byText(previous, current) > 0) {
        problems.push({ code: 'not_sorted', path });
        break;
      }
    }
  }
  const expected: Record<string, number> = {};
  for (const id of new Set(document.changeIds)) {
    const type = typeOf(id);
    if (type) expected[type] = (expected[type] ?? 0) + 1;
  }
  const types = new Set([...Object.keys(expected), ...Object.keys(document.counts)]);
  for (const type of [...types].sort(byText)) {
    const found = (document.counts as Record<string, number | undefined>)[type] ?? 0;
    const want = expected[type] ?? 0;
    if (found !== want)
      problems.push({ code: 'counts_mismatch', path: 'counts', type, expected: want, found });
  }
  return problems;
}
