import { todayIsoDate } from '../../../lib/format.ts';

/** A moment as the phone's local date and time: "05/06/2026 14:03". */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return '';
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const [year, month, day] = todayIsoDate(moment).split('-');
  const hours = String(moment.getHours()).padStart(2, '0');
  const minutes = String(moment.getMinutes()).padStart(2, '0');
  return `${day}/${month}/${year} ${hours}:${minutes}`;
}
