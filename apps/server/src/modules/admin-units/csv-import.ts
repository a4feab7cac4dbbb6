import { type UnitLevel, type UnitType, unitTypeFromName, unitTypes } from '@danso/domain';
import { parse } from 'csv-parse/sync';

/** One bad row of an import file: the line number as a spreadsheet shows it, the column and why. */
export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
  message: string;
}

export type ImportKind = 'units' | 'successions' | 'areas';

export const importColumns: Record<ImportKind, { required: string[]; optional: string[] }> = {
  units: {
    required: ['code', 'name', 'level', 'valid_from'],
    optional: ['type', 'parent_code', 'valid_to', 'urbanity', 'note'],
  },
  successions: { required: ['from_code', 'to_code', 'effective_on', 'kind'], optional: ['share', 'note'] },
  areas: {
    required: ['commune_code', 'area_number', 'hamlet'],
    optional: ['area_name', 'hamlet_kind', 'street', 'household_from', 'household_to'],
  },
};

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** Reads a CSV with a header row; reports unknown and missing columns instead of guessing. */
export function readCsv(kind: ImportKind, text: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    return {
      rows: [],
      problems: [
        {
          line: 0,
          field: '',
          reason: 'csv_syntax',
          message: `Tệp CSV sai cú pháp: ${(error as Error).message}`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header)
    return { rows: [], problems: [{ line: 0, field: '', reason: 'empty', message: 'Tệp trống.' }] };
  const columns = header.map((h) => h.trim().toLowerCase());
  const { required, optional } = importColumns[kind];
  const problems: ImportProblem[] = [];
  for (const c of required) {
    if (!columns.includes(c)) {
      problems.push({ line: 1, field: c, reason: 'missing_column', message: `Thiếu cột bắt buộc "${c}".` });
    }
  }
  for (const c of columns) {
    if (!required.includes(c) && !optional.includes(c)) {
      problems.push({
        line: 1,
        field: c,
        reason: 'unknown_column',
        message: `Cột không được hỗ trợ "${c}".`,
      });
    }
  }
  const rows = body.map((record, i) => {
    const values: Record<string, string> = {};
    columns.forEach((c, j) => {
      values[c] = (record[j] ?? '').trim();
    });
    return { line: i + 2, values };
  });
  if (rows.length > 50_000) {
    problems.push({
      line: 0,
      field: '',
      reason: 'too_many_rows',
      message: 'Tệp quá lớn: tối đa 50.000 dòng mỗi lần nhập.',
    });
  }
  return { rows, problems };
}

const levelWords: Record<string, UnitLevel> = {
  province: 'province',
  tỉnh: 'province',
  district: 'district',
  huyện: 'district',
  commune: 'commune',
  xã: 'commune',
};

const typeWords: Record<string, UnitType> = {
  tỉnh: 'province',
  'thành phố': 'centrally_run_city',
  'thành phố trực thuộc trung ương': 'centrally_run_city',
  phường: 'ward',
  xã: 'commune',
  'đặc khu': 'special_zone',
  'thị trấn': 'township',
  huyện: 'district',
  quận: 'district',
  'thị xã': 'district',
};

export function parseLevel(value: string): UnitLevel | null {
  return levelWords[value.normalize('NFC').toLowerCase()] ?? null;
}

export function parseUnitType(value: string, name: string, level: UnitLevel): UnitType | null {
  if (value === '') return unitTypeFromName(name, level);
  const lower = value.normalize('NFC').toLowerCase();
  if ((unitTypes as readonly string[]).includes(lower)) return lower as UnitType;
  return typeWords[lower] ?? null;
}

export function problem(line: number, field: string, reason: string, message: string): ImportProblem {
  return { line, field, reason, message };
}
