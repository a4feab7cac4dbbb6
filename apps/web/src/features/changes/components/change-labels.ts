/**
 * Labels of the change domain in the reader's language: change types, review statuses and actions, and the
 * register's code lists (the lists are data, so their labels come from the domain, not from the locales).
 */
import {
  type CodeListName,
  changeTypeLabels,
  codeLabel,
  defaultRegisterCodeLists,
  isChangeType,
  type ReviewActionType,
  type ReviewStatus,
  reviewActionLabels,
  reviewStatuses,
  reviewStatusLabels,
} from '@danso/domain';
import { useCallback, useMemo } from 'react';
import type { Language } from '../../../lib/api-client.ts';
import { todayIsoDate } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';

export function isReviewStatus(value: string | null): value is ReviewStatus {
  return (reviewStatuses as readonly string[]).includes(value ?? '');
}

/** A moment as the reader's local date and time: "05/06/2026 14:03". */
export function formatDateTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const [year, month, day] = todayIsoDate(moment).split('-');
  const hours = String(moment.getHours()).padStart(2, '0');
  const minutes = String(moment.getMinutes()).padStart(2, '0');
  return `${day}/${month}/${year} ${hours}:${minutes}`;
}

/** The local calendar day of a moment, 'YYYY-MM-DD'. */
export function localDate(iso: string): string {
  const moment = new Date(iso);
  return Number.isNaN(moment.getTime()) ? iso.slice(0, 10) : todayIsoDate(moment);
}

export interface ChangeLabels {
  language: Language;
  type: (type: string) => string;
  status: (status: string) => string;
  action: (action: string) => string;
  code: (list: CodeListName, code: string | number | null | undefined) => string;
}

export function useChangeLabels(): ChangeLabels {
  const [language] = useLanguage();
  const type = useCallback(
    (value: string) => (isChangeType(value) ? changeTypeLabels[value][language] : value),
    [language],
  );
  const status = useCallback(
    (value: string) => (isReviewStatus(value) ? reviewStatusLabels[value][language] : value),
    [language],
  );
  const action = useCallback(
    (value: string) =>
      value in reviewActionLabels ? reviewActionLabels[value as ReviewActionType][language] : value,
    [language],
  );
  const code = useCallback(
    (list: CodeListName, value: string | number | null | undefined) =>
      value === null || value === undefined || value === ''
        ? ''
        : codeLabel(defaultRegisterCodeLists[list], value, language),
    [language],
  );
  return useMemo(() => ({ language, type, status, action, code }), [language, type, status, action, code]);
}
