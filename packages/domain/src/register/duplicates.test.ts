import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DuplicateCandidate,
  duplicateScore,
  findPossibleDuplicates,
  normalizeName,
} from './duplicates.ts';
import { ids } from './test-fixtures.ts';

describe('normalizeName', () => {
  it('removes diacritics including đ/Đ, folds case and collapses spaces', () => {
    expect(normalizeName('Đặng Thị Ánh')).toBe('dang thi anh');
    expect(normalizeName('  NGUYỄN   văn   Đức ')).toBe('nguyen van duc');
    expect(normalizeName('Hoàng\tThị\nHuệ')).toBe('hoang thi hue');
    expect(normalizeName("H'Hen Niê")).toBe('h hen nie');
    expect(normalizeName('Lê-Thị Ngọc')).toBe('le thi ngoc');
  });

  it('treats composed and decomposed Unicode alike', () => {
    expect(normalizeName('Nguyễn'.normalize('NFD'))).toBe(normalizeName('Nguyễn'.normalize('NFC')));
  });
});

const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const SHAPES: Record<string, string[]> = {
  a: ['', '\u0302', '\u0306'],
  e: ['', '\u0302'],
  o: ['', '\u0302', '\u031b'],
  u: ['', '\u031b'],
};
const letterArb = fc.constantFrom(...'abcdeghiklmnopqrstuvxy'.split(''));
const wordArb = fc.array(letterArb, { minLength: 1, maxLength: 7 }).map((l) => l.join(''));
const nameArb = fc.array(wordArb, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

/** Decorates a plain name with Vietnamese marks, đ, random case and extra spaces. */
const decoratedArb = (plain: string) =>
  fc
    .array(
      fc.record({
        tone: fc.constantFrom(...TONES),
        shape: fc.nat(2),
        upper: fc.boolean(),
        stroke: fc.boolean(),
        space: fc.nat(2),
      }),
      {
        minLength: plain.length,
        maxLength: plain.length,
      },
    )
    .map((marks) =>
      [...plain]
        .map((ch, i) => {
          const m = marks[i]!;
          if (ch === ' ') return ' '.repeat(1 + m.space);
          let out = ch === 'd' && m.stroke ? 'đ' : ch;
          const shapes = SHAPES[ch];
          if (shapes) out += shapes[m.shape % shapes.length];
          if ('aeiouy'.includes(ch)) out += m.tone;
          out = out.normalize('NFC');
          return m.upper ? out.toUpperCase() : out;
        })
        .join(''),
    );

describe('normalizeName properties', () => {
  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
      }),
    );
  });

  it('ignores diacritics, đ/Đ, case and spacing', () => {
    fc.assert(
      fc.property(
        nameArb.chain((plain) => fc.tuple(fc.constant(plain), decoratedArb(plain))),
        ([plain, decorated]) => {
          expect(normalizeName(decorated)).toBe(plain);
        },
      ),
    );
  });
});

const base: DuplicateCandidate = {
  id: ids.newborn,
  fullName: 'Trần Thị Mai',
  sex: 2,
  birthDate: '2026-03-01',
  birthDatePrecision: 'day',
  motherId: ids.wife,
  householdId: ids.household,
};

describe('duplicateScore', () => {
  it('same normalised name, date of birth and household: a possible duplicate, with reasons', () => {
    const existing = { ...base, id: ids.child, fullName: 'TRAN THI MAI', motherId: null };
    expect(duplicateScore(base, existing)).toEqual({
      score: expect.any(Number),
      reasons: ['same_name', 'same_birth_date', 'same_household'],
      possibleDuplicate: true,
    });
  });

  it('needs the same mother or household', () => {
    const elsewhere = { ...base, id: ids.child, householdId: ids.otherHousehold, motherId: null };
    expect(duplicateScore(base, elsewhere).possibleDuplicate).toBe(false);
    const sameMother = { ...elsewhere, motherId: ids.wife };
    expect(duplicateScore(base, sameMother)).toMatchObject({
      reasons: ['same_name', 'same_birth_date', 'same_mother'],
      possibleDuplicate: true,
    });
  });

  it('allows the date of birth to differ within the tolerance, and a year-only date to match its year', () => {
    const later = { ...base, id: ids.child, birthDate: '2026-03-04' };
    expect(duplicateScore(base, later).possibleDuplicate).toBe(false);
    expect(duplicateScore(base, later, { dobToleranceDays: 3 })).toMatchObject({
      reasons: ['same_name', 'birth_date_within_tolerance', 'same_mother', 'same_household'],
      possibleDuplicate: true,
    });
    const yearOnly = { ...base, id: ids.child, birthDate: '2026-01-01', birthDatePrecision: 'year' as const };
    expect(duplicateScore(base, yearOnly).possibleDuplicate).toBe(true);
    const otherYear = { ...yearOnly, birthDate: '2025-01-01' };
    expect(duplicateScore(base, otherYear, { dobToleranceDays: 30 }).possibleDuplicate).toBe(false);
  });

  it('a different name or sex rules a pair out; the same personal ID number rules it in', () => {
    expect(duplicateScore(base, { ...base, id: ids.child, fullName: 'Trần Thị Mơ' }).possibleDuplicate).toBe(
      false,
    );
    expect(duplicateScore(base, { ...base, id: ids.child, sex: 1 })).toMatchObject({
      score: 0,
      possibleDuplicate: false,
    });
    const card = { ...base, personalId: '001326000001' };
    const renamed = {
      ...card,
      id: ids.child,
      fullName: 'Trần Ngọc Mai',
      householdId: ids.otherHousehold,
      motherId: null,
    };
    expect(duplicateScore(card, renamed)).toMatchObject({
      score: 1,
      reasons: ['same_personal_id', 'same_birth_date'],
      possibleDuplicate: true,
    });
  });

  it('counts a shared health-insurance number as a reason, not as proof', () => {
    const a = { ...base, insuranceNumber: 'TE1790012345678' };
    const b = { ...a, id: ids.child, fullName: 'Trần Ngọc Mai', insuranceNumber: 'te1790012345678' };
    expect(duplicateScore(a, b)).toMatchObject({
      reasons: expect.arrayContaining(['same_insurance_number']),
      possibleDuplicate: false,
    });
  });
});

describe('findPossibleDuplicates', () => {
  it('lists the matches, best first, never the person itself', () => {
    const others: DuplicateCandidate[] = [
      base,
      { ...base, id: 'x1', householdId: ids.otherHousehold },
      { ...base, id: 'x2', fullName: 'Tran Thi Mai', birthDate: '2026-03-02', motherId: null },
      { ...base, id: 'x3', fullName: 'Trần Văn Nam' },
    ];
    const found = findPossibleDuplicates(base, others, { dobToleranceDays: 2 });
    expect(found.map((f) => f.person.id)).toEqual(['x1', 'x2']);
    expect(found[0]!.score).toBeGreaterThanOrEqual(found[1]!.score);
  });

  it('property: a record always matches a copy of itself with its name re-typed', () => {
    fc.assert(
      fc.property(
        nameArb.chain((plain) => fc.tuple(fc.constant(plain), decoratedArb(plain))),
        ([plain, typed]) => {
          const original = { ...base, id: 'a', fullName: plain };
          const copy = { ...base, id: 'b', fullName: typed };
          expect(findPossibleDuplicates(original, [copy]).map((f) => f.person.id)).toEqual(['b']);
        },
      ),
    );
  });
});
