/**
 * The ethnic mix of the synthetic population by province, as shares of the 2-digit GSO ethnic codes of
 * the register's code list (packages/domain, ethnicity.json: 01 Kinh, 02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me,
 * 06 Mường, 07 Nùng, 08 Hmông, 09 Dao …). The mixes are rounded figures from the 2019 census as reported in
 * secondary sources; for provinces merged in 2025 they blend the former provinces. Replace them with
 * official tables when available.
 */
export const kinhCode = '01';

/** Percent of the population by ethnic group code, per province code. */
export const provinceEthnicMix: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // Cao Bằng
  '04': { '02': 41, '07': 31.5, '08': 10.5, '09': 10, '01': 5, '15': 1.5, '43': 0.5 },
  // Tuyên Quang (with the former Hà Giang)
  '08': { '01': 34, '02': 26, '08': 19, '09': 12, '07': 4, '15': 3, '25': 1, '43': 0.5, '40': 0.5 },
  // Điện Biên
  '11': { '03': 34, '08': 40, '01': 18, '29': 3, '35': 1, '42': 1, '09': 1, '07': 1 },
  // Lai Châu
  '12': { '08': 40, '03': 32, '01': 14, '09': 7, '35': 3, '42': 1.5, '41': 1, '37': 0.5, '44': 1 },
  // Sơn La
  '14': { '03': 53, '01': 17, '08': 17, '06': 8, '29': 1.5, '09': 1.5, '33': 0.5, '34': 0.5, '37': 1 },
  // Lào Cai (with the former Yên Bái)
  '15': { '01': 45, '08': 16, '02': 14, '09': 11, '03': 5, '25': 2, '07': 2, '35': 1.5, '40': 1, '06': 1.5 },
  // Lạng Sơn: Nùng 42.9 %, Tày 36.1 %, Kinh 16.1 %, Dao 3.6 % (2019 census)
  '20': { '07': 42.9, '02': 36.1, '01': 16.1, '09': 3.6, '15': 0.6, '04': 0.3, '08': 0.2, '06': 0.2 },
  // Hồ Chí Minh City (with the former Bình Dương and Bà Rịa–Vũng Tàu)
  '79': { '01': 93.5, '04': 4.5, '05': 0.7, '17': 0.2, '02': 0.3, '07': 0.3, '06': 0.2, '32': 0.3 },
  // An Giang (with the former Kiên Giang)
  '91': { '01': 89, '05': 9.5, '17': 0.6, '04': 0.9 },
  // Cần Thơ (with the former Sóc Trăng and Hậu Giang)
  '92': { '01': 84, '05': 14, '04': 2 },
  // Đắk Lắk (with the former Phú Yên)
  '66': { '01': 70, '12': 12, '20': 2, '07': 3, '02': 3, '03': 1.5, '08': 1.5, '09': 1, '10': 2, '13': 1, '17': 2, '06': 1 },
  // Gia Lai (with the former Bình Định)
  '52': { '01': 72, '10': 17, '13': 8, '19': 1, '02': 0.5, '07': 0.5, '06': 0.5, '08': 0.5 },
};

/** Provinces not in the table: mostly Kinh, a little of the largest minorities (national 2019 shares). */
export const defaultEthnicMix: Readonly<Record<string, number>> = {
  '01': 96.5,
  '06': 0.7,
  '02': 0.6,
  '03': 0.5,
  '04': 0.5,
  '07': 0.4,
  '05': 0.4,
  '08': 0.2,
  '09': 0.2,
};

/** How much more likely Kinh are in wards than in rural communes (assumption: towns are mostly Kinh). */
export const urbanKinhFactor = 3;

export function ethnicMixOf(provinceCode: string): ReadonlyArray<readonly [string, number]> {
  const mix = provinceEthnicMix[provinceCode] ?? defaultEthnicMix;
  return Object.entries(mix).filter(([, share]) => share > 0);
}
