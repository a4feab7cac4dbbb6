import { normalizeName } from '@danso/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Reading a register file as exported by the old software: one row per person, the household's columns
 * repeated on each of its rows. Headers are matched without diacritics, case or punctuation, so
 * "Họ và tên", "HO VA TEN" and "ho_va_ten" are the same column; English / snake_case names work too.
 */

/** One problem of an import file: the line as a spreadsheet shows it, the column as the file names it, and why. */
export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
  message: string;
}

export type RegisterFormat = 'csv' | 'xlsx';

export type ColumnKey =
  | 'area_number'
  | 'household_number'
  | 'hamlet'
  | 'address'
  | 'household_kind'
  | 'household_created_on'
  | 'row_number'
  | 'full_name'
  | 'relation_to_head'
  | 'sex'
  | 'birth_date'
  | 'ethnicity'
  | 'education'
  | 'marital_status'
  | 'residence_status'
  | 'insurance_number'
  | 'personal_id';

export interface ColumnDefinition {
  key: ColumnKey;
  /** The header the documentation and the example file use. */
  header: string;
  aliases: readonly string[];
  required: boolean;
}

export const registerColumns: readonly ColumnDefinition[] = [
  {
    key: 'area_number',
    header: 'Địa bàn số',
    aliases: ['Địa bàn', 'Số địa bàn', 'area', 'area_number', 'area_no'],
    required: true,
  },
  {
    key: 'household_number',
    header: 'Số hộ',
    aliases: ['Hộ số', 'Số thứ tự hộ', 'household', 'household_number', 'household_no'],
    required: true,
  },
  {
    key: 'hamlet',
    header: 'Thôn/Tổ dân phố',
    aliases: ['Thôn', 'Tổ dân phố', 'Thôn/Phố', 'Thôn, tổ dân phố', 'Thôn/Ấp', 'hamlet', 'hamlet_name'],
    required: false,
  },
  { key: 'address', header: 'Địa chỉ', aliases: ['Địa chỉ chi tiết', 'address'], required: false },
  { key: 'household_kind', header: 'Loại hộ', aliases: ['household_kind'], required: false },
  {
    key: 'household_created_on',
    header: 'Ngày lập hộ',
    aliases: ['household_created_on', 'created_on'],
    required: false,
  },
  { key: 'row_number', header: 'STT', aliases: ['Số thứ tự', 'row_number', 'row'], required: false },
  { key: 'full_name', header: 'Họ và tên', aliases: ['Họ tên', 'full_name', 'name'], required: true },
  {
    key: 'relation_to_head',
    header: 'Quan hệ với chủ hộ',
    aliases: ['Quan hệ', 'Quan hệ chủ hộ', 'relation', 'relation_to_head'],
    required: true,
  },
  { key: 'sex', header: 'Giới tính', aliases: ['sex', 'gender'], required: true },
  {
    key: 'birth_date',
    header: 'Ngày sinh',
    aliases: ['Ngày tháng năm sinh', 'Ngày, tháng, năm sinh', 'birth_date', 'date_of_birth', 'dob'],
    required: true,
  },
  { key: 'ethnicity', header: 'Dân tộc', aliases: ['ethnicity', 'ethnicity_code'], required: true },
  {
    key: 'education',
    header: 'Trình độ học vấn',
    aliases: ['Học vấn', 'education', 'education_code', 'education_level'],
    required: false,
  },
  {
    key: 'marital_status',
    header: 'Tình trạng hôn nhân',
    aliases: ['Hôn nhân', 'marital_status', 'marital'],
    required: false,
  },
  {
    key: 'residence_status',
    header: 'Tình trạng cư trú',
    aliases: ['Cư trú', 'residence_status', 'residence'],
    required: false,
  },
  {
    key: 'insurance_number',
    header: 'Số thẻ BHYT',
    aliases: ['Mã đối tượng', 'Mã thẻ BHYT', 'Thẻ BHYT', 'insurance_number', 'health_insurance_number'],
    required: false,
  },
  {
    key: 'personal_id',
    header: 'Số định danh cá nhân',
    aliases: ['Số định danh', 'Số CCCD', 'CCCD', 'personal_id', 'citizen_id'],
    required: false,
  },
];

const columnByHeader = new Map<string, ColumnDefinition>();
for (const column of registerColumns) {
  for (const name of [column.header, column.key, ...column.aliases])
    columnByHeader.set(normalizeName(name), column);
}

/** The column a header names, or undefined for a column this import does not use. */
export function columnOfHeader(header: string): ColumnDefinition | undefined {
  return columnByHeader.get(normalizeName(header));
}

/** One data row: its line in the file and its values by column, trimmed ('' when empty). */
export interface RegisterRow {
  line: number;
  values: Partial<Record<ColumnKey, string>>;
}

export interface ReadResult {
  rows: RegisterRow[];
  /** The header as the file writes it, by column: problems name columns the way the user sees them. */
  headers: Partial<Record<ColumnKey, string>>;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** A commune of a large city has some 100,000 people; a file above this is split by area. */
export const MAX_ROWS = 200_000;

const problem = (line: number, field: string, reason: string, message: string): ImportProblem => ({
  line,
  field,
  reason,
  message,
});

/** Maps the header row to columns: every required column present, none twice; unused ones are only warned of. */
function readHeader(cells: readonly string[]) {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const headers: Partial<Record<ColumnKey, string>> = {};
  const keyOfIndex: Array<ColumnKey | null> = [];
  cells.forEach((raw) => {
    const text = raw.trim();
    const column = text ? columnOfHeader(text) : undefined;
    if (!column) {
      keyOfIndex.push(null);
      if (text)
        warnings.push(
          problem(
            1,
            text,
            'unused_column',
            `Cột "${text}" không thuộc mẫu nhập; dữ liệu cột này được bỏ qua.`,
          ),
        );
      return;
    }
    if (headers[column.key] !== undefined) {
      keyOfIndex.push(null);
      problems.push(
        problem(
          1,
          text,
          'duplicate_column',
          `Cột "${text}" trùng với cột "${headers[column.key]}" (cùng là ${column.header}).`,
        ),
      );
      return;
    }
    headers[column.key] = text;
    keyOfIndex.push(column.key);
  });
  for (const column of registerColumns) {
    if (column.required && headers[column.key] === undefined) {
      problems.push(problem(1, column.header, 'missing_column', `Thiếu cột bắt buộc "${column.header}".`));
    }
  }
  return { headers, keyOfIndex, problems, warnings };
}

function toRows(
  records: ReadonlyArray<{ line: number; cells: string[] }>,
  keyOfIndex: Array<ColumnKey | null>,
) {
  const rows: RegisterRow[] = [];
  for (const { line, cells } of records) {
    if (cells.every((c) => c.trim() === '')) continue;
    const values: Partial<Record<ColumnKey, string>> = {};
    keyOfIndex.forEach((key, i) => {
      if (key) values[key] = (cells[i] ?? '').trim().normalize('NFC');
    });
    rows.push({ line, values });
  }
  return rows;
}

function finish(
  header: ReturnType<typeof readHeader>,
  records: ReadonlyArray<{ line: number; cells: string[] }>,
): ReadResult {
  const problems = [...header.problems];
  if (records.length > MAX_ROWS) {
    problems.push(
      problem(
        0,
        '',
        'too_many_rows',
        `Tệp có ${records.length} dòng, quá ${MAX_ROWS} dòng mỗi lần nhập; hãy chia tệp theo địa bàn.`,
      ),
    );
  }
  const rows = problems.length > 0 ? [] : toRows(records, header.keyOfIndex);
  if (problems.length === 0 && rows.length === 0) {
    problems.push(problem(0, '', 'empty', 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.'));
  }
  return { rows, headers: header.headers, problems, warnings: header.warnings };
}

/** The delimiter of the header line: spreadsheets set to Vietnamese write ';', others ',' (or a tab). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

export function readRegisterCsv(text: string): ReadResult {
  const body = text.replace(/^\uFEFF/, '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      delimiter: delimiterOf(body),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    return {
      rows: [],
      headers: {},
      problems: [problem(0, '', 'csv_syntax', `Tệp CSV sai cú pháp: ${(error as Error).message}`)],
      warnings: [],
    };
  }
  const [first, ...rest] = records;
  if (!first)
    return { rows: [], headers: {}, problems: [problem(0, '', 'empty', 'Tệp trống.')], warnings: [] };
  // The line a record ends on: the line of the file for every record without a quoted line break.
  return finish(
    readHeader(first.record),
    rest.map(({ record, info }) => ({ line: info.lines, cells: record })),
  );
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell as text. Dates are written DD/MM/YYYY (Excel stores them as UTC midnight). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

/** Reads the first sheet of an XLSX file. */
export async function readRegisterXlsx(content: Buffer): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return {
      rows: [],
      headers: {},
      problems: [
        problem(0, '', 'xlsx_unreadable', 'Không đọc được tệp XLSX (tệp hỏng hoặc không phải XLSX).'),
      ],
      warnings: [],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) {
    return { rows: [], headers: {}, problems: [problem(0, '', 'empty', 'Tệp trống.')], warnings: [] };
  }
  const cellsOf = (row: ExcelJS.Row): string[] => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    return Array.from(cells, (c) => c ?? '');
  };
  const header = readHeader(cellsOf(sheet.getRow(1)));
  // A 12-digit personal ID typed into a number cell loses its leading zeros.
  const personalIdColumn = header.keyOfIndex.indexOf('personal_id');
  const records: Array<{ line: number; cells: string[] }> = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const cells = cellsOf(row);
    const id = personalIdColumn >= 0 ? row.getCell(personalIdColumn + 1).value : null;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < 1e12) {
      cells[personalIdColumn] = String(id).padStart(12, '0');
    }
    records.push({ line, cells });
  });
  return finish(header, records);
}

export async function readRegisterFile(format: RegisterFormat, content: string): Promise<ReadResult> {
  if (format === 'csv') return readRegisterCsv(content);
  const bytes = Buffer.from(content, 'base64');
  if (bytes.length === 0) {
    return { rows: [], headers: {}, problems: [problem(0, '', 'empty', 'Tệp trống.')], warnings: [] };
  }
  return readRegisterXlsx(bytes);
}
