/**
 * Review of a change (DESIGN.md §2.3). As in OpenCRVS, the status is a pure function of the append-only list
 * of review actions, so the phone and the server always agree on it:
 *
 *   draft ─submit→ submitted ─approve→ approved
 *                     │  ├──return (reason)→ returned ─resubmit→ submitted
 *                     │  ├──reject (reason)→ rejected
 *                     │  └──flag_conflict→ conflict ─approve | return | reject | resolve_conflict→ …
 *
 * `approved` and `rejected` are final: a wrong approved change is fixed by a correction change.
 * A conflict (the change contradicts the register at approval time) waits in the inbox with both versions;
 * `resolve_conflict` sends it back to `submitted` once the register has been put right.
 */
import { DomainError } from '../errors.ts';
import type { Role } from '../roles.ts';

export const reviewStatuses = ['draft', 'submitted', 'returned', 'approved', 'rejected', 'conflict'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviewActionTypes = [
  'submit',
  'resubmit',
  'approve',
  'return',
  'reject',
  'flag_conflict',
  'resolve_conflict',
] as const;
export type ReviewActionType = (typeof reviewActionTypes)[number];

/** Who acts: a user's role, or the server itself (it flags conflicts it finds when approving). */
export type ReviewActorRole = Role | 'system';

export interface ReviewAction {
  type: ReviewActionType;
  /** User id, or 'system'. */
  by: string;
  role: ReviewActorRole;
  /** ISO timestamp. */
  at: string;
  /** Required for return and reject: the officer's reason, shown on the device. */
  reason?: string;
}

export const reviewStatusLabels: Record<ReviewStatus, { vi: string; en: string }> = {
  draft: { vi: 'Nháp', en: 'Draft' },
  submitted: { vi: 'Đã gửi', en: 'Submitted' },
  returned: { vi: 'Trả lại', en: 'Returned' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  rejected: { vi: 'Từ chối', en: 'Rejected' },
  conflict: { vi: 'Xung đột', en: 'Conflict' },
};

export const reviewActionLabels: Record<ReviewActionType, { vi: string; en: string }> = {
  submit: { vi: 'Gửi', en: 'Submit' },
  resubmit: { vi: 'Gửi lại', en: 'Resubmit' },
  approve: { vi: 'Duyệt', en: 'Approve' },
  return: { vi: 'Trả lại', en: 'Return' },
  reject: { vi: 'Từ chối', en: 'Reject' },
  flag_conflict: { vi: 'Đánh dấu xung đột', en: 'Flag a conflict' },
  resolve_conflict: { vi: 'Đã xử lý xung đột', en: 'Conflict resolved' },
};

/** The status an action leads to from `status`, or null when the action is not possible there. */
export function nextReviewStatus(status: ReviewStatus, action: ReviewActionType): ReviewStatus | null {
  switch (action) {
    case 'submit':
      return status === 'draft' ? 'submitted' : null;
    case 'resubmit':
      return status === 'returned' ? 'submitted' : null;
    case 'approve':
      return status === 'submitted' || status === 'conflict' ? 'approved' : null;
    case 'return':
      return status === 'submitted' || status === 'conflict' ? 'returned' : null;
    case 'reject':
      return status === 'submitted' || status === 'conflict' ? 'rejected' : null;
    case 'flag_conflict':
      return status === 'submitted' ? 'conflict' : null;
    case 'resolve_conflict':
      return status === 'conflict' ? 'submitted' : null;
  }
}

/** Whether a role may take an action at all: authors submit their own; commune officers review. */
function roleMayAct(action: ReviewActionType, role: ReviewActorRole, isAuthor: boolean): boolean {
  switch (action) {
    case 'submit':
    case 'resubmit':
      // Officers also enter paper P0 sheets, so they submit changes they authored.
      return isAuthor && (role === 'collaborator' || role === 'commune_officer');
    case 'approve':
    case 'return':
    case 'reject':
    case 'resolve_conflict':
      return role === 'commune_officer';
    case 'flag_conflict':
      return role === 'commune_officer' || role === 'system';
  }
}

/** Whether `role` (the change's author or not) may take `action` on a change in `status`. */
export function canTransition(
  status: ReviewStatus,
  action: ReviewActionType,
  role: ReviewActorRole,
  options: { isAuthor: boolean } = { isAuthor: false },
): boolean {
  return nextReviewStatus(status, action) !== null && roleMayAct(action, role, options.isAuthor);
}

export function actionNeedsReason(action: ReviewActionType): boolean {
  switch (action) {
    case 'return':
    case 'reject':
      return true;
    case 'submit':
    case 'resubmit':
    case 'approve':
    case 'flag_conflict':
    case 'resolve_conflict':
      return false;
  }
}

export interface ReviewState {
  status: ReviewStatus;
  /** The reason of the last return while the change is returned, else null. */
  returnReason: string | null;
  /** The reason of the rejection, else null. */
  rejectReason: string | null;
  /** The last action, or null for a draft. */
  lastAction: ReviewAction | null;
}

/**
 * Replays the log. An action that is impossible from the status reached, or a return or rejection without a
 * reason, means the log was written without `canTransition`: that is a defect, so it throws rather than
 * guessing (`DANSO_ERR_VALIDATION` naming the action's index).
 */
export function replayReview(actions: readonly ReviewAction[]): ReviewState {
  let state: ReviewState = { status: 'draft', returnReason: null, rejectReason: null, lastAction: null };
  actions.forEach((action, index) => {
    const next = nextReviewStatus(state.status, action.type);
    if (next === null) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        {
          path: `actions[${index}]`,
          reason: 'impossible_transition',
          message: `${action.type} from ${state.status}`,
        },
      ]);
    }
    const reason = action.reason?.trim() ?? '';
    if (actionNeedsReason(action.type) && reason === '') {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: `actions[${index}].reason`, reason: 'reason_required' },
      ]);
    }
    state = {
      status: next,
      returnReason: action.type === 'return' ? reason : null,
      rejectReason: action.type === 'reject' ? reason : null,
      lastAction: action,
    };
  });
  return state;
}

export function reviewStatus(actions: readonly ReviewAction[]): ReviewStatus {
  return replayReview(actions).status;
}

/** Final statuses: nothing more can happen to the change itself. */
export function isFinalReviewStatus(status: ReviewStatus): boolean {
  return reviewActionTypes.every((action) => nextReviewStatus(status, action) === null);
}
