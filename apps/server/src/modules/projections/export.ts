/**
 * A projection run as a table to download: CSV (one row per scenario and year, every indicator and the
 * population by sex and single age) and XLSX (a summary sheet, one population sheet per scenario, and the
 * methods). Headers are in Vietnamese.
 */
import ExcelJS from 'exceljs';
import type { ProjectionRunResult } from './projections.service.ts';
import { OPEN_AGE } from './rates.ts';

const ageLabel = (age: number) => (age === OPEN_AGE ? `${OPEN_AGE}+` : String(age));

const summaryHeaders = [
  'Kịch bản',
  'Năm thứ',
  'Ngày',
  'Tổng dân số',
  'Nam',
  'Nữ',
  'Số sinh trong năm',
  'Số chết trong năm',
  'Di cư thuần trong năm',
  'Tỷ số phụ thuộc trẻ (0–14)',
  'Tỷ số phụ thuộc già (65+)',
  'Tỷ số phụ thuộc chung',
  'Tuổi trung vị',
];

function summaryRow(scenario: string, year: ProjectionRunResult['scenarios'][number]['years'][number]) {
  return [
    scenario,
    year.offset,
    year.date,
    year.total,
    year.male,
    year.female,
    year.births,
    year.deaths,
    year.netMigrants,
    year.youngDependency,
    year.oldDependency,
    year.totalDependency,
    year.medianAge,
  ];
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** UTF-8 with a byte-order mark, so that spreadsheet programs read the Vietnamese headers right. */
export function runToCsv(run: ProjectionRunResult): string {
  const ages = run.ages;
  const header = [
    ...summaryHeaders,
    ...ages.map((a) => `Nam ${ageLabel(a)} tuổi`),
    ...ages.map((a) => `Nữ ${ageLabel(a)} tuổi`),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const scenario of run.scenarios) {
    for (const year of scenario.years) {
      const row = [...summaryRow(scenario.name, year), ...year.population.male, ...year.population.female];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(text: string, used: Set<string>): string {
  const base = text.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)} (${i})`;
  used.add(name);
  return name;
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

function methodLines(run: ProjectionRunResult): string[][] {
  const { methods, window } = run.rates;
  const f = (x: number, digits = 3) => x.toFixed(digits);
  return [
    ['Đơn vị', `${run.unit.name} (${run.unit.code})`],
    ['Ngày gốc', run.baseDate],
    ['Số năm dự báo', String(run.horizon)],
    [
      'Thời kỳ quan sát của sổ',
      window
        ? `${window.from} đến trước ${window.to} (${window.months} tháng)`
        : 'Không có (dùng số liệu tham chiếu)',
    ],
    [
      'Làm trơn',
      `Mức chung: trọng số của sổ = E/(E + ${methods.smoothing.levelPrior}), E là số sự kiện tham chiếu kỳ vọng; mỗi nhóm tuổi co về mức chung với trọng số ${methods.smoothing.groupPrior} sự kiện; cần tối thiểu ${methods.smoothing.minimumWindowMonths} tháng biến động đã duyệt`,
    ],
    ['Mức chết: nguồn tham chiếu', methods.mortality.reference],
    [
      'Mức chết: tuổi thọ bình quân khi sinh',
      `Nam ${f(methods.mortality.lifeExpectancy.male, 1)}, nữ ${f(methods.mortality.lifeExpectancy.female, 1)} (tham chiếu ${f(methods.mortality.referenceLifeExpectancy.male, 1)} / ${f(methods.mortality.referenceLifeExpectancy.female, 1)}); trọng số của sổ: nam ${percent(methods.mortality.stats.male.weight)}, nữ ${percent(methods.mortality.stats.female.weight)}`,
    ],
    ['Mức sinh: nguồn tham chiếu', methods.fertility.reference],
    [
      'Mức sinh: TFR',
      `${f(methods.fertility.tfr)} (tham chiếu ${f(methods.fertility.referenceTfr)}); trọng số của sổ ${percent(methods.fertility.stats.weight)}`,
    ],
    ['Tỷ số giới tính khi sinh', `${f(methods.srb.value)} (${methods.srb.reference})`],
    ['Di cư: nguồn tham chiếu', `${methods.migration.reference}; ${methods.migration.shape}`],
    [
      'Di cư: tỷ suất tham chiếu (‰)',
      `nhập cư ${methods.migration.referenceInPerThousand}, xuất cư ${methods.migration.referenceOutPerThousand}`,
    ],
    [
      'Kịch bản',
      'Hệ số sinh nhân mọi ASFR; hệ số chết nhân mọi tỷ suất chết; hệ số di cư g nhân tỷ suất nhập cư với g và tỷ suất xuất cư với 2 − g',
    ],
    ...run.scenarios.map((s) => [
      `Kịch bản «${s.name}»`,
      `sinh × ${s.factors.fertility}, chết × ${s.factors.mortality}, di cư ${s.factors.migration}`,
    ]),
    [
      'Phương pháp dự báo',
      'Thành phần theo đoàn hệ, từng độ tuổi, bước 1 năm; di cư thuần nửa đầu, nửa cuối mỗi năm',
    ],
  ];
}

export async function runToXlsx(run: ProjectionRunResult): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DânSố';
  const used = new Set<string>();

  const summary = workbook.addWorksheet(sheetName('Tổng hợp', used));
  summary.addRow(summaryHeaders).font = { bold: true };
  for (const scenario of run.scenarios) {
    for (const year of scenario.years) summary.addRow(summaryRow(scenario.name, year));
  }
  summary.columns.forEach((column, i) => {
    column.width = i === 0 ? 24 : 14;
    if (i >= 3) column.numFmt = '#,##0.0';
  });

  for (const scenario of run.scenarios) {
    const sheet = workbook.addWorksheet(sheetName(`Dân số - ${scenario.name}`, used));
    const header = ['Tuổi', ...scenario.years.flatMap((y) => [`${y.date} Nam`, `${y.date} Nữ`])];
    sheet.addRow(header).font = { bold: true };
    run.ages.forEach((age, i) => {
      sheet.addRow([
        ageLabel(age),
        ...scenario.years.flatMap((y) => [y.population.male[i] ?? 0, y.population.female[i] ?? 0]),
      ]);
    });
    sheet.columns.forEach((column, i) => {
      column.width = i === 0 ? 8 : 14;
      if (i > 0) column.numFmt = '#,##0.0';
    });
  }

  const methods = workbook.addWorksheet(sheetName('Phương pháp', used));
  methods.addRow(['Mục', 'Nội dung']).font = { bold: true };
  for (const line of methodLines(run)) methods.addRow(line);
  methods.getColumn(1).width = 36;
  methods.getColumn(2).width = 120;

  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}
