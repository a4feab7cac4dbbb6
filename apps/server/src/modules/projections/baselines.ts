/**
 * Viet Nam reference rates that projections fall back on (or blend with) where the register's own events
 * are too few. Copied from the reference files of `shared/data/demography/`; each figure names its source.
 */

/** Lower bounds of the abridged groups of the WPP death rates: 0, 1, 5, …, 100 (open). */
export const WPP_MX_AGES = [
  0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100,
] as const;

/** UN World Population Prospects 2024, Viet Nam, 2020–2025: nMx by sex on WPP_MX_AGES. */
export const WPP_MX_2020_2025 = {
  male: [
    0.01794899, 0.00147249, 0.00120174, 0.00088246, 0.0016974, 0.00245743, 0.00247554, 0.00270547, 0.00304907,
    0.00388381, 0.00511348, 0.00797964, 0.01074693, 0.01701193, 0.02696853, 0.04297894, 0.07028089,
    0.11470182, 0.18839364, 0.29004219, 0.44268192, 0.59049908,
  ],
  female: [
    0.01234492, 0.00114509, 0.00040858, 0.0003274, 0.00050713, 0.00070831, 0.00081345, 0.0008977, 0.00107931,
    0.00159583, 0.00209998, 0.00325993, 0.00440356, 0.00712855, 0.01229469, 0.0213737, 0.037312, 0.0665558,
    0.11485078, 0.18574432, 0.28536328, 0.44115883,
  ],
} as const;

/** WPP 2024, Viet Nam, 2020–2025: percentage age pattern of fertility, mothers 15–19 … 45–49 (sums to 100). */
export const WPP_PASFR_2020_2025 = [
  9.0018760220702, 29.5554191232954, 31.4162631367918, 19.5268836729001, 8.91048055397858, 1.40897809161893,
  0.180099399344999,
] as const;

/** WPP 2024 annual indicators, Viet Nam: TFR 2023 (the latest year given) and 2016. */
export const NATIONAL_TFR_LATEST = { year: 2023, tfr: 1.912509 } as const;
export const NATIONAL_TFR_2016 = 2.0;

/** WPP 2024: sex ratio at birth of Viet Nam in 2024, male per female births. */
export const NATIONAL_SRB = { year: 2024, srb: 1.106 } as const;

export interface ProvinceReference {
  name: string;
  year: number;
  /** Total fertility rate that year. */
  tfr: number;
  /** In- and out-migration rates per 1,000 population that year. */
  inPerThousand: number;
  outPerThousand: number;
}

/** General Statistics Office, provincial series (vn_gso_province_hcmc_langson_2010_2016.csv), 2016. */
export const GSO_PROVINCES: Readonly<Record<string, ProvinceReference>> = {
  '20': { name: 'Lạng Sơn', year: 2016, tfr: 2.34, inPerThousand: 1.4, outPerThousand: 3.6 },
  '79': { name: 'Hồ Chí Minh', year: 2016, tfr: 1.24, inPerThousand: 10.7, outPerThousand: 4.1 },
};

/**
 * Provinces without a GSO series: the 2019 Census counted 3.2 % of people aged 5 and over as having moved
 * between provinces in the five years before it, i.e. about 6.4 per 1,000 a year in and as many out.
 */
export const NATIONAL_INTERPROVINCIAL_PER_THOUSAND = 6.4;

/**
 * The age profile of migration: a Rogers–Castro model schedule (Rogers & Castro 1981) with the parameters of
 * the simplified standard schedule (a1 0.02, α1 0.1, a2 0.06, α2 0.1, μ2 20, λ2 0.4, c 0.003).
 */
export const ROGERS_CASTRO = {
  a1: 0.02,
  alpha1: 0.1,
  a2: 0.06,
  alpha2: 0.1,
  mu2: 20,
  lambda2: 0.4,
  c: 0.003,
};

export function rogersCastro(age: number): number {
  const p = ROGERS_CASTRO;
  return (
    p.a1 * Math.exp(-p.alpha1 * age) +
    p.a2 * Math.exp(-p.alpha2 * (age - p.mu2) - Math.exp(-p.lambda2 * (age - p.mu2))) +
    p.c
  );
}

export const BASELINE_SOURCES = {
  mortality: 'UN WPP 2024, Việt Nam 2020–2025: tỷ suất chết nMx theo giới tính',
  fertility: 'UN WPP 2024, Việt Nam 2020–2025: cơ cấu sinh theo tuổi mẹ (PASFR)',
  srb: 'UN WPP 2024, Việt Nam 2024: tỷ số giới tính khi sinh 1,106',
  migrationProvince: 'Tổng cục Thống kê, số liệu tỉnh năm 2016: tỷ suất nhập cư, xuất cư',
  migrationNational: 'Tổng điều tra 2019: 3,2 % người từ 5 tuổi di cư giữa các tỉnh trong 5 năm',
  migrationShape: 'Mô hình di cư Rogers–Castro (1981), lịch chuẩn rút gọn',
} as const;
