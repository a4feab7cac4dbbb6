import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { defaultIndicatorCatalogue } from '../indicators/catalogue.ts';
import type { CubeRow } from '../indicators/evaluate.ts';
import { parsePeriod } from '../indicators/periods.ts';
import { defaultRegisterCodeLists } from '../register/code-lists.ts';
import { fillReport, reportDifferences, reportRequirements } from './evaluate.ts';
import { defaultReportFormDefinitions, loadReportForms, type ReportForm } from './forms.ts';
import {
  addWorkingDays,
  endedPeriods,
  nextReportStatus,
  periodCodeOf,
  reportDeadline,
  reportPeriod,
  submittedOnTime,
} from './workflow.ts';

const catalogue = defaultIndicatorCatalogue();
const codeLists = defaultRegisterCodeLists;
const row = (key: string, month: string, dims: CubeRow['dims'], n: number, unit = 'x'): [string, CubeRow] => [
  key,
  { unit, month, dims, n },
];
const rowsOf = (list: Array<[string, CubeRow]>) => {
  const map = new Map<string, CubeRow[]>();
  for (const [key, r] of list) map.set(key, [...(map.get(key) ?? []), r]);
  return map;
};

const problemsOf = (raw: unknown) => {
  try {
    loadReportForms([raw], catalogue);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.details.map((d) => d.reason);
  }
};

describe('report forms as data', () => {
  const forms = loadReportForms(defaultReportFormDefinitions, catalogue);

  it('ships the commune monthly, quarterly roll-up, commune annual (03-DSX) and province annual forms', () => {
    expect([...forms.values()].map((f) => [f.code, f.periodType, f.level, f.layout])).toEqual([
      ['DS-XA-THANG', 'month', 'commune', 'fixed'],
      ['DS-TINH-QUY', 'quarter', 'province', 'units'],
      ['03-DSX', 'year', 'commune', 'fixed'],
      ['DS-TINH-NAM', 'year', 'province', 'units'],
    ]);
    expect(forms.get('03-DSX')?.deadline.workingDaysAfterPeriod).toBe(5);
  });

  it('adds a form from a definition file alone, and fills it from aggregate rows', async () => {
    const raw = JSON.parse(
      await readFile(path.join(import.meta.dirname, 'test-forms/screening-quarter.json'), 'utf8'),
    );
    const added = loadReportForms([...defaultReportFormDefinitions, raw], catalogue);
    const form = added.get('TEST-SANG-LOC') as ReportForm;
    expect(form.periodType).toBe('quarter');
    const requirements = reportRequirements(form, catalogue, 'commune');
    expect(requirements.map((r) => [r.key, r.dims, r.urbanity])).toEqual([
      ['flow:birth', ['sex'], true],
      ['flow:newborn_screening', [], true],
    ]);
    const rows = rowsOf([
      row('flow:birth', '2026-04-01', { sex: '1', urbanity: 'urban' }, 3),
      row('flow:birth', '2026-05-01', { sex: '2', urbanity: 'rural' }, 2),
      row('flow:birth', '2026-07-01', { sex: '2', urbanity: 'urban' }, 9), // next quarter
      row('flow:newborn_screening', '2026-06-01', { urbanity: 'urban' }, 2),
      row('flow:newborn_screening', '2026-06-01', { urbanity: 'rural' }, 1),
    ]);
    const filled = fillReport(form, {
      catalogue,
      codeLists,
      period: reportPeriod(form, '2026-Q2'),
      unit: { code: 'x', level: 'commune', rows },
    });
    expect(filled.columns.map((c) => c.vi)).toEqual(['Chung', 'Thành thị']);
    expect(filled.rows.map((r) => [r.code, r.heading, r.values])).toEqual([
      ['A', true, [null, null]],
      ['1', false, [5, 3]],
      ['2', false, [3, 2]],
      ['3', false, [60, 66.7]], // the indicator's 1 decimal
      ['4', false, [150, null]],
    ]);
  });

  it('lists every problem of a bad form with its place', () => {
    const base = {
      code: 'X-1',
      vi: 'x',
      en: 'x',
      periodType: 'month',
      level: 'commune',
      deadline: { workingDaysAfterPeriod: 3 },
      layout: 'fixed',
      columns: [
        { key: 'total', vi: 'T', en: 'T' },
        { key: 'male', vi: 'Nam', en: 'M', split: { by: 'sex', category: '1' } },
      ],
    };
    expect(
      problemsOf({
        ...base,
        rows: [
          { code: '1', vi: 'a', en: 'a', expression: 'bogus_measure' },
          { code: '2', vi: 'b', en: 'b', expression: 'marriages' },
          { code: '3', vi: 'c', en: 'c', expression: 'births', columns: ['nope'] },
          { code: '3', vi: 'd', en: 'd', expression: 'births[colour = 1]', columns: ['total'] },
          { code: '5', vi: 'e', en: 'e', expression: 'births +' },
          { code: '6', vi: 'f', en: 'f', indicator: 'ASFR' },
        ],
      }),
    ).toEqual([
      'unknown_measure',
      'measure_cannot_split',
      'unknown_column',
      'duplicate_code',
      'unknown_dimension',
      'formula',
      'indicator_not_single_valued',
    ]);
    expect(problemsOf({ ...base, periodType: 'week', rows: [] })).toContain('schema');
    expect(
      problemsOf({ ...base, layout: 'units', rows: [{ code: '1', vi: 'a', en: 'a', expression: 'births' }] }),
    ).toEqual(
      expect.arrayContaining(['units_layout_is_for_a_province', 'units_layout_has_no_columns', 'required']),
    );
  });

  it('fills the monthly report by sex and leaves cells a row has no value in empty', () => {
    const form = forms.get('DS-XA-THANG') as ReportForm;
    const rows = rowsOf([
      row(
        'flow:birth',
        '2026-03-01',
        { sex: '1', birthOrder: '3+', motherAgeGroup: '15-19', birthPlace: 'home' },
        2,
      ),
      row(
        'flow:birth',
        '2026-03-01',
        { sex: '2', birthOrder: '1', motherAgeGroup: '25-29', birthPlace: 'hospital' },
        1,
      ),
      row('flow:marriage', '2026-03-01', { childMarriage: 'true', consanguineous: 'false' }, 1),
      row('population', '2026-03-01', { sex: '1' }, 40),
      row('population', '2026-03-01', { sex: '2' }, 42),
      row('population', '2026-02-01', { sex: '2' }, 1000), // the month before: not the end of March
    ]);
    const filled = fillReport(form, {
      catalogue,
      codeLists,
      period: reportPeriod(form, '2026-03'),
      unit: { code: 'x', level: 'commune', rows },
    });
    const byCode = new Map(filled.rows.map((r) => [r.code, r.values]));
    expect(byCode.get('1')).toEqual([82, 40, 42]);
    expect(byCode.get('4')).toEqual([3, 2, 1]);
    expect(byCode.get('4.1')).toEqual([2, 2, 0]);
    expect(byCode.get('4.2')).toEqual([2, 2, 0]);
    expect(byCode.get('4.3')).toEqual([2, 2, 0]);
    expect(byCode.get('8')).toEqual([1, null, null]);
    expect(byCode.get('8.1')).toEqual([1, null, null]);
    expect(byCode.get('5')).toEqual([0, 0, 0]);
  });

  it('fills a roll-up with one column per commune and the province total, and tells what changed', () => {
    const form = forms.get('DS-TINH-QUY') as ReportForm;
    const period = reportPeriod(form, '2026-Q1');
    const communeRows = (births: number, movesIn: number) =>
      rowsOf([
        row('flow:birth', '2026-02-01', { sex: '1' }, births),
        row('flow:move_in', '2026-02-01', { origin: 'same_province' }, movesIn),
      ]);
    const fill = (aBirths: number) =>
      fillReport(form, {
        catalogue,
        codeLists,
        period,
        unit: {
          code: '20',
          level: 'province',
          rows: rowsOf([
            row('flow:birth', '2026-02-01', { sex: '1' }, aBirths + 4),
            row('flow:move_in', '2026-02-01', { origin: 'same_province' }, 5),
            row('flow:move_in', '2026-03-01', { origin: 'other_province' }, 1),
          ]),
        },
        communes: [
          { code: '06001', name: 'Xã A', rows: communeRows(aBirths, 2) },
          { code: '06002', name: 'Xã B', rows: communeRows(4, 3) },
        ],
      });
    const filled = fill(3);
    expect(filled.columns.map((c) => c.vi)).toEqual(['Xã A', 'Xã B', 'Toàn tỉnh']);
    const byCode = new Map(filled.rows.map((r) => [r.code, r.values]));
    expect(byCode.get('4')).toEqual([3, 4, 7]);
    // A province counts only moves across its border.
    expect(byCode.get('9')).toEqual([2, 3, 1]);
    expect(reportDifferences(filled, fill(3))).toEqual([]);
    expect(reportDifferences(filled, fill(5))).toEqual([
      { row: '4', column: '06001', before: 3, after: 5 },
      { row: '4', column: 'total', before: 7, after: 9 },
      { row: '4.1', column: '06001', before: 3, after: 5 },
      { row: '4.1', column: 'total', before: 7, after: 9 },
    ]);
  });
});

describe('the reports workflow', () => {
  it('goes draft → submitted → approved → locked, or back when returned; province forms lock on submission', () => {
    expect(nextReportStatus('draft', 'submit', 'commune')).toBe('submitted');
    expect(nextReportStatus('submitted', 'return', 'commune')).toBe('returned');
    expect(nextReportStatus('returned', 'submit', 'commune')).toBe('submitted');
    expect(nextReportStatus('submitted', 'approve', 'commune')).toBe('approved');
    expect(nextReportStatus('approved', 'lock', 'commune')).toBe('locked');
    expect(nextReportStatus('locked', 'accept_revision', 'commune')).toBe('locked');
    expect(nextReportStatus('draft', 'submit', 'province')).toBe('locked');
    for (const [status, action] of [
      ['draft', 'approve'],
      ['locked', 'return'],
      ['submitted', 'submit'],
      ['submitted', 'accept_revision'],
      ['submitted', 'lock'],
    ] as const) {
      expect(() => nextReportStatus(status, action, 'commune'), `${action} when ${status}`).toThrow(
        DomainError,
      );
    }
  });

  it('sets deadlines in working days after the period and judges timeliness in Viet Nam time', () => {
    expect(addWorkingDays('2026-10-30', 5)).toBe('2026-11-06'); // Friday → next Friday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
    const forms = loadReportForms(defaultReportFormDefinitions, catalogue);
    const month = forms.get('DS-XA-THANG') as ReportForm;
    expect(reportDeadline(month, parsePeriod('2026-10'))).toBe('2026-11-06');
    expect(reportDeadline(forms.get('03-DSX') as ReportForm, parsePeriod('2025'))).toBe('2026-01-07');
    expect(submittedOnTime(new Date('2026-11-06T16:59:00Z'), '2026-11-06')).toBe(true);
    expect(submittedOnTime(new Date('2026-11-06T17:01:00Z'), '2026-11-06')).toBe(false); // 00:01 on the 7th
    expect(periodCodeOf('quarter', '2026-11')).toBe('2026-Q4');
    expect(endedPeriods(month, '2026', '2026-04-02')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(endedPeriods(forms.get('DS-TINH-QUY') as ReportForm, '2026', '2026-11-29')).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
    expect(() => reportPeriod(month, '2026-Q1')).toThrow(DomainError);
  });
});
