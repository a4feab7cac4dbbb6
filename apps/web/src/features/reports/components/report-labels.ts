import type { ReportDisplayStatus } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../lib/api-client.ts';

const roman = ['I', 'II', 'III', 'IV'];

/** Labels the report pages share: periods, statuses, times and shares in the reader's language. */
export function useReportLabels() {
  const { t, i18n } = useTranslation();
  const language = (i18n.language === 'en' ? 'en' : 'vi') as Language;
  return {
    language,
    status: (status: ReportDisplayStatus) => t(`reports.status.${status}`),
    period: (code: string) => {
      const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
      if (quarter) {
        const q = Number(quarter[2]);
        return t('reports.period.quarter', {
          quarter: language === 'vi' ? roman[q - 1] : q,
          year: quarter[1],
        });
      }
      const month = /^(\d{4})-(\d{2})$/.exec(code);
      if (month) return t('reports.period.month', { month: month[2], year: month[1] });
      return t('reports.period.year', { year: code });
    },
    /** An instant as the day and time in Viet Nam: "06/11/2026 14:05". */
    time: (iso: string | null) => {
      if (!iso) return '';
      const v = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
      return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${v.slice(11, 16)}`;
    },
    share: (x: number | null) =>
      x === null
        ? '–'
        : new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
            style: 'percent',
            maximumFractionDigits: 0,
          }).format(x),
    value: (x: number | null, decimals: number) =>
      x === null
        ? ''
        : new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
            minimumFractionDigits: decimals,
            maximumFractionDigits: decimals,
          }).format(x),
  };
}
