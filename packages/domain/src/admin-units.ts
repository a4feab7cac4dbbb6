/** Administrative units: levels, types, codes and validity. Pure rules shared by server, CLI and web. */

export const unitLevels = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof unitLevels)[number];

/** Unit types as the law names them; the code names follow the glossary. */
export const unitTypes = [
  'centrally_run_city', // Thành phố trực thuộc trung ương
  'province', // Tỉnh
  'district', // Huyện / quận / thị xã / thành phố thuộc tỉnh (before 1 July 2025)
  'ward', // Phường
  'commune', // Xã
  'special_zone', // Đặc khu
  'township', // Thị trấn (before 1 July 2025)
] as const;
export type UnitType = (typeof unitTypes)[number];

export const unitTypeLabels: Record<UnitType, { vi: string; en: string }> = {
  centrally_run_city: { vi: 'Thành phố trực thuộc trung ương', en: 'Centrally-run city' },
  province: { vi: 'Tỉnh', en: 'Province' },
  district: { vi: 'Huyện / Quận / Thị xã', en: 'District' },
  ward: { vi: 'Phường', en: 'Ward' },
  commune: { vi: 'Xã', en: 'Commune' },
  special_zone: { vi: 'Đặc khu', en: 'Special zone' },
  township: { vi: 'Thị trấn', en: 'Township' },
};

export type Urbanity = 'urban' | 'rural' | 'special';

/** Phường and thị trấn are urban, xã rural, đặc khu special (admin-units.md). */
export function urbanityOf(type: UnitType): Urbanity | null {
  switch (type) {
    case 'ward':
    case 'township':
      return 'urban';
    case 'commune':
      return 'rural';
    case 'special_zone':
      return 'special';
    case 'centrally_run_city':
    case 'province':
    case 'district':
      return null;
  }
}

/** Reads the unit type from the name's prefix, as official lists write it ("Phường Ba Đình", "Xã Tân Thanh"). */
export function unitTypeFromName(name: string, level: UnitLevel): UnitType | null {
  const n = name.trim().normalize('NFC').toLowerCase();
  if (level === 'province') {
    if (n.startsWith('thành phố')) return 'centrally_run_city';
    return 'province';
  }
  if (level === 'district') return 'district';
  if (n.startsWith('phường')) return 'ward';
  if (n.startsWith('xã')) return 'commune';
  if (n.startsWith('đặc khu')) return 'special_zone';
  if (n.startsWith('thị trấn')) return 'township';
  return null;
}

export function isProvinceCode(code: string): boolean {
  return /^\d{2}$/.test(code);
}
export function isDistrictCode(code: string): boolean {
  return /^\d{3}$/.test(code);
}
export function isCommuneCode(code: string): boolean {
  return /^\d{5}$/.test(code);
}

export function codeFitsLevel(code: string, level: UnitLevel): boolean {
  switch (level) {
    case 'province':
      return isProvinceCode(code);
    case 'district':
      return isDistrictCode(code);
    case 'commune':
      return isCommuneCode(code);
  }
}

/** ISO calendar date (YYYY-MM-DD) that really exists. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A unit version is valid on `date` when valid_from ≤ date and (no valid_to or date ≤ valid_to). */
export function validOn(unit: { validFrom: string; validTo: string | null }, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}

/** The date of the 2025 reform: two levels of local government, new codes. */
export const reformDate = '2025-07-01';
