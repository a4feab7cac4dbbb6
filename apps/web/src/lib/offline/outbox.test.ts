import type { Change } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import {
  applyPulledChange,
  applyPushResults,
  canCorrect,
  correctEntry,
  dueForPush,
  failedAttempt,
  newEntry,
  pushItem,
  retryDelayMs,
  waitingSummary,
} from './outbox.ts';

const hex = (n: number) => n.toString(16).padStart(12, '0');
function death(n: number, recordedAt = new Date(Date.UTC(2026, 2, 1, 8, 0, n)).toISOString()): Change {
  return {
    id: `0190a000-0000-7000-8000-${hex(n)}`,
    type: 'death',
    householdId: '11111111-1111-4111-8111-111111111111',
    personId: '22222222-2222-4222-8222-222222222222',
    authorId: '33333333-3333-4333-8333-333333333333',
    occurredOn: '2026-02-28',
    recordedAt,
    baseVersion: 7,
    payload: {},
  };
}

const now = new Date('2026-03-02T10:00:00.000Z');

describe('the outbox', () => {
  it('pushes waiting changes oldest first, at most 50 at a time', () => {
    const entries = Array.from({ length: 120 }, (_, i) => newEntry(death(120 - i)));
    const due = dueForPush(entries, now);
    expect(due).toHaveLength(50);
    expect(due[0]?.id).toBe(death(1).id);
    expect(dueForPush(entries, now, 10)).toHaveLength(10);
  });

  it('keeps a change waiting until the server answers for it, then waits longer after each failure', () => {
    const entry = newEntry(death(1));
    const once = failedAttempt(entry, now, { code: 'DANSO_ERR_NETWORK', message: '' });
    expect(once.state).toBe('waiting');
    expect(once.retryAfter).toBe('2026-03-02T10:00:05.000Z');
    expect(dueForPush([once], now)).toHaveLength(0);
    expect(dueForPush([once], new Date('2026-03-02T10:00:05.000Z'))).toHaveLength(1);
    const twice = failedAttempt(once, now, null);
    expect(twice.retryAfter).toBe('2026-03-02T10:00:10.000Z');
    expect(retryDelayMs(30)).toBe(600_000);
  });

  it('marks as sent only the changes the answer names; the others wait', () => {
    const pushed = [newEntry(death(1)), newEntry(death(2)), newEntry(death(3))];
    const after = applyPushResults(
      pushed,
      [
        { id: death(1).id, outcome: 'accepted', status: 'submitted' },
        { id: death(2).id, outcome: 'refused', error: { code: 'DANSO_ERR_CHANGE_INVALID', message: 'Sai' } },
      ],
      now,
    );
    expect(after.map((e) => e.state)).toEqual(['sent', 'refused', 'waiting']);
    expect(after[0]?.acknowledgedAt).toBe(now.toISOString());
    expect(after[1]?.error?.code).toBe('DANSO_ERR_CHANGE_INVALID');
    expect(after[2]?.attempts).toBe(1);
  });

  it('takes the status a repeat reports, so a change approved meanwhile shows approved', () => {
    const [after] = applyPushResults(
      [newEntry(death(1))],
      [{ id: death(1).id, outcome: 'repeat', status: 'approved' }],
      now,
    );
    expect(after?.state).toBe('approved');
  });

  it('shows the officer’s reason on a returned change, and resends the correction as a resubmission', () => {
    const sent = { ...newEntry(death(1)), state: 'sent' as const };
    const returned = applyPulledChange(sent, {
      id: sent.id,
      type: 'death',
      status: 'returned',
      reason: 'Sai ngày chết',
      conflict: null,
      occurredOn: '2026-02-28',
      recordedAt: sent.recordedAt,
      updatedAt: '2026-03-03T00:00:00.000Z',
    });
    expect(returned.state).toBe('returned');
    expect(returned.reason).toBe('Sai ngày chết');
    expect(canCorrect(returned)).toBe(true);
    const corrected = correctEntry(returned, { ...death(1), occurredOn: '2026-02-27' } as Change);
    expect(corrected.state).toBe('waiting');
    expect(pushItem(corrected)).toMatchObject({ op: 'resubmit', id: sent.id });
    // The server still says "returned" until the correction is pushed: the correction keeps waiting.
    const stale = applyPulledChange(corrected, {
      id: sent.id,
      type: 'death',
      status: 'returned',
      reason: 'Sai ngày chết',
      conflict: null,
      occurredOn: '2026-02-28',
      recordedAt: sent.recordedAt,
      updatedAt: '2026-03-03T00:00:00.000Z',
    });
    expect(stale.state).toBe('waiting');
    expect(() => correctEntry(returned, death(2))).toThrow();
  });

  it('never lets an older report undo a newer one', () => {
    const approved = {
      ...newEntry(death(1)),
      state: 'approved' as const,
      serverUpdatedAt: '2026-03-05T00:00:00Z',
    };
    const older = applyPulledChange(approved, {
      id: approved.id,
      type: 'death',
      status: 'submitted',
      reason: null,
      conflict: null,
      occurredOn: '2026-02-28',
      recordedAt: approved.recordedAt,
      updatedAt: '2026-03-04T00:00:00Z',
    });
    expect(older.state).toBe('approved');
  });

  it('reports how many changes wait on the phone and since when', () => {
    const entries = [
      newEntry(death(5)),
      { ...newEntry(death(1)), state: 'sent' as const },
      newEntry(death(3)),
    ];
    expect(waitingSummary(entries)).toEqual({ count: 2, oldestRecordedAt: death(3).recordedAt });
    expect(waitingSummary([])).toEqual({ count: 0 });
  });
});
