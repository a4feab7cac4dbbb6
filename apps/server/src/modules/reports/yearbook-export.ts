/**
 * The province's population yearbook as PDF and XLSX: a title, each table laid out like a report form, a
 * population pyramid, the sex ratio at birth by commune against the national target of 109, and the
 * rankings of the communes. The PDF of a whole province is laid out in a worker thread.
 */
import type { FilledReport, YearbookRanking } from '@danso/domain';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import {
  addReportSheet,
  type Content,
  type ExportInput,
  formatValue,
  printedFooter,
  renderInWorker,
  reportPdfContent,
  vietnamTime,
} from './report-export.ts';

export interface YearbookInput {
  province: { code: string; name: string };
  year: string;
  /** The tables, each as a report's export input (unit, period, filled table). */
  tables: ExportInput[];
  rankings: YearbookRanking[];
  printedAt: string;
}

const title = (input: YearbookInput) => `NIÊN GIÁM THỐNG KÊ DÂN SỐ NĂM ${input.year}`;

const tableOf = (input: YearbookInput, code: string): FilledReport | undefined =>
  input.tables.find((t) => t.document.form.code === code)?.document.table;

// ---------------------------------------------------------------------------------------------------- XLSX

export async function yearbookToXlsx(input: YearbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DânSố';
  const cover = workbook.addWorksheet('Niên giám');
  cover.columns = [{ width: 90 }];
  cover.getCell('A1').value = title(input);
  cover.getCell('A1').font = { bold: true, size: 16 };
  cover.getCell('A2').value = `${input.province.name} – số liệu đến hết ngày 31/12/${input.year}`;
  cover.getCell('A4').value = 'Các bảng:';
  input.tables.forEach((t, i) => {
    cover.getCell(5 + i, 1).value = `${t.document.form.code}. ${t.document.form.vi}`;
  });
  cover.getCell(6 + input.tables.length, 1).value = `XH. Xếp hạng các xã theo các chỉ tiêu chủ yếu`;
  cover.getCell(8 + input.tables.length, 1).value =
    `In lúc ${vietnamTime(input.printedAt)} từ hệ thống DânSố`;
  for (const table of input.tables) addReportSheet(workbook, table, table.document.form.code);
  const ranks = workbook.addWorksheet('XH');
  ranks.getCell('A1').value = 'XẾP HẠNG CÁC XÃ THEO CÁC CHỈ TIÊU CHỦ YẾU';
  ranks.getCell('A1').font = { bold: true, size: 13 };
  let column = 1;
  for (const ranking of input.rankings) {
    ranks.getColumn(column).width = 6;
    ranks.getColumn(column + 1).width = 28;
    ranks.getColumn(column + 2).width = 10;
    ranks.getCell(3, column).value = ranking.vi;
    ranks.getCell(3, column).font = { bold: true };
    ['Hạng', 'Xã', 'Giá trị'].forEach((label, i) => {
      const cell = ranks.getCell(4, column + i);
      cell.value = label;
      cell.font = { bold: true };
    });
    ranking.items.forEach((item, i) => {
      ranks.getCell(5 + i, column).value = item.rank;
      ranks.getCell(5 + i, column + 1).value = item.name;
      ranks.getCell(5 + i, column + 2).value = item.value;
    });
    column += 4;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ----------------------------------------------------------------------------------------------------- PDF

const bar = (width: number, height: number, color: string, alignRight = false, max = 170): Content => ({
  canvas: [{ type: 'rect', x: alignRight ? max - width : 0, y: 0, w: Math.max(0, width), h: height, color }],
  width: max,
});

/** The population pyramid: males to the left, females to the right, by age group, oldest on top. */
function pyramid(table: FilledReport | undefined): Content[] {
  if (!table) return [];
  const male = table.rows.find((r) => r.code === '1')?.values ?? [];
  const female = table.rows.find((r) => r.code === '2')?.values ?? [];
  const largest = Math.max(1, ...male.map((v) => v ?? 0), ...female.map((v) => v ?? 0));
  const scale = (v: number | null) => ((v ?? 0) / largest) * 170;
  const body = table.columns
    .map((c, i) => [
      { text: formatValue(male[i] ?? null, 0), alignment: 'right', fontSize: 7 },
      bar(scale(male[i] ?? null), 8, '#0b4f6c', true),
      { text: c.vi, alignment: 'center', fontSize: 7 },
      bar(scale(female[i] ?? null), 8, '#c8102e'),
      { text: formatValue(female[i] ?? null, 0), fontSize: 7 },
    ])
    .reverse();
  return [
    { text: 'Hình 1. Tháp dân số cuối năm (nam bên trái, nữ bên phải)', bold: true, margin: [0, 10, 0, 4] },
    {
      table: { widths: [45, 170, 40, 170, 45], body },
      layout: 'noBorders',
      alignment: 'center',
    },
  ];
}

/** The sex ratio at birth of each commune against the target of 109 (a red line). */
function srbChart(table: FilledReport | undefined): Content[] {
  if (!table) return [];
  const srb = table.rows.find((r) => r.code === '6');
  if (!srb) return [];
  const max = 160;
  const width = 300;
  const x = (v: number) => (Math.min(v, max) / max) * width;
  const body = table.columns.map((c, i) => {
    const value = srb.values[i] ?? null;
    return [
      { text: c.vi, fontSize: 7 },
      {
        canvas: [
          ...(value === null
            ? []
            : [{ type: 'rect', x: 0, y: 1, w: x(value), h: 7, color: value > 109 ? '#c8102e' : '#1d7a46' }]),
          { type: 'line', x1: x(109), y1: -2, x2: x(109), y2: 11, lineWidth: 0.8, lineColor: '#000' },
        ],
      },
      { text: formatValue(value, srb.decimals), fontSize: 7, alignment: 'right' },
    ];
  });
  return [
    {
      text: 'Hình 2. Tỷ số giới tính khi sinh theo xã (số trẻ trai trên 100 trẻ gái; vạch đen: mục tiêu dưới 109)',
      bold: true,
      margin: [0, 10, 0, 4],
      pageBreak: 'before',
    },
    { table: { widths: [140, width, 40], body, dontBreakRows: true }, layout: 'noBorders' },
  ];
}

function rankingTables(rankings: YearbookRanking[]): Content[] {
  return [
    {
      text: 'XẾP HẠNG CÁC XÃ THEO CÁC CHỈ TIÊU CHỦ YẾU',
      bold: true,
      fontSize: 12,
      pageBreak: 'before',
      margin: [0, 0, 0, 6],
    },
    ...rankings.map((ranking) => ({
      stack: [
        { text: ranking.vi, bold: true, margin: [0, 6, 0, 2] },
        {
          table: {
            headerRows: 1,
            widths: [30, '*', 60],
            body: [
              ['Hạng', 'Xã', 'Giá trị'].map((t) => ({ text: t, bold: true, fillColor: '#eeeeee' })),
              ...ranking.items.map((item) => [
                { text: item.rank === null ? '–' : String(item.rank), alignment: 'center' },
                item.name,
                { text: formatValue(item.value, ranking.decimals), alignment: 'right' },
              ]),
            ],
          },
          layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
          fontSize: 8,
        },
      ],
    })),
  ];
}

export function yearbookPdfDefinition(input: YearbookInput): Record<string, unknown> {
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [32, 28, 32, 34],
    info: { title: `${title(input)} – ${input.province.name}`, creator: 'DânSố', producer: 'DânSố' },
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    content: [
      { text: input.province.name.toUpperCase(), alignment: 'center', margin: [0, 120, 0, 10], fontSize: 14 },
      { text: title(input), alignment: 'center', bold: true, fontSize: 22 },
      {
        text: `Số liệu đến hết ngày 31/12/${input.year}, từ sổ hộ gia đình điện tử`,
        alignment: 'center',
        italics: true,
        margin: [0, 8, 0, 0],
      },
      ...input.tables.flatMap((table, i) => [
        { text: '', pageBreak: 'before' },
        ...reportPdfContent(table),
        ...(i === 1 ? pyramid(tableOf(input, 'NG-02')) : []),
      ]),
      ...srbChart(tableOf(input, 'NG-03')),
      ...rankingTables(input.rankings),
    ],
    footer: printedFooter(input.printedAt),
  };
}

export async function renderYearbookPdfHere(input: YearbookInput): Promise<Buffer> {
  return pdfmake.createPdf(yearbookPdfDefinition(input)).getBuffer();
}

/** A yearbook is always laid out in a worker thread: dozens of pages for a whole province. */
export function renderYearbookPdf(input: YearbookInput): Promise<Buffer> {
  return renderInWorker({ kind: 'yearbook', input });
}
