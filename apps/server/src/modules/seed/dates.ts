/** Calendar days as integers (days since 1970-01-01), with a cached table of their ISO strings. */

const msPerDay = 86_400_000;
const tableStart = Date.UTC(1880, 0, 1) / msPerDay;
const tableEnd = Date.UTC(2040, 0, 1) / msPerDay;
let isoTable: string[] | null = null;

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / msPerDay;
}

export function dayOfIso(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / msPerDay;
}

/** 'YYYY-MM-DD' of a day number; formatting a million dates through Date is measurably slow, so cache. */
export function isoOfDay(day: number): string {
  if (day < tableStart || day >= tableEnd) return new Date(day * msPerDay).toISOString().slice(0, 10);
  if (isoTable === null) {
    isoTable = [];
    for (let d = tableStart; d < tableEnd; d++)
      isoTable.push(new Date(d * msPerDay).toISOString().slice(0, 10));
  }
  return isoTable[day - tableStart] as string;
}

export function yearOfDay(day: number): number {
  return new Date(day * msPerDay).getUTCFullYear();
}

/** Age in completed years on `onDay` of someone born on `birthDay` (register.md: birthday not reached → −1). */
export function ageOn(birthDay: number, onDay: number): number {
  const b = new Date(birthDay * msPerDay);
  const o = new Date(onDay * msPerDay);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    o.getUTCMonth() < b.getUTCMonth() ||
    (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
