import {
  ageInCompletedYears,
  type BirthDatePrecision,
  birthDateBounds,
  type CodeList,
  type HouseholdKind,
  IMPROBABLE_AGE,
  isRealDate,
  type MaritalStatus,
  normalizeName,
  personalIdMatches,
  type RegisterCodeLists,
  type RelationToHead,
  type ResidenceStatus,
  relationsToHead,
  type SexCode,
} from '@danso/domain';
import { type ColumnKey, type ImportProblem, type RegisterRow, registerColumns } from './register-file.ts';

/**
 * The checks of an imported register, without I/O: each row's values (codes or Vietnamese labels, dates
 * with their precision), each household's rows taken together (exactly one head, the same household columns
 * on every row), then the file against what the register already holds.
 */

export interface ImportedPerson {
  line: number;
  fullName: string;
  foldedName: string;
  relationToHead: RelationToHead;
  sex: SexCode;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
  ethnicityCode: string;
  educationCode: string | null;
  maritalStatus: MaritalStatus;
  residenceStatus: ResidenceStatus;
  insuranceNumber: string | null;
  personalId: string | null;
}

export interface ImportedHousehold {
  /** The line of its first row. */
  line: number;
  areaNumber: number;
  number: number;
  hamlet: string | null;
  address: string | null;
  kind: HouseholdKind;
  /** The day the household's page was opened, when the file gives it; else the import date is used. */
  createdOn: string | null;
  /** In A0 order: head, spouse, children … others; file order within each relation. */
  members: ImportedPerson[];
}

export interface RowsCheck {
  households: ImportedHousehold[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** Names the old software writes for codes, beyond the labels of the code lists. */
const synonyms: Partial<Record<keyof RegisterCodeLists, Record<string, readonly string[]>>> = {
  relationToHead: {
    head: ['Chủ hộ', 'CH'],
    spouse: ['Vợ', 'Chồng', 'wife', 'husband'],
    child: ['Con đẻ', 'Con ruột', 'son', 'daughter'],
    child_in_law: ['Con dâu', 'Con rể'],
    parent: ['Bố', 'Mẹ', 'Cha', 'Bố mẹ', 'Cha mẹ', 'Bố đẻ', 'Mẹ đẻ', 'father', 'mother'],
    grandchild: ['Cháu nội', 'Cháu ngoại'],
    other: ['Khác', 'Anh', 'Chị', 'Em', 'Ông', 'Bà'],
  },
  sex: { '1': ['M', 'male'], '2': ['F', 'female', 'Nữ giới'] },
  maritalStatus: {
    never_married: ['Độc thân', 'Chưa có vợ/chồng', 'Chưa vợ', 'Chưa chồng'],
    married: ['Đã kết hôn', 'Có vợ', 'Có chồng', 'Đang có vợ/chồng'],
    divorced: ['Ly dị', 'Đã ly hôn'],
    widowed: ['Goá', 'Góa vợ', 'Góa chồng', 'Goá vợ', 'Goá chồng'],
  },
  residenceStatus: {
    permanent: ['TT', 'Thường trú tại địa phương'],
    temporary: ['Tạm trú tại địa phương'],
  },
  education: {
    none: ['Không đi học', 'Mù chữ', 'Chưa đi học'],
    lower_secondary: ['THCS', 'Trung học cơ sở'],
    upper_secondary: ['THPT', 'Trung học phổ thông'],
    vocational: ['Trung cấp', 'Cao đẳng', 'Sơ cấp'],
    postgraduate: ['Thạc sĩ', 'Tiến sĩ'],
  },
  ethnicity: { '01': ['Việt'], '08': ['Mông', 'Mèo'], '05': ['Khmer'] },
  householdKind: { family: ['Gia đình', 'Hộ'], collective: ['Tập thể'] },
};

/** The form a value is looked up in: no diacritics, case, spaces or punctuation ("Có vợ/chồng" → "covochong"). */
export function lookupKey(text: string): string {
  return normalizeName(text).replace(/ /g, '');
}

type Lookup = ReadonlyMap<string, string>;

/** Codes, Vietnamese and English labels and the synonyms above, each mapped to its code; the first use wins. */
export function lookupOf(list: CodeList): Lookup {
  const map = new Map<string, string>();
  const add = (text: string, code: string) => {
    const key = lookupKey(text);
    if (key && !map.has(key)) map.set(key, code);
  };
  for (const e of list.entries) add(e.code, e.code);
  for (const e of list.entries) add(e.vi, e.code);
  for (const e of list.entries) add(e.en, e.code);
  for (const [code, names] of Object.entries(synonyms[list.name] ?? {})) {
    if (list.byCode.has(code)) for (const name of names) add(name, code);
  }
  return map;
}

const relationOrder = new Map<string, number>(relationsToHead.map((r, i) => [r, i]));

/** Dates as the old software writes them: DD/MM/YYYY, MM/YYYY, YYYY (or YYYY-MM-DD); '/', '.' or '-'. */
export function parseDateText(
  text: string,
): { date: string; precision: BirthDatePrecision } | { error: 'format' | 'unreal' } {
  const pad = (s: string) => s.padStart(2, '0');
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) {
    const date = `${m[3]}-${pad(m[2] as string)}-${pad(m[1] as string)}`;
    return isRealDate(date) ? { date, precision: 'day' } : { error: 'unreal' };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isRealDate(text) ? { date: text, precision: 'day' } : { error: 'unreal' };
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return { error: 'unreal' };
    return { date: `${m[2]}-${pad(m[1] as string)}-01`, precision: 'month' };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) return { date: `${m[1]}-01-01`, precision: 'year' };
  return { error: 'format' };
}

/** Birth dates before this year are taken for typing errors. */
export const EARLIEST_BIRTH_YEAR = 1900;

const formatDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A birth date as the file would write it for its precision. */
function formatBirthDate(iso: string, precision: BirthDatePrecision): string {
  if (precision === 'year') return iso.slice(0, 4);
  if (precision === 'month') return `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return formatDate(iso);
}

class RowChecker {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  private readonly lookups: Record<
    | 'relationToHead'
    | 'sex'
    | 'ethnicity'
    | 'education'
    | 'maritalStatus'
    | 'residenceStatus'
    | 'householdKind',
    Lookup
  >;

  constructor(
    lists: RegisterCodeLists,
    private readonly headers: Partial<Record<ColumnKey, string>>,
    private readonly today: string,
  ) {
    this.lookups = {
      relationToHead: lookupOf(lists.relationToHead),
      sex: lookupOf(lists.sex),
      ethnicity: lookupOf(lists.ethnicity),
      education: lookupOf(lists.education),
      maritalStatus: lookupOf(lists.maritalStatus),
      residenceStatus: lookupOf(lists.residenceStatus),
      householdKind: lookupOf(lists.householdKind),
    };
  }

  /** The column as the file names it. */
  field(key: ColumnKey): string {
    return this.headers[key] ?? registerColumns.find((c) => c.key === key)?.header ?? key;
  }

  error(line: number, key: ColumnKey, reason: string, message: string): void {
    this.problems.push({ line, field: this.field(key), reason, message });
  }

  warn(line: number, key: ColumnKey, reason: string, message: string): void {
    this.warnings.push({ line, field: this.field(key), reason, message });
  }

  code(row: RegisterRow, key: ColumnKey, list: keyof RowChecker['lookups'], what: string): string | null {
    const text = row.values[key] ?? '';
    if (text === '') return null;
    let code = this.lookups[list].get(lookupKey(text));
    // Ethnic groups are two-digit codes that spreadsheets shorten to one digit.
    if (!code && list === 'ethnicity' && /^\d$/.test(text)) code = this.lookups.ethnicity.get(`0${text}`);
    if (!code) {
      this.error(row.line, key, 'unknown_code', `${what} "${text}" không có trong danh mục.`);
      return null;
    }
    return code;
  }

  positiveInteger(row: RegisterRow, key: ColumnKey, what: string): number | null {
    const text = row.values[key] ?? '';
    if (text === '') {
      this.error(row.line, key, 'required', `Thiếu ${what}.`);
      return null;
    }
    if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
      this.error(row.line, key, 'not_a_number', `${what} "${text}" phải là số nguyên dương.`);
      return null;
    }
    return Number(text);
  }

  birthDate(row: RegisterRow): { date: string; precision: BirthDatePrecision } | null {
    const text = row.values.birth_date ?? '';
    if (text === '') {
      this.error(row.line, 'birth_date', 'required', 'Thiếu ngày sinh.');
      return null;
    }
    const parsed = parseDateText(text);
    if ('error' in parsed) {
      if (parsed.error === 'format')
        this.error(
          row.line,
          'birth_date',
          'bad_date_format',
          `Ngày sinh "${text}" phải có dạng DD/MM/YYYY, MM/YYYY hoặc YYYY.`,
        );
      else this.error(row.line, 'birth_date', 'unreal_date', `Ngày sinh "${text}" không có thật trên lịch.`);
      return null;
    }
    if (Number(parsed.date.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
      this.error(
        row.line,
        'birth_date',
        'unreal_date',
        `Năm sinh ${parsed.date.slice(0, 4)} trước ${EARLIEST_BIRTH_YEAR}; kiểm tra lại ngày sinh.`,
      );
      return null;
    }
    if (birthDateBounds(parsed.date, parsed.precision).earliest > this.today) {
      this.error(
        row.line,
        'birth_date',
        'future_date',
        `Ngày sinh "${text}" sau ngày hôm nay (${formatDate(this.today)}).`,
      );
      return null;
    }
    return parsed;
  }

  createdOn(row: RegisterRow): string | null {
    const text = row.values.household_created_on ?? '';
    if (text === '') return null;
    const parsed = parseDateText(text);
    if ('error' in parsed || parsed.precision !== 'day') {
      this.error(
        row.line,
        'household_created_on',
        'bad_date_format',
        `Ngày lập hộ "${text}" phải là một ngày có thật, dạng DD/MM/YYYY.`,
      );
      return null;
    }
    if (parsed.date > this.today) {
      this.error(
        row.line,
        'household_created_on',
        'future_date',
        `Ngày lập hộ "${text}" sau ngày hôm nay (${formatDate(this.today)}).`,
      );
      return null;
    }
    return parsed.date;
  }

  /** One person's row; null when any of its values is bad (each problem is recorded). */
  person(row: RegisterRow): ImportedPerson | null {
    const before = this.problems.length;
    const v = row.values;
    const fullName = (v.full_name ?? '').replace(/\s+/g, ' ');
    if (fullName === '') this.error(row.line, 'full_name', 'required', 'Thiếu họ và tên.');
    else if (fullName.length > 200)
      this.error(row.line, 'full_name', 'too_long', 'Họ và tên dài quá 200 ký tự.');
    const relation = this.code(row, 'relation_to_head', 'relationToHead', 'Quan hệ với chủ hộ');
    if (!v.relation_to_head)
      this.error(row.line, 'relation_to_head', 'required', 'Thiếu quan hệ với chủ hộ.');
    const sex = this.code(row, 'sex', 'sex', 'Giới tính');
    if (!v.sex) this.error(row.line, 'sex', 'required', 'Thiếu giới tính.');
    const birth = this.birthDate(row);
    const ethnicity = this.code(row, 'ethnicity', 'ethnicity', 'Dân tộc');
    if (!v.ethnicity) this.error(row.line, 'ethnicity', 'required', 'Thiếu dân tộc.');
    const education = this.code(row, 'education', 'education', 'Trình độ học vấn');
    let marital = this.code(row, 'marital_status', 'maritalStatus', 'Tình trạng hôn nhân');
    if (!v.marital_status && birth) {
      // Children's marital status is often left blank; from 15 on it must be stated.
      if (ageInCompletedYears(birth.date, this.today, birth.precision) < 15) marital = 'never_married';
      else
        this.error(
          row.line,
          'marital_status',
          'required',
          'Thiếu tình trạng hôn nhân (bắt buộc từ 15 tuổi).',
        );
    }
    const residence =
      this.code(row, 'residence_status', 'residenceStatus', 'Tình trạng cư trú') ??
      (v.residence_status ? null : 'permanent');
    const insurance = (v.insurance_number ?? '').replace(/\s+/g, '').toUpperCase();
    if (insurance && !/^[A-Z0-9]{1,20}$/.test(insurance)) {
      this.error(
        row.line,
        'insurance_number',
        'bad_insurance_number',
        `Số thẻ BHYT "${v.insurance_number}" chỉ gồm chữ và số, tối đa 20 ký tự.`,
      );
    }
    const personalId = (v.personal_id ?? '').replace(/\s+/g, '');
    if (personalId && !/^\d{12}$/.test(personalId)) {
      this.error(
        row.line,
        'personal_id',
        'bad_personal_id',
        `Số định danh cá nhân "${v.personal_id}" phải gồm đúng 12 chữ số.`,
      );
    }
    if (this.problems.length > before || !relation || !sex || !birth || !ethnicity || !marital || !residence)
      return null;

    const sexCode = Number(sex) as SexCode;
    if (personalId && !personalIdMatches(personalId, sexCode, Number(birth.date.slice(0, 4)))) {
      this.warn(
        row.line,
        'personal_id',
        'personal_id_inconsistent',
        'Số định danh cá nhân không khớp với giới tính hoặc năm sinh (chữ số thứ 4–6); kiểm tra lại.',
      );
    }
    const age = ageInCompletedYears(birth.date, this.today, birth.precision);
    if (age > IMPROBABLE_AGE) {
      this.warn(
        row.line,
        'birth_date',
        'improbable_age',
        `Tuổi ${age} là hiếm gặp (trên ${IMPROBABLE_AGE}); kiểm tra lại ngày sinh.`,
      );
    }
    if (relation === 'head' && age < 15) {
      this.warn(
        row.line,
        'relation_to_head',
        'head_under_age',
        `Chủ hộ ${age} tuổi (dưới 15); kiểm tra lại.`,
      );
    }
    return {
      line: row.line,
      fullName,
      foldedName: normalizeName(fullName),
      relationToHead: relation as RelationToHead,
      sex: sexCode,
      birthDate: birth.date,
      birthDatePrecision: birth.precision,
      ethnicityCode: ethnicity,
      educationCode: education,
      maritalStatus: marital as MaritalStatus,
      residenceStatus: residence as ResidenceStatus,
      insuranceNumber: insurance || null,
      personalId: personalId || null,
    };
  }
}

type HouseholdColumn = 'hamlet' | 'address' | 'household_kind' | 'household_created_on';

interface HouseholdDraft {
  household: ImportedHousehold;
  /** Every row's relation to the head (null when it could not be read), for the head count. */
  relations: Array<{ line: number; relation: string | null }>;
  /** The first value each household column was given, and its line. */
  values: Partial<Record<HouseholdColumn, { value: string; line: number }>>;
}

/**
 * Checks every row of a file and gathers the rows into households by area and household number.
 * Households are returned only from rows without problems; any problem means nothing is imported.
 */
export function checkRows(
  rows: readonly RegisterRow[],
  options: { lists: RegisterCodeLists; headers: Partial<Record<ColumnKey, string>>; today: string },
): RowsCheck {
  const checker = new RowChecker(options.lists, options.headers, options.today);
  const relationLookup = lookupOf(options.lists.relationToHead);
  const drafts = new Map<string, HouseholdDraft>();
  const peopleSeen = new Map<string, number>();
  const personalIdsSeen = new Map<string, number>();

  for (const row of rows) {
    const areaNumber = checker.positiveInteger(row, 'area_number', 'Số địa bàn');
    const householdNumber = checker.positiveInteger(row, 'household_number', 'Số hộ');
    const person = checker.person(row);
    const kind = checker.code(row, 'household_kind', 'householdKind', 'Loại hộ');
    const createdOn = checker.createdOn(row);
    if (areaNumber === null || householdNumber === null) continue;

    const key = `${areaNumber}-${householdNumber}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = {
        household: {
          line: row.line,
          areaNumber,
          number: householdNumber,
          hamlet: null,
          address: null,
          kind: 'family',
          createdOn: null,
          members: [],
        },
        relations: [],
        values: {},
      };
      drafts.set(key, draft);
    }
    draft.relations.push({
      line: row.line,
      relation: relationLookup.get(lookupKey(row.values.relation_to_head ?? '')) ?? null,
    });
    sameHouseholdValue(checker, draft, row, 'hamlet', row.values.hamlet || null, 'Thôn/tổ dân phố');
    sameHouseholdValue(checker, draft, row, 'address', row.values.address || null, 'Địa chỉ');
    sameHouseholdValue(checker, draft, row, 'household_kind', kind, 'Loại hộ');
    sameHouseholdValue(checker, draft, row, 'household_created_on', createdOn, 'Ngày lập hộ');
    if (!person) continue;

    const personKey = `${key}|${person.foldedName}|${person.birthDate}`;
    const twin = peopleSeen.get(personKey);
    if (twin !== undefined) {
      checker.error(
        row.line,
        'full_name',
        'duplicate_in_file',
        `Người này (cùng họ tên, ngày sinh, hộ) đã có ở dòng ${twin} của tệp.`,
      );
    } else peopleSeen.set(personKey, row.line);
    if (person.personalId) {
      const other = personalIdsSeen.get(person.personalId);
      if (other !== undefined) {
        checker.error(
          row.line,
          'personal_id',
          'duplicate_in_file',
          `Số định danh cá nhân ${person.personalId} đã có ở dòng ${other} của tệp.`,
        );
      } else personalIdsSeen.set(person.personalId, row.line);
    }
    draft.household.members.push(person);
  }

  for (const { household, relations, values } of drafts.values()) {
    household.hamlet = values.hamlet?.value ?? null;
    household.address = values.address?.value ?? null;
    household.kind = (values.household_kind?.value as HouseholdKind | undefined) ?? 'family';
    household.createdOn = values.household_created_on?.value ?? null;
    household.members.sort(
      (a, b) => (relationOrder.get(a.relationToHead) ?? 99) - (relationOrder.get(b.relationToHead) ?? 99),
    );
    // A row whose relation could not be read is already reported; counting heads without it would mislead.
    if (relations.some((r) => r.relation === null)) continue;
    const heads = relations.filter((r) => r.relation === 'head');
    if (heads.length === 0) {
      checker.error(
        household.line,
        'relation_to_head',
        'no_head',
        `Hộ số ${household.number} (địa bàn ${household.areaNumber}) không có chủ hộ; mỗi hộ phải có đúng một chủ hộ.`,
      );
    }
    for (const extra of heads.slice(1)) {
      checker.error(
        extra.line,
        'relation_to_head',
        'several_heads',
        `Hộ số ${household.number} (địa bàn ${household.areaNumber}) đã có chủ hộ ở dòng ${heads[0]?.line}; mỗi hộ chỉ có một chủ hộ.`,
      );
    }
  }
  return {
    households: [...drafts.values()].map((d) => d.household),
    problems: sortProblems(checker.problems),
    warnings: sortProblems(checker.warnings),
  };
}

/** A household column must say the same on every row of the household (or be left empty there). */
function sameHouseholdValue(
  checker: RowChecker,
  draft: HouseholdDraft,
  row: RegisterRow,
  key: HouseholdColumn,
  value: string | null,
  what: string,
): void {
  if (value === null) return;
  const first = draft.values[key];
  if (!first) {
    draft.values[key] = { value, line: row.line };
    return;
  }
  const same = key === 'hamlet' ? lookupKey(first.value) === lookupKey(value) : first.value === value;
  if (!same) {
    const h = draft.household;
    checker.error(
      row.line,
      key,
      'household_mismatch',
      `${what} "${row.values[key]}" khác với dòng ${first.line} của cùng hộ số ${h.number} (địa bàn ${h.areaNumber}).`,
    );
  }
}

export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}

/** What the register already holds, for the households of one file. */
export interface RegisterFacts {
  communeCode: string;
  /** Current areas of the commune by number, with the hamlets their listing names. */
  areas: ReadonlyMap<number, { id: string; hamletIds: readonly string[] }>;
  hamlets: ReadonlyArray<{ id: string; name: string }>;
  existingHouseholdCodes: ReadonlySet<string>;
  /** People of the households whose codes the file uses. */
  existingPeople: ReadonlyArray<{
    householdCode: string;
    fullName: string;
    birthDate: string;
    birthDatePrecision: string;
  }>;
  /** Personal ID numbers already in the register (within the importer's place). */
  existingPersonalIds: ReadonlySet<string>;
}

export interface ResolvedHousehold extends ImportedHousehold {
  code: string;
  areaId: string;
  hamletId: string | null;
}

export function householdCode(communeCode: string, areaNumber: number, number: number): string {
  return `${communeCode}-${areaNumber}-${number}`;
}

const hamletPrefixes =
  /^(thon|to dan pho|to|khu pho|khu|ban|xom|ap|phum|soc|lang|buon|plei|khom|doi|cum|khoi|pho) /;

/** A hamlet name without diacritics, and without its kind ("Thôn Nà Phai" and "Nà Phai" are the same). */
function hamletKey(name: string): string {
  const folded = normalizeName(name);
  return folded.replace(hamletPrefixes, '').replace(/ /g, '');
}

/** Checks the households against the register: areas, hamlets, existing households, people and personal IDs. */
export function checkAgainstRegister(
  households: readonly ImportedHousehold[],
  facts: RegisterFacts,
  headers: Partial<Record<ColumnKey, string>>,
): { resolved: ResolvedHousehold[]; problems: ImportProblem[]; warnings: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const field = (key: ColumnKey) => headers[key] ?? registerColumns.find((c) => c.key === key)?.header ?? key;
  const hamletsByKey = new Map<string, Array<{ id: string; name: string }>>();
  for (const h of facts.hamlets) {
    const list = hamletsByKey.get(hamletKey(h.name)) ?? [];
    list.push(h);
    hamletsByKey.set(hamletKey(h.name), list);
  }
  const peopleByCode = new Map<string, RegisterFacts['existingPeople'][number][]>();
  for (const p of facts.existingPeople) {
    const list = peopleByCode.get(p.householdCode) ?? [];
    list.push(p);
    peopleByCode.set(p.householdCode, list);
  }

  const resolved: ResolvedHousehold[] = [];
  for (const h of households) {
    const code = householdCode(facts.communeCode, h.areaNumber, h.number);
    const before = problems.length;
    const area = facts.areas.get(h.areaNumber);
    if (!area) {
      problems.push({
        line: h.line,
        field: field('area_number'),
        reason: 'unknown_area',
        message: `Xã ${facts.communeCode} không có địa bàn số ${h.areaNumber}.`,
      });
    }
    let hamletId: string | null = null;
    if (h.hamlet) {
      const matches = hamletsByKey.get(hamletKey(h.hamlet)) ?? [];
      const inArea = matches.filter((m) => area?.hamletIds.includes(m.id));
      const match = inArea[0] ?? matches[0];
      if (!match) {
        problems.push({
          line: h.line,
          field: field('hamlet'),
          reason: 'unknown_hamlet',
          message: `Xã ${facts.communeCode} không có thôn/tổ dân phố "${h.hamlet}".`,
        });
      } else {
        hamletId = match.id;
        if (area && inArea.length === 0) {
          warnings.push({
            line: h.line,
            field: field('hamlet'),
            reason: 'hamlet_outside_area',
            message: `Thôn "${match.name}" không có trong danh sách của địa bàn số ${h.areaNumber}.`,
          });
        }
      }
    } else if (area && area.hamletIds.length === 1) {
      hamletId = area.hamletIds[0] ?? null;
    }
    if (facts.existingHouseholdCodes.has(code)) {
      problems.push({
        line: h.line,
        field: field('household_number'),
        reason: 'household_exists',
        message: `Hộ ${code} (địa bàn ${h.areaNumber}, hộ số ${h.number}) đã có trong sổ.`,
      });
    }
    const existing = peopleByCode.get(code) ?? [];
    for (const m of h.members) {
      const same = existing.find(
        (p) =>
          normalizeName(p.fullName) === m.foldedName &&
          sameBirthDate(p.birthDate, p.birthDatePrecision, m.birthDate, m.birthDatePrecision),
      );
      if (same) {
        problems.push({
          line: m.line,
          field: field('full_name'),
          reason: 'person_exists',
          message: `${m.fullName} (sinh ${formatBirthDate(m.birthDate, m.birthDatePrecision)}) đã có trong sổ ở hộ ${code}.`,
        });
      }
      if (m.personalId && facts.existingPersonalIds.has(m.personalId)) {
        problems.push({
          line: m.line,
          field: field('personal_id'),
          reason: 'personal_id_exists',
          message: `Số định danh cá nhân ${m.personalId} đã có trong sổ.`,
        });
      }
    }
    if (problems.length === before && area) {
      resolved.push({ ...h, code, areaId: area.id, hamletId });
    }
  }
  return { resolved, problems: sortProblems(problems), warnings: sortProblems(warnings) };
}

/** Two birth dates agree at the coarser of their precisions (a year-only date matches any day of that year). */
export function sameBirthDate(a: string, aPrecision: string, b: string, bPrecision: string): boolean {
  const width = (p: string) => (p === 'year' ? 4 : p === 'month' ? 7 : 10);
  const n = Math.min(width(aPrecision), width(bPrecision));
  return a.slice(0, n) === b.slice(0, n);
}
