import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  type CodeListName,
  codeLabel,
  codeListNames,
  codeListProblems,
  isKnownCode,
  defaultRegisterCodeLists as lists,
  loadRegisterCodeLists,
} from './code-lists.ts';
import {
  householdKinds,
  maritalStatuses,
  pregnancyEventKinds,
  relationsToHead,
  residenceStatuses,
  screeningResults,
  sexCodes,
} from './codes.ts';

const codesOf = (name: CodeListName) => lists[name].entries.map((e) => e.code);

type RawList = { description: string; entries: Record<string, unknown>[] };

/** The bundled data as plain JSON-like objects, to be altered by a test. */
function rawLists(): Record<CodeListName, RawList> {
  const entries: [CodeListName, RawList][] = codeListNames.map((name) => [
    name,
    { description: lists[name].description, entries: lists[name].entries.map((e) => ({ ...e })) },
  ]);
  return Object.fromEntries(entries) as Record<CodeListName, RawList>;
}

describe('the bundled code lists', () => {
  it('load, and every entry has a code and Vietnamese and English labels', () => {
    for (const name of codeListNames) {
      expect(lists[name].entries.length).toBeGreaterThan(0);
      for (const entry of lists[name].entries) {
        expect(entry.vi.trim()).not.toBe('');
        expect(entry.en.trim()).not.toBe('');
      }
      expect(new Set(codesOf(name)).size).toBe(lists[name].entries.length);
    }
  });

  it('have the 54 ethnic groups by 2-digit GSO code, plus 00 unknown and 55 foreigner', () => {
    const ethnic = codesOf('ethnicity').filter((c) => c >= '01' && c <= '54');
    expect(ethnic).toHaveLength(54);
    expect(ethnic.every((c) => /^\d{2}$/.test(c))).toBe(true);
    const label = (code: string) => codeLabel(lists.ethnicity, code);
    expect([label('01'), label('02'), label('03'), label('04'), label('05')]).toEqual([
      'Kinh',
      'Tày',
      'Thái',
      'Hoa',
      'Khơ-me',
    ]);
    expect([label('06'), label('07'), label('08'), label('09'), label('10')]).toEqual([
      'Mường',
      'Nùng',
      'Hmông',
      'Dao',
      'Gia-rai',
    ]);
    expect(label('54')).toBe('Rơ-măm');
    expect(label('55')).toBe('Người nước ngoài');
    expect(label('00')).toBe('Không xác định');
    expect(codesOf('ethnicity')).toHaveLength(56);
  });

  it('carry exactly the codes the database and the rules use for the fixed lists', () => {
    expect(codesOf('relationToHead')).toEqual([...relationsToHead]);
    expect(codesOf('sex')).toEqual(sexCodes.map(String));
    expect(codesOf('maritalStatus')).toEqual([...maritalStatuses]);
    expect(codesOf('residenceStatus')).toEqual([...residenceStatuses]);
    expect(codesOf('householdKind')).toEqual([...householdKinds]);
    expect(codesOf('pregnancyEventKind')).toEqual([...pregnancyEventKinds]);
    expect(codesOf('screeningResult')).toEqual([...screeningResults]);
  });

  it('have the open lists register.md names', () => {
    expect(codesOf('education')).toEqual([
      'none',
      'primary',
      'lower_secondary',
      'upper_secondary',
      'vocational',
      'university',
      'postgraduate',
    ]);
    expect(codesOf('contraceptiveMethod')).toEqual([
      'iud',
      'male_sterilisation',
      'female_sterilisation',
      'condom',
      'pill',
      'injectable',
      'implant',
      'other_modern',
      'traditional',
      'none',
    ]);
    expect(lists.contraceptiveMethod.byCode.get('implant')?.group).toBe('modern');
    expect(lists.contraceptiveMethod.byCode.get('traditional')?.group).toBe('traditional');
    expect(codesOf('birthPlace')).toEqual(['health_station', 'home', 'hospital', 'elsewhere']);
    expect(codesOf('newbornScreeningTest')).toHaveLength(5);
    expect(codesOf('prenatalScreeningTest')).toEqual([
      'down_syndrome',
      'edwards_syndrome',
      'patau_syndrome',
      'thalassaemia',
    ]);
  });

  it('answer labels by code, in either language, and fall back to the code', () => {
    expect(codeLabel(lists.sex, 2)).toBe('Nữ');
    expect(codeLabel(lists.sex, 1, 'en')).toBe('Male');
    expect(codeLabel(lists.relationToHead, 'child_in_law')).toBe('Con dâu/con rể');
    expect(codeLabel(lists.education, 'doctorate')).toBe('doctorate');
    expect(isKnownCode(lists.ethnicity, '08')).toBe(true);
    expect(isKnownCode(lists.ethnicity, '8')).toBe(false);
  });
});

describe('replacing a list', () => {
  it('takes new labels and new open codes without code changes', () => {
    const raw = rawLists();
    raw.ethnicity.entries = [
      { code: '01', vi: 'Kinh', en: 'Kinh' },
      { code: '99', vi: 'Khác', en: 'Other' },
    ];
    raw.sex.entries = [
      { code: '1', vi: 'Giới tính nam', en: 'Man' },
      { code: '2', vi: 'Giới tính nữ', en: 'Woman' },
    ];
    const replaced = loadRegisterCodeLists(raw);
    expect(isKnownCode(replaced.ethnicity, '99')).toBe(true);
    expect(isKnownCode(replaced.ethnicity, '02')).toBe(false);
    expect(codeLabel(replaced.sex, 2)).toBe('Giới tính nữ');
  });

  it('reports every problem of bad data at once', () => {
    const raw = rawLists();
    raw.ethnicity.entries.push({ code: '01', vi: 'Kinh', en: 'Kinh' });
    raw.maritalStatus.entries = raw.maritalStatus.entries.filter((e) => e.code !== 'separated');
    raw.residenceStatus.entries.push({ code: 'homeless', vi: 'Không nơi cư trú', en: 'Homeless' });
    raw.education.entries[0] = { code: 'none', vi: '', en: 'None', colour: 'red' };
    raw.contraceptiveMethod.entries = raw.contraceptiveMethod.entries.filter((e) => e.code !== 'none');
    let error: unknown;
    try {
      loadRegisterCodeLists(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const reasons = (error as DomainError).details.map((d) => `${d.path}:${d.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'ethnicity.entries[56].code:duplicate_code',
        'maritalStatus.entries:missing_code',
        'residenceStatus.entries:extra_code',
        'education.entries[0].colour:unknown_property',
        'education.entries[0].vi:bad_label',
        'contraceptiveMethod.entries:missing_code',
      ]),
    );
  });

  it('rejects data that is not a list, codes with spaces, and methods without a group', () => {
    expect(codeListProblems('birthPlace', [{ code: 'home' }])[0]?.reason).toBe('not_a_code_list');
    expect(codeListProblems('birthPlace', { description: 'x', entries: [] })[0]?.reason).toBe('bad_length');
    const spaced = { description: 'x', entries: [{ code: 'at home', vi: 'Tại nhà', en: 'At home' }] };
    expect(codeListProblems('birthPlace', spaced)[0]?.reason).toBe('bad_code');
    const ungrouped = {
      description: 'x',
      entries: [{ code: 'none', vi: 'Không', en: 'None' }],
    };
    expect(codeListProblems('contraceptiveMethod', ungrouped).map((p) => p.reason)).toEqual(['bad_group']);
    expect(
      codeListProblems('birthPlace', {
        description: 'x',
        entries: [{ code: 'home', vi: 'Nhà', en: 'Home' }],
      }),
    ).toEqual([]);
  });
});
