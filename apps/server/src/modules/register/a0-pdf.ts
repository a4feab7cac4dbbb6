/// <reference path="./pdfmake.d.ts" />
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultRegisterCodeLists, NO_CONTRACEPTIVE_METHOD, vietNamDate } from '@danso/domain';
import pdfmake from 'pdfmake';
import {
  type ContraceptionView,
  formatBirthDate,
  formatDate,
  type HouseholdPageView,
  type MemberView,
} from './register-views.ts';

/**
 * The household page (Sổ A0, "Phiếu hộ dân cư") as a PDF laid out like the paper form: A4 landscape, the
 * header block, the member table with the A0 columns, and section II (contraceptive use of couples) with a
 * month-by-month grid over the book's five years. pdfmake's bundled Roboto has the Vietnamese letters.
 */

const require = createRequire(import.meta.url);
const robotoFiles = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
const fontDir = path.dirname(robotoFiles.Roboto.normal ?? '');

pdfmake.setFonts(robotoFiles);
// Documents are built from data only: no images or fonts from the network, no files but the fonts.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));

/** pdfmake's document nodes: plain objects, strings, and lists of them. */
type Content = string | Content[] | { [key: string]: unknown };
type TableCell = Content;
type TDocumentDefinitions = Record<string, unknown>;

/** A book covers five years: 2021–2025, 2026–2030, … */
export function bookYears(on: Date): number[] {
  const first = 2021 + 5 * Math.floor((on.getUTCFullYear() - 2021) / 5);
  return [first, first + 1, first + 2, first + 3, first + 4];
}

/** The methods numbered as on the paper form's legend (the "none" code has no number: an empty cell). */
const methods = defaultRegisterCodeLists.contraceptiveMethod.entries.filter(
  (m) => m.code !== NO_CONTRACEPTIVE_METHOD,
);
const methodNumber = new Map(methods.map((m, i) => [m.code, String(i + 1)]));

/** The method in use during a month ('YYYY-MM'), from the woman's history, as its number on the legend. */
export function methodInMonth(history: ContraceptionView['history'], year: number, month: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  let code = '';
  for (const interval of history) {
    if (interval.validFrom < nextMonth && (interval.validTo === null || interval.validTo > first)) {
      code = interval.method;
    }
  }
  return methodNumber.get(code) ?? '';
}

const small = 7;
/** Section II: the columns before the month grid. */
const fixedColumns = 5;
const tiny = 5.5;

function departureNote(member: MemberView): string {
  const d = member.departure;
  if (!d) return '';
  const on = d.on ? ` ${formatDate(d.on)}` : '';
  switch (d.reason) {
    case 'died':
      return `Chết${on}`;
    case 'moved_out':
      return `Chuyển đi${on}`;
    case 'transferred':
      return `Chuyển sang hộ ${d.householdCode ?? ''}${on}`.replace(/\s+/g, ' ');
  }
}

function headerBlock(page: HouseholdPageView): Content {
  const h = page.household;
  const field = (label: string, value: string, colSpan?: number): TableCell => ({
    text: [
      { text: `${label}: `, color: '#444' },
      { text: value, bold: true },
    ],
    ...(colSpan ? { colSpan } : {}),
  });
  return {
    table: {
      widths: ['*', '*', '*'],
      body: [
        [
          field('Tỉnh/Thành phố', h.provinceName),
          field('Xã/Phường/Đặc khu', h.communeName),
          field('Thôn/Tổ dân phố', h.hamletName ?? ''),
        ],
        [field('Địa bàn số', String(h.areaNumber)), field('Hộ số', String(h.number)), field('Mã hộ', h.code)],
        [
          field('Địa chỉ', h.address ?? '', 2),
          {},
          field('Cộng tác viên', h.collaborators.map((c) => c.displayName).join(', ')),
        ],
      ],
    },
    layout: 'noBorders',
    fontSize: 9,
    margin: [0, 4, 0, 6],
  };
}

const memberColumns = [
  'STT',
  'Mã số BHYT',
  'Số định danh cá nhân',
  'Họ và tên',
  'Quan hệ với chủ hộ',
  'Giới tính',
  'Ngày tháng năm sinh',
  'Dân tộc',
  'Trình độ học vấn',
  'Tình trạng hôn nhân',
  'Tình trạng cư trú',
  'Ghi chú',
];

function memberTable(page: HouseholdPageView): Content {
  const head: TableCell[] = memberColumns.map((text) => ({ text, bold: true, alignment: 'center' }));
  const numbers: TableCell[] = memberColumns.map((_, i) => ({
    text: `(${i + 1})`,
    alignment: 'center',
    fontSize: tiny,
    color: '#555',
  }));
  const rows: TableCell[][] = page.members.map((m) => {
    const gone = m.departure !== null;
    const cell = (text: string, extra: Record<string, unknown> = {}): TableCell => ({
      text,
      ...(gone ? { color: '#666' } : {}),
      ...extra,
    });
    return [
      cell(String(m.position), { alignment: 'center' }),
      cell(m.insuranceNumber ?? ''),
      cell(m.personalId ?? ''),
      cell(m.fullName, { bold: m.relationToHead === 'head', ...(gone ? { decoration: 'lineThrough' } : {}) }),
      cell(m.relationLabel),
      cell(m.sexLabel, { alignment: 'center' }),
      cell(formatBirthDate(m.birthDate, m.birthDatePrecision), { alignment: 'center' }),
      cell(m.ethnicityLabel),
      cell(m.educationLabel ?? ''),
      cell(m.maritalStatusLabel),
      cell(m.residenceStatusLabel),
      cell(departureNote(m), { italics: gone }),
    ];
  });
  return {
    table: {
      headerRows: 2,
      dontBreakRows: true,
      widths: [18, 66, 62, '*', 56, 30, 50, 48, 62, 56, 48, 70],
      body: [head, numbers, ...rows],
    },
    fontSize: small,
  };
}

function contraceptionTable(page: HouseholdPageView, years: number[]): Content {
  if (page.contraception.length === 0) {
    return { text: 'Không có cặp vợ chồng nào có thông tin sử dụng biện pháp tránh thai.', fontSize: small };
  }
  const months = years.flatMap((year) => Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1 })));
  const fixed: TableCell[] = ['STT', 'Họ và tên vợ', 'Năm sinh', 'Bắt đầu (tháng/năm)', 'BPTT đang dùng'].map(
    (text) => ({ text, bold: true, alignment: 'center', rowSpan: 2, fontSize: tiny + 0.5 }),
  );
  const yearRow: TableCell[] = [
    ...fixed,
    ...years.flatMap((year): TableCell[] => [
      { text: String(year), bold: true, alignment: 'center', colSpan: 12, fontSize: tiny + 0.5 },
      ...Array.from({ length: 11 }, () => ({})),
    ]),
  ];
  const monthRow: TableCell[] = [
    {},
    {},
    {},
    {},
    {},
    ...months.map(
      ({ month }): TableCell => ({ text: String(month), alignment: 'center', fontSize: tiny - 1 }),
    ),
  ];
  const rows = page.contraception.map((c, index): TableCell[] => [
    { text: String(index + 1), alignment: 'center' },
    { text: [c.wifeName, c.husbandName ? { text: `\nChồng: ${c.husbandName}`, color: '#555' } : ''] },
    { text: String(c.wifeBirthYear), alignment: 'center' },
    { text: c.startedOn ? `${c.startedOn.slice(5, 7)}/${c.startedOn.slice(0, 4)}` : '', alignment: 'center' },
    { text: c.methodLabel ?? '' },
    ...months.map(
      ({ year, month }): TableCell => ({
        text: methodInMonth(c.history, year, month),
        alignment: 'center',
        fontSize: tiny,
      }),
    ),
  ]);
  return {
    table: {
      headerRows: 2,
      dontBreakRows: true,
      widths: [14, 92, 24, 34, 56, ...months.map(() => 6.6)],
      body: [yearRow, monthRow, ...rows],
    },
    // The month cells are narrow: a two-digit month needs the padding they would otherwise have.
    layout: {
      paddingLeft: (i: number) => (i >= fixedColumns ? 0.5 : 3),
      paddingRight: (i: number) => (i >= fixedColumns ? 0.5 : 3),
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
    },
    fontSize: small - 0.5,
  };
}

function legend(): Content {
  return {
    text: [
      { text: 'Mã biện pháp tránh thai trong ô tháng: ', bold: true },
      methods.map((m, i) => `${i + 1} – ${m.vi}`).join('; '),
      '.',
    ],
    fontSize: tiny + 0.5,
    color: '#444',
    margin: [0, 3, 0, 0],
  };
}

function householdContent(page: HouseholdPageView, years: number[], first: boolean): Content[] {
  const h = page.household;
  return [
    {
      columns: [
        { text: 'Sổ ghi chép ban đầu về dân số (Sổ A0)', fontSize: 8, color: '#444' },
        { text: `Sổ ${years[0]}–${years[years.length - 1]}`, fontSize: 8, color: '#444', alignment: 'right' },
      ],
      ...(first ? {} : { pageBreak: 'before' as const }),
    },
    { text: 'PHIẾU HỘ DÂN CƯ', fontSize: 15, bold: true, alignment: 'center', margin: [0, 2, 0, 0] },
    h.status === 'closed'
      ? {
          text: `Hộ đã đóng phiếu${h.closedOn ? ` ngày ${formatDate(h.closedOn)}` : ''}`,
          alignment: 'center',
          fontSize: 9,
          italics: true,
        }
      : { text: '' },
    headerBlock(page),
    { text: 'I. THÔNG TIN CÁC THÀNH VIÊN TRONG HỘ', bold: true, fontSize: 9.5, margin: [0, 0, 0, 3] },
    memberTable(page),
    {
      text: 'II. THEO DÕI SỬ DỤNG BIỆN PHÁP TRÁNH THAI CỦA CÁC CẶP VỢ CHỒNG',
      bold: true,
      fontSize: 9.5,
      margin: [0, 10, 0, 3],
    },
    contraceptionTable(page, years),
    ...(page.contraception.length > 0 ? [legend()] : []),
    ...(page.identifiersMasked
      ? [
          {
            text: 'Số định danh cá nhân và mã số BHYT được che một phần theo phạm vi truy cập của người in.',
            fontSize: tiny + 0.5,
            italics: true,
            color: '#555',
            margin: [0, 6, 0, 0] as [number, number, number, number],
          },
        ]
      : []),
  ];
}

export function a0Document(pages: HouseholdPageView[], options: { printedOn: Date }): TDocumentDefinitions {
  const years = bookYears(options.printedOn);
  const printed = formatDate(vietNamDate(options.printedOn));
  const first = pages[0]?.household;
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 24, 28, 30],
    info: {
      title: first
        ? pages.length === 1
          ? `Phiếu hộ dân cư ${first.code}`
          : `Sổ A0 – ${first.areaName}, ${first.communeName}`
        : 'Sổ A0',
      creator: 'DânSố',
      producer: 'DânSố',
    },
    defaultStyle: { font: 'Roboto', fontSize: 8 },
    content:
      pages.length === 0
        ? [{ text: 'Địa bàn chưa có hộ nào.', fontSize: 10 }]
        : pages.flatMap((page, i) => householdContent(page, years, i === 0)),
    footer: (current: number, total: number) => ({
      columns: [
        { text: `In ngày ${printed} từ hệ thống DânSố`, fontSize: 6.5, color: '#666' },
        { text: `Trang ${current}/${total}`, fontSize: 6.5, color: '#666', alignment: 'right' },
      ],
      margin: [28, 8, 28, 0],
    }),
  };
}

/** Lays out and renders on the calling thread. */
export async function renderA0PdfHere(
  pages: HouseholdPageView[],
  options: { printedOn: Date },
): Promise<Buffer> {
  return pdfmake.createPdf(a0Document(pages, options)).getBuffer();
}

/** Up to this many households are laid out on the request's thread (well under a second). */
const INLINE_PAGES = 10;
/** Books laid out at the same time, each in its own worker thread; more wait their turn. */
const MAX_WORKERS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * The PDF of household pages. A whole area's book is laid out in a worker thread, so that the seconds
 * pdfmake spends on hundreds of pages do not stop the server answering everyone else.
 */
export async function renderA0Pdf(pages: HouseholdPageView[], options: { printedOn: Date }): Promise<Buffer> {
  if (pages.length <= INLINE_PAGES) return renderA0PdfHere(pages, options);
  if (running >= MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await renderInWorker(pages, options);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function renderInWorker(pages: HouseholdPageView[], options: { printedOn: Date }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./a0-pdf.worker.mjs', import.meta.url), { execArgv: [] });
    const finish = (result: () => void) => {
      void worker.terminate();
      result();
    };
    worker.once('message', (message: { pdf?: Uint8Array; error?: string }) =>
      finish(() =>
        message.pdf
          ? resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength))
          : reject(new Error(message.error ?? 'the PDF worker failed')),
      ),
    );
    worker.once('error', (error) => finish(() => reject(error)));
    worker.postMessage({ pages, printedOn: options.printedOn.toISOString() });
  });
}
