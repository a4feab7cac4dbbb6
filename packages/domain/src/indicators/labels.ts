/** Names of breakdowns, their categories and indicator groups, in Vietnamese and English. */
import type { RegisterCodeLists } from '../register/code-lists.ts';
import type { BreakdownName, IndicatorGroup } from './catalogue.ts';

export interface Label {
  vi: string;
  en: string;
}

export const breakdownLabels: Record<BreakdownName, Label> = {
  sex: { vi: 'Giới tính', en: 'Sex' },
  ageGroup: { vi: 'Nhóm tuổi', en: 'Age group' },
  urbanity: { vi: 'Thành thị / nông thôn', en: 'Urban / rural' },
  ethnicity: { vi: 'Dân tộc', en: 'Ethnic group' },
};

export const urbanityLabels: Record<string, Label> = {
  urban: { vi: 'Thành thị', en: 'Urban' },
  rural: { vi: 'Nông thôn', en: 'Rural' },
  special: { vi: 'Đặc khu', en: 'Special zone' },
  unknown: { vi: 'Chưa phân loại', en: 'Not classified' },
};

export const indicatorGroupLabels: Record<IndicatorGroup, Label> = {
  population: { vi: 'Quy mô và tăng dân số', en: 'Population size and growth' },
  fertility: { vi: 'Sinh', en: 'Fertility' },
  mortality: { vi: 'Chết', en: 'Mortality' },
  migration: { vi: 'Di cư', en: 'Migration' },
  structure: { vi: 'Cơ cấu dân số', en: 'Population structure' },
  family_planning: { vi: 'Kế hoạch hóa gia đình', en: 'Family planning' },
  marriage: { vi: 'Hôn nhân', en: 'Marriage' },
  health: { vi: 'Sàng lọc và chăm sóc sức khỏe', en: 'Screening and health care' },
  data_quality: { vi: 'Chất lượng số liệu', en: 'Data quality' },
};

/** The label of one category of a breakdown. */
export function categoryLabel(
  breakdown: BreakdownName,
  category: string,
  codeLists: RegisterCodeLists,
): Label {
  const listed = (entry: { vi: string; en: string } | undefined) =>
    entry ? { vi: entry.vi, en: entry.en } : { vi: category, en: category };
  switch (breakdown) {
    case 'sex':
      return listed(codeLists.sex.byCode.get(category));
    case 'ethnicity':
      return listed(codeLists.ethnicity.byCode.get(category));
    case 'urbanity':
      return urbanityLabels[category] ?? { vi: category, en: category };
    case 'ageGroup':
      return { vi: category, en: category };
  }
}
