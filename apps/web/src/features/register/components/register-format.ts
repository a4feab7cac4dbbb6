import type { Departure } from '../api/register-api.ts';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', 'MM/YYYY' or 'YYYY', as precisely as the date is known. */
export function formatBirthDate(date: string, precision: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  if (precision === 'year') return year;
  if (precision === 'month') return `${month}/${year}`;
  return `${day}/${month}/${year}`;
}

/**
 * What the user types as a date of birth: 'dd/mm/yyyy' (or d/m/yyyy) or a year 'yyyy'. Returns the API's
 * form ('YYYY-MM-DD' or 'YYYY'), '' for nothing, or null when it is neither.
 */
export function parseBirthDateInput(text: string): string | null {
  const value = text.trim();
  if (!value) return '';
  if (/^\d{4}$/.test(value)) return value;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (match) {
    const [, day = '', month = '', year = ''] = match;
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const date = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return null;
}

/** The API's form of a date of birth back into what the user typed. */
export function birthDateInputOf(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

export type DepartureKey = `register.departure.${Departure['reason']}`;

export function departureKey(departure: Departure): DepartureKey {
  return `register.departure.${departure.reason}`;
}
