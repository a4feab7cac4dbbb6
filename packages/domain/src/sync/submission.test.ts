import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../signing.ts';
import {
  buildMonthSubmission,
  isOnTime,
  localMonthBounds,
  localMonthOf,
  monthSubmissionProblems,
  submissionDeadline,
} from './submission.ts';

const ids = [
  '0190a000-0000-7000-8000-000000000003',
  '0190a000-0000-7000-8000-000000000001',
  '0190a000-0000-7000-8000-000000000002',
];

describe('the month submission', () => {
  it('is due at the end of the 3rd of the next month, Viet Nam time, or of the configured day', () => {
    expect(submissionDeadline('2026-01')).toEqual({
      dueDate: '2026-02-03',
      deadline: '2026-02-03T17:00:00.000Z',
    });
    expect(submissionDeadline('2026-12', { dueDay: 5 })).toEqual({
      dueDate: '2027-01-05',
      deadline: '2027-01-05T17:00:00.000Z',
    });
    expect(isOnTime('2026-01', '2026-02-03T16:59:59.999Z')).toBe(true);
    expect(isOnTime('2026-01', '2026-02-03T17:00:00.000Z')).toBe(false);
    expect(() => submissionDeadline('2026-13')).toThrow();
    expect(() => submissionDeadline('2026-01', { dueDay: 29 })).toThrow();
  });

  it('puts a change recorded just after local midnight into the new month', () => {
    expect(localMonthOf('2026-01-31T16:59:59Z')).toBe('2026-01');
    expect(localMonthOf('2026-01-31T17:00:00Z')).toBe('2026-02');
    expect(localMonthBounds('2026-02')).toEqual({
      from: '2026-01-31T17:00:00.000Z',
      to: '2026-02-28T17:00:00.000Z',
    });
  });

  it('builds the same document whatever the order of the changes, and it checks against their types', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ids, { minLength: 3, maxLength: 3 }), (order) => {
        const doc = buildMonthSubmission({
          month: '2026-03',
          userId: 'u',
          areaIds: ['b', 'a', 'b'],
          changes: order
            .map((id, i) => ({ id, type: i === 0 ? ('death' as const) : ('birth' as const) }))
            .concat({ id: order[0] as string, type: 'death' as const }),
          submittedAt: '2026-04-01T01:00:00.000Z',
        });
        expect(doc.changeIds).toEqual([...ids].sort());
        expect(doc.areaIds).toEqual(['a', 'b']);
        expect(Object.values(doc.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(3);
        const types = new Map(order.map((id, i) => [id, i === 0 ? ('death' as const) : ('birth' as const)]));
        expect(monthSubmissionProblems(doc, (id) => types.get(id))).toEqual([]);
        return canonicalJson(doc).includes('"counts":{"birth":2,"death":1}');
      }),
    );
  });

  it('finds wrong counts, unsorted and repeated ids', () => {
    const doc = buildMonthSubmission({
      month: '2026-03',
      userId: 'u',
      areaIds: ['a'],
      changes: ids.map((id) => ({ id, type: 'birth' })),
      submittedAt: '2026-04-01T01:00:00.000Z',
    });
    const problems = monthSubmissionProblems(
      { ...doc, changeIds: [ids[0] as string, ids[0] as string, ids[1] as string], counts: { birth: 2 } },
      () => 'birth',
    );
    expect(problems.map((p) => p.code)).toEqual(['duplicate_id', 'not_sorted']);
    expect(monthSubmissionProblems({ ...doc, counts: { birth: 2 } }, () => 'birth')).toEqual([
      { code: 'counts_mismatch', path: 'counts', type: 'birth', expected: 3, found: 2 },
    ]);
  });
});
