/// <reference path="../register/pdfmake.d.ts" />
/**
 * A report as a file laid out like the official form: XLSX (title, reporting unit, period, the two header
 * rows — labels and column numbers — and the table with borders), PDF (the same on A4, pdfmake's Roboto
 * for the Vietnamese letters; a roll-up's communes continue in blocks of columns) and CSV (UTF-8 with a
 * byte-order mark, so that spreadsheet programs read the Vietnamese right). Everything is drawn from the
 * frozen document (or the live draft), never recomputed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FilledReport, ReportDocument } from '@danso/domain';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';

const require = createRequire(import.meta.url);
const robotoFiles = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
const fontDir = path.dirname(robotoFiles.Roboto.normal ?? '');
pdfmake.setFonts(robotoFiles);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));

export type ExportFormat = 'xlsx' | 'pdf' | 'csv';

export interface ExportInput {
  document: Pick<ReportDocument, 'form' | 'unit' | 'period' | 'table'>;
  /** The status as the screen says it ("Đã khóa", "Nháp"). */
  statusLabel: string;
  /** The frozen version shown, or null for the live draft. */
  version: { number: number; signerName: string; signedAt: string; fingerprint: string } | null;
  printedAt: string;
  /** A line in place of the signature line (a yearbook's tables are published, not signed). */
  note?: string;
}

const roman = ['I', 'II', 'III', 'IV'];

/** "Tháng 10 năm 2026", "Quý III năm 2026", "Năm 2025". */
export function periodLabel(code: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter) return `Quý ${roman[Number(quarter[2]) - 1]} năm ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month) return `Tháng ${Number(month[2])} năm ${month[1]}`;
  return `Năm ${code}`;
}

/** 'YYYY-MM-DDTHH:MM…Z' as Vietnamese time 'HH:MM DD/MM/YYYY'. */
export function vietnamTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${t.slice(11, 16)} ${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)}`;
}

/** 1234.5 → "1.234,5": Vietnamese digit grouping and decimal comma. */
export function formatValue(value: number | null, decimals: number): string {
  if (value === null) return '';
  const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

function headerLines(input: ExportInput) {
  const { document: d } = input;
  const unit =
    d.unit.level === 'commune'
      ? `${d.unit.name}, ${d.unit.provinceName}`
      : d.unit.provinceName || d.unit.name;
  return {
    unit: `Đơn vị báo cáo: ${unit}`,
    form: `Biểu: ${d.form.code}`,
    title: d.form.vi.toUpperCase(),
    period: `Kỳ báo cáo: ${periodLabel(d.period.code)}`,
    status: `Trạng thái: ${input.statusLabel}${input.version ? ` – phiên bản ${input.version.number}` : ''}`,
    signature: input.note
      ? input.note
      : input.version
        ? `Ký số bởi ${input.version.signerName} lúc ${vietnamTime(input.version.signedAt)} (Ed25519, khóa ${input.version.fingerprint})`
        : 'Bản nháp: số liệu tính trực tiếp, chưa ký số.',
    printed: `In lúc ${vietnamTime(input.printedAt)} từ hệ thống DânSố`,
  };
}

const fixedHeaders = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính'];

/** A spreadsheet cell must never start a formula (formula injection). */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

// ---------------------------------------------------------------------------------------------------- CSV

function csvCell(value: string): string {
  const text = safeText(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportToCsv(input: ExportInput): string {
  const { table } = input.document;
  const lines = [[...fixedHeaders, ...table.columns.map((c) => c.vi)].map(csvCell).join(',')];
  for (const row of table.rows) {
    const values = row.heading
      ? table.columns.map(() => '')
      : row.values.map((v) => (v === null ? '' : String(v)));
    lines.push([row.code, row.vi, row.unit?.vi ?? '', ...values].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// --------------------------------------------------------------------------------------------------- XLSX

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export async function reportToXlsx(input: ExportInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DânSố';
  addReportSheet(workbook, input, input.document.form.code);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One report as a sheet laid out like the form. */
export function addReportSheet(
  workbook: ExcelJS.Workbook,
  input: ExportInput,
  name: string,
): ExcelJS.Worksheet {
  const { table } = input.document;
  const h = headerLines(input);
  const sheet = workbook.addWorksheet(name.slice(0, 31), {
    pageSetup: {
      paperSize: 9,
      orientation: table.columns.length > 4 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
    views: [{ state: 'frozen', ySplit: 8, xSplit: 3 }],
  });
  const width = fixedHeaders.length + table.columns.length;
  sheet.columns = [
    { width: 8 },
    { width: 58 },
    { width: 12 },
    ...table.columns.map((c) => ({ width: Math.max(11, Math.min(24, c.vi.length + 2)) })),
  ];
  const line = (row: number, text: string, options: Partial<ExcelJS.Style> = {}) => {
    sheet.mergeCells(row, 1, row, width);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    Object.assign(cell, options);
  };
  sheet.getCell(1, 1).value = h.unit;
  sheet.mergeCells(1, 1, 1, 2);
  sheet.getCell(1, 1).font = { bold: true };
  sheet.getCell(1, width).value = h.form;
  sheet.getCell(1, width).font = { bold: true };
  sheet.getCell(1, width).alignment = { horizontal: 'right' };
  line(3, h.title, { font: { bold: true, size: 14 }, alignment: { horizontal: 'center', wrapText: true } });
  sheet.getRow(3).height = 22;
  line(4, h.period, { font: { italic: true }, alignment: { horizontal: 'center' } });
  line(5, h.status, { alignment: { horizontal: 'center' } });
  // Two header rows as on the paper forms: the labels, then the column numbers.
  const labels = [...fixedHeaders, ...table.columns.map((c) => c.vi)];
  const header = sheet.getRow(7);
  const numbers = sheet.getRow(8);
  labels.forEach((label, i) => {
    const cell = header.getCell(i + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    const number = numbers.getCell(i + 1);
    number.value = i < 3 ? ['A', 'B', 'C'][i] : `(${i - 2})`;
    number.font = { italic: true, size: 9 };
    number.alignment = { horizontal: 'center' };
    number.border = border;
  });
  header.height = 32;
  let r = 9;
  for (const row of table.rows) {
    const excelRow = sheet.getRow(r);
    excelRow.getCell(1).value = row.code;
    excelRow.getCell(1).alignment = { horizontal: 'center' };
    excelRow.getCell(2).value = safeText(row.vi);
    excelRow.getCell(2).alignment = { indent: row.indent * 2, wrapText: true };
    excelRow.getCell(3).value = row.unit?.vi ?? '';
    excelRow.getCell(3).alignment = { horizontal: 'center' };
    row.values.forEach((value, i) => {
      const cell = excelRow.getCell(4 + i);
      if (!row.heading) cell.value = value;
      cell.numFmt = row.decimals > 0 ? `#,##0.${'0'.repeat(row.decimals)}` : '#,##0';
    });
    for (let c = 1; c <= width; c++) {
      const cell = excelRow.getCell(c);
      cell.border = border;
      if (row.heading) cell.font = { bold: true };
      else if (row.indent > 0 && c === 2) cell.font = { italic: true };
    }
    r += 1;
  }
  r += 1;
  for (const text of [h.signature, h.printed]) {
    line(r, text, { font: { italic: true, size: 9 } });
    r += 1;
  }
  return sheet;
}

// ---------------------------------------------------------------------------------------------------- PDF

export type Content = string | Content[] | { [key: string]: unknown };

/** Value columns per block on A4: a roll-up of many communes continues in further blocks. */
const COLUMNS_PER_BLOCK = 8;

function tableBlock(table: FilledReport, from: number, to: number): Content {
  const columns = table.columns.slice(from, to);
  const cell = (text: string, style: Record<string, unknown> = {}) => ({ text, ...style });
  const body: Content[][] = [
    [...fixedHeaders, ...columns.map((c) => c.vi)].map((label) =>
      cell(label, { bold: true, alignment: 'center', fillColor: '#eeeeee' }),
    ),
    [
      cell('A', { italics: true, alignment: 'center' }),
      cell('B', { italics: true, alignment: 'center' }),
      cell('C', { italics: true, alignment: 'center' }),
      ...columns.map((_, i) => cell(`(${from + i + 1})`, { italics: true, alignment: 'center' })),
    ],
    ...table.rows.map((row) => [
      cell(row.code, { alignment: 'center', bold: row.heading }),
      cell(row.vi, {
        bold: row.heading,
        italics: !row.heading && row.indent > 0,
        margin: [row.indent * 8, 0, 0, 0],
      }),
      cell(row.unit?.vi ?? '', { alignment: 'center' }),
      ...row.values
        .slice(from, to)
        .map((v) => cell(row.heading ? '' : formatValue(v, row.decimals), { alignment: 'right' })),
    ]),
  ];
  return {
    table: { headerRows: 2, widths: [30, '*', 45, ...columns.map(() => 52)], body, dontBreakRows: true },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    fontSize: 8,
    margin: [0, 4, 0, 8],
  };
}

/** The body of a report on A4: its header lines, the table in blocks of columns, the signature line. */
export function reportPdfContent(input: ExportInput): Content[] {
  const { table } = input.document;
  const h = headerLines(input);
  const blocks: Content[] = [];
  for (let from = 0; from < table.columns.length; from += COLUMNS_PER_BLOCK) {
    if (from > 0) {
      blocks.push({
        text: `(tiếp theo – cột ${from + 1} đến ${Math.min(from + COLUMNS_PER_BLOCK, table.columns.length)})`,
        italics: true,
        fontSize: 8,
        // A long table continues on a new page; a short one right below.
        ...(table.rows.length > 15 ? { pageBreak: 'before' } : {}),
      });
    }
    blocks.push(tableBlock(table, from, Math.min(from + COLUMNS_PER_BLOCK, table.columns.length)));
  }
  return [
    {
      columns: [
        { text: h.unit, bold: true },
        { text: h.form, bold: true, alignment: 'right' },
      ],
    },
    { text: h.title, bold: true, fontSize: 13, alignment: 'center', margin: [0, 12, 0, 2] },
    { text: h.period, italics: true, alignment: 'center' },
    { text: h.status, alignment: 'center', margin: [0, 2, 0, 6] },
    ...blocks,
    { text: h.signature, italics: true, fontSize: 8, margin: [0, 6, 0, 0] },
  ];
}

/** The page footer: when and where it was printed, and the page number. */
export function printedFooter(printedAt: string) {
  const printed = `In lúc ${vietnamTime(printedAt)} từ hệ thống DânSố`;
  return (current: number, total: number) => ({
    columns: [
      { text: printed, fontSize: 7, color: '#666' },
      { text: `Trang ${current}/${total}`, fontSize: 7, color: '#666', alignment: 'right' },
    ],
    margin: [32, 10, 32, 0],
  });
}

export function reportPdfDefinition(input: ExportInput): Record<string, unknown> {
  const { table } = input.document;
  return {
    pageSize: 'A4',
    pageOrientation: table.columns.length > 3 ? 'landscape' : 'portrait',
    pageMargins: [32, 28, 32, 34],
    info: {
      title: `${input.document.form.vi} – ${periodLabel(input.document.period.code)}`,
      creator: 'DânSố',
      producer: 'DânSố',
    },
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    content: reportPdfContent(input),
    footer: printedFooter(input.printedAt),
  };
}

/** Lays out and renders on the calling thread. */
export async function renderReportPdfHere(input: ExportInput): Promise<Buffer> {
  return pdfmake.createPdf(reportPdfDefinition(input)).getBuffer();
}

/** Up to this many cells are laid out on the request's thread (a commune's report: a few hundred). */
const INLINE_CELLS = 2_000;
const MAX_WORKERS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * The PDF of a report. A roll-up of hundreds of communes is laid out in a worker thread (at most two at a
 * time), so that pdfmake's synchronous layout does not stop the server answering others.
 */
export async function renderReportPdf(input: ExportInput): Promise<Buffer> {
  const cells = input.document.table.rows.length * input.document.table.columns.length;
  if (cells <= INLINE_CELLS) return renderReportPdfHere(input);
  return renderInWorker({ kind: 'report', input });
}

/**
 * Renders a document in a worker thread (at most two at a time; more wait their turn): the worker lays out
 * a report or a yearbook with the same functions as here.
 */
export async function renderInWorker(message: {
  kind: 'report' | 'yearbook';
  input: unknown;
}): Promise<Buffer> {
  if (running >= MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const worker = new Worker(new URL('./report-pdf.worker.mjs', import.meta.url), { execArgv: [] });
      const finish = (result: () => void) => {
        void worker.terminate();
        result();
      };
      worker.once('message', (answer: { pdf?: Uint8Array; error?: string }) =>
        finish(() =>
          answer.pdf
            ? resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength))
            : reject(new Error(answer.error ?? 'the PDF worker failed')),
        ),
      );
      worker.once('error', (error) => finish(() => reject(error)));
      worker.postMessage(message);
    });
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}
