import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { roles } from '../roles.ts';
import {
  canTransition,
  isFinalReviewStatus,
  nextReviewStatus,
  type ReviewAction,
  type ReviewActionType,
  type ReviewActorRole,
  type ReviewStatus,
  replayReview,
  reviewActionTypes,
  reviewStatus,
  reviewStatuses,
} from './review.ts';

const collaborator = (type: ReviewActionType, reason?: string): ReviewAction => ({
  type,
  by: 'u-collaborator',
  role: 'collaborator',
  at: '2026-03-02T09:00:00+07:00',
  ...(reason ? { reason } : {}),
});
const officer = (type: ReviewActionType, reason?: string): ReviewAction => ({
  ...collaborator(type, reason),
  by: 'u-officer',
  role: 'commune_officer',
});

describe('reviewStatus', () => {
  it('is draft with no actions', () => {
    expect(reviewStatus([])).toBe('draft');
  });

  it('follows submit → approve', () => {
    expect(reviewStatus([collaborator('submit')])).toBe('submitted');
    expect(reviewStatus([collaborator('submit'), officer('approve')])).toBe('approved');
  });

  it('keeps the officer’s reason while a change is returned, and clears it on resubmission', () => {
    const returned = [collaborator('submit'), officer('return', 'Sai ngày sinh của mẹ')];
    expect(replayReview(returned)).toMatchObject({
      status: 'returned',
      returnReason: 'Sai ngày sinh của mẹ',
    });
    const resubmitted = [...returned, collaborator('resubmit')];
    expect(replayReview(resubmitted)).toMatchObject({ status: 'submitted', returnReason: null });
    expect(reviewStatus([...resubmitted, officer('approve')])).toBe('approved');
  });

  it('ends in rejected, with the reason', () => {
    expect(
      replayReview([collaborator('submit'), officer('reject', 'Trùng với biến động đã duyệt')]),
    ).toMatchObject({
      status: 'rejected',
      rejectReason: 'Trùng với biến động đã duyệt',
    });
  });

  it('holds a conflict until the officer approves, returns, rejects or resolves it', () => {
    const conflict: ReviewAction[] = [
      collaborator('submit'),
      { type: 'flag_conflict', by: 'system', role: 'system', at: '2026-03-03T10:00:00Z' },
    ];
    expect(reviewStatus(conflict)).toBe('conflict');
    expect(reviewStatus([...conflict, officer('approve')])).toBe('approved');
    expect(reviewStatus([...conflict, officer('return', 'Người này đã chuyển đi')])).toBe('returned');
    expect(reviewStatus([...conflict, officer('reject', 'Đã ghi chết')])).toBe('rejected');
    expect(reviewStatus([...conflict, officer('resolve_conflict')])).toBe('submitted');
  });

  it('throws on an impossible log, naming the action', () => {
    const attempt = (actions: ReviewAction[]) => {
      try {
        reviewStatus(actions);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).details[0];
      }
      return undefined;
    };
    expect(attempt([officer('approve')])).toMatchObject({
      path: 'actions[0]',
      reason: 'impossible_transition',
    });
    expect(attempt([collaborator('submit'), officer('reject', 'x'), officer('approve')])).toMatchObject({
      path: 'actions[2]',
    });
    expect(attempt([collaborator('submit'), officer('return')])).toMatchObject({
      path: 'actions[1].reason',
      reason: 'reason_required',
    });
    expect(attempt([collaborator('submit'), officer('return', '   ')])?.reason).toBe('reason_required');
  });
});

describe('canTransition', () => {
  it('lets authors submit and resubmit their own changes', () => {
    expect(canTransition('draft', 'submit', 'collaborator', { isAuthor: true })).toBe(true);
    expect(canTransition('draft', 'submit', 'collaborator', { isAuthor: false })).toBe(false);
    expect(canTransition('draft', 'submit', 'collaborator')).toBe(false);
    expect(canTransition('returned', 'resubmit', 'collaborator', { isAuthor: true })).toBe(true);
    // Officers enter paper P0 sheets themselves.
    expect(canTransition('draft', 'submit', 'commune_officer', { isAuthor: true })).toBe(true);
    expect(canTransition('draft', 'submit', 'province_officer', { isAuthor: true })).toBe(false);
  });

  it('lets only commune officers review', () => {
    for (const action of ['approve', 'return', 'reject'] as const) {
      expect(canTransition('submitted', action, 'commune_officer')).toBe(true);
      expect(canTransition('submitted', action, 'collaborator', { isAuthor: true })).toBe(false);
      expect(canTransition('submitted', action, 'province_officer')).toBe(false);
      expect(canTransition('submitted', action, 'admin')).toBe(false);
      expect(canTransition('submitted', action, 'system')).toBe(false);
    }
    expect(canTransition('conflict', 'resolve_conflict', 'commune_officer')).toBe(true);
    expect(canTransition('conflict', 'resolve_conflict', 'system')).toBe(false);
    expect(canTransition('submitted', 'flag_conflict', 'system')).toBe(true);
    expect(canTransition('submitted', 'flag_conflict', 'collaborator', { isAuthor: true })).toBe(false);
  });

  it('refuses actions the status does not allow, whoever asks', () => {
    expect(canTransition('approved', 'return', 'commune_officer')).toBe(false);
    expect(canTransition('draft', 'approve', 'commune_officer')).toBe(false);
    expect(canTransition('submitted', 'resubmit', 'collaborator', { isAuthor: true })).toBe(false);
    expect(canTransition('returned', 'approve', 'commune_officer')).toBe(false);
  });

  it('approved and rejected are final', () => {
    expect(reviewStatuses.filter(isFinalReviewStatus)).toEqual(['approved', 'rejected']);
  });
});

const actorRoles: ReviewActorRole[] = [...roles, 'system'];
const attemptArb = fc.record({
  action: fc.constantFrom(...reviewActionTypes),
  role: fc.constantFrom(...actorRoles),
  isAuthor: fc.boolean(),
});

describe('properties', () => {
  it('whatever is attempted, only allowed actions enter the log, and rejected never becomes approved', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 40 }), (attempts) => {
        const log: ReviewAction[] = [];
        let status: ReviewStatus = 'draft';
        let rejected = false;
        for (const { action, role, isAuthor } of attempts) {
          if (!canTransition(status, action, role, { isAuthor })) continue;
          log.push({ type: action, role, by: role, at: '2026-03-02T09:00:00Z', reason: 'Lý do' });
          status = reviewStatus(log);
          expect(status).toBe(nextReviewStatus(reviewStatus(log.slice(0, -1)), action));
          if (status === 'rejected') rejected = true;
          if (rejected) expect(status).toBe('rejected');
        }
        expect(reviewStatus(log)).toBe(status);
      }),
    );
  });

  it('a log that reached rejected or approved accepts no further action', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReviewStatus>('approved', 'rejected'),
        attemptArb,
        (status, { action, role, isAuthor }) => {
          expect(canTransition(status, action, role, { isAuthor })).toBe(false);
        },
      ),
    );
  });

  it('any log replays to a status or throws a validation error, never anything else', () => {
    const actionArb = fc.record({
      type: fc.constantFrom(...reviewActionTypes),
      by: fc.constant('u'),
      role: fc.constantFrom(...actorRoles),
      at: fc.constant('2026-03-02T09:00:00Z'),
      reason: fc.option(fc.constantFrom('Lý do', ''), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 12 }), (actions) => {
        try {
          const status = reviewStatus(actions as ReviewAction[]);
          expect(reviewStatuses).toContain(status);
          // A valid log never passes through approved and then somewhere else.
          const index = actions.findIndex(
            (_, i) => reviewStatus(actions.slice(0, i + 1) as ReviewAction[]) === 'approved',
          );
          if (index >= 0) expect(index).toBe(actions.length - 1);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('DANSO_ERR_VALIDATION');
        }
      }),
    );
  });
});
