/**
 * The life of a report (reporting.md): live (draft) until the commune officer submits it — its values
 * frozen and signed — then approved or returned by the province; an approved report is locked at once or
 * later; a change approved after the lock that alters the values is a revision the province accepts,
 * which freezes a new version. Province forms are closed by the province officer, who is the last level:
 * her submission locks them. Deadlines and timeliness are here too.
 */
import { DomainError } from '../errors.ts';
import { type Period, parsePeriod } from '../indicators/periods.ts';
import { vietNamDate } from '../register/dates.ts';
import type { ReportForm, ReportLevel, ReportPeriodType } from './forms.ts';

export const reportStatuses = ['draft', 'submitted', 'returned', 'approved', 'locked'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** What a screen shows: the stored status, or "revised" when a frozen report's values have since changed. */
export type ReportDisplayStatus = ReportStatus | 'revised';

export const reportStatusLabels: Record<ReportDisplayStatus, { vi: string; en: string }> = {
  draft: { vi: 'Nháp', en: 'Draft' },
  submitted: { vi: 'Đã gửi', en: 'Submitted' },
  returned: { vi: 'Trả lại', en: 'Returned' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  locked: { vi: 'Đã khóa', en: 'Locked' },
  revised: { vi: 'Có điều chỉnh', en: 'Revised' },
};

export const reportActions = ['submit', 'return', 'approve', 'lock', 'accept_revision'] as const;
export type ReportAction = (typeof reportActions)[number];

/** Who may take an action: the commune officer submits commune forms; the province does the rest. */
export function actorRoleFor(
  action: ReportAction,
  level: ReportLevel,
): 'commune_officer' | 'province_officer' {
  return action === 'submit' && level === 'commune' ? 'commune_officer' : 'province_officer';
}

/**
 * The status after an action, or an error when the action is not allowed from this status. Values are
 * frozen from the first submission on; only `submit` (again after a return) and `accept_revision` freeze
 * a new version.
 */
export function nextReportStatus(
  status: ReportStatus,
  action: ReportAction,
  level: ReportLevel,
): ReportStatus {
  const refuse = () => {
    throw new DomainError('DANSO_ERR_REPORT_STATE', [{ path: 'action', reason: `${action}_when_${status}` }]);
  };
  switch (action) {
    case 'submit':
      if (status !== 'draft' && status !== 'returned') return refuse();
      return level === 'province' ? 'locked' : 'submitted';
    case 'return':
      if (level === 'province' || (status !== 'submitted' && status !== 'approved')) return refuse();
      return 'returned';
    case 'approve':
      if (level === 'province' || status !== 'submitted') return refuse();
      return 'approved';
    case 'lock':
      if (level === 'province' || status !== 'approved') return refuse();
      return 'locked';
    case 'accept_revision':
      if (status !== 'approved' && status !== 'locked') return refuse();
      return status;
  }
}

/** Whether a report in this status holds frozen values (and so may have a revision pending). */
export const isFrozen = (status: ReportStatus): boolean => status === 'approved' || status === 'locked';

// ------------------------------------------------------------------------------------------------ periods

const pad = (n: number) => String(n).padStart(2, '0');

/** The period code of a form's period type containing the month ('YYYY-MM'). */
export function periodCodeOf(type: ReportPeriodType, month: string): string {
  const year = month.slice(0, 4);
  const m = Number(month.slice(5, 7));
  switch (type) {
    case 'month':
      return month.slice(0, 7);
    case 'quarter':
      return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return year;
  }
}

/** The period a code names, checked against the form's period type. */
export function reportPeriod(form: Pick<ReportForm, 'periodType'>, code: string): Period {
  const pattern = { month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, year: /^\d{4}$/ }[
    form.periodType
  ];
  if (!pattern.test(code)) {
    throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'period', reason: `not_a_${form.periodType}` }]);
  }
  return parsePeriod(code);
}

/** The last day of a period ('YYYY-MM-DD'). */
export function periodEnd(period: Period): string {
  const [y, m] = [Number(period.to.slice(0, 4)), Number(period.to.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The day `n` working days (Monday–Friday) after `day`. Public holidays are not counted out. */
export function addWorkingDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}

/** The last day a report may be submitted on time. */
export function reportDeadline(form: Pick<ReportForm, 'deadline'>, period: Period): string {
  return addWorkingDays(periodEnd(period), form.deadline.workingDaysAfterPeriod);
}

/** Timeliness: submitted on or before the deadline day, in Viet Nam's time. */
export function submittedOnTime(submittedAt: Date, deadline: string): boolean {
  return vietNamDate(submittedAt) <= deadline;
}

/**
 * The periods of a form that have ended by `today` within a year ('YYYY'), oldest first: what a unit is
 * expected to have reported (a period whose deadline has not passed yet is still expected, not late).
 */
export function endedPeriods(form: Pick<ReportForm, 'periodType'>, year: string, today: string): string[] {
  const codes: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const code = periodCodeOf(form.periodType, `${year}-${pad(m)}`);
    if (codes.includes(code)) continue;
    if (periodEnd(parsePeriod(code)) < today) codes.push(code);
  }
  return codes;
}
