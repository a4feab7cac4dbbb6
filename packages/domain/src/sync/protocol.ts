/**
 * The sync protocol between the collaborator's phone and the server (docs/sync.md): the shapes of a push and
 * a pull, their limits, and how the phone rebuilds register snapshots from pulled rows so that it runs the
 * same validation rules and duplicate checks as the server.
 */
import type { Change } from '../register/changes.ts';
import type { HouseholdSnapshot, PersonSnapshot } from '../register/snapshot.ts';

/** At most this many items in one push; a bigger batch is refused whole. */
export const SYNC_PUSH_MAX_ITEMS = 50;
export const SYNC_PULL_DEFAULT_LIMIT = 500;
export const SYNC_PULL_MAX_LIMIT = 1000;

export type PushItem =
  | { op: 'submit'; change: Change }
  /** The corrected content of a returned change, under the same id. */
  | { op: 'resubmit'; id: string; change: Change };

export interface PushRequest {
  deviceId: string;
  items: PushItem[];
  /** What is still on the phone, not yet sent (after this batch). */
  waiting?: { count: number; oldestRecordedAt?: string };
}

/**
 * - `accepted`: applied by this push;
 * - `repeat`: already applied by an earlier push (same id and content); `status` is where it stands now;
 * - `refused`: not applied; `error` says why. Refusals are final for that content: do not resend it unchanged.
 */
export type PushOutcome = 'accepted' | 'repeat' | 'refused';

export type SyncChangeStatus = 'submitted' | 'approved' | 'returned' | 'rejected' | 'conflict';

export interface PushResult {
  id: string;
  outcome: PushOutcome;
  status?: SyncChangeStatus;
  error?: { code: string; message: string; details?: { path?: string; reason: string; message?: string }[] };
}

export interface PushResponse {
  results: PushResult[];
  serverTime: string;
}

/** True when an item has been acknowledged: the phone may forget sending it. */
export function isAcknowledged(result: PushResult): boolean {
  return result.outcome === 'accepted' || result.outcome === 'repeat';
}

export interface SyncArea {
  id: string;
  code: string;
  name: string;
  communeCode: string;
  communeName: string;
}

/** A household page as pulled: the rules' snapshot without its members (they come in `people`). */
export interface SyncHousehold extends Omit<HouseholdSnapshot, 'members'> {
  code: string;
  number: number;
  address: string | null;
  hamletId: string | null;
  createdOn: string;
  closedOn: string | null;
  /** The register version that last changed the household: a change recorded on the phone bases on it. */
  version: number;
}

/** A person as pulled: the rules' snapshot plus where the row sits and the mother's id. */
export interface SyncPerson extends PersonSnapshot {
  areaId: string;
  rowNumber: number;
  /** The mother's person id when the register knows it (living children are counted from it). */
  motherId: string | null;
  version: number;
}

export interface SyncChangeState {
  id: string;
  type: string;
  status: SyncChangeStatus;
  /** The officer's reason when returned or rejected. */
  reason: string | null;
  conflict: unknown | null;
  occurredOn: string;
  recordedAt: string;
  updatedAt: string;
}

export interface PullResponse {
  cursor: string;
  more: boolean;
  /** True when this answer (and its following pages) is the full state: drop local rows not sent in it. */
  full: boolean;
  areas: SyncArea[];
  /** Areas no longer hers: drop their households and people. */
  removedAreaIds: string[];
  households: SyncHousehold[];
  people: SyncPerson[];
  removedHouseholdIds: string[];
  removedPersonIds: string[];
  changes: SyncChangeState[];
  serverTime: string;
}

/**
 * The register snapshot of one household for the validation rules, rebuilt from pulled rows: its members are
 * the people whose householdId is the household's (the dead and the departed included, as on the page),
 * in row order.
 */
export function householdSnapshotOf(
  household: SyncHousehold,
  people: Iterable<SyncPerson>,
): HouseholdSnapshot {
  const members = [...people]
    .filter((p) => p.householdId === household.id)
    .sort((a, b) => a.rowNumber - b.rowNumber);
  const {
    code: _c,
    number: _n,
    address: _a,
    hamletId: _h,
    createdOn: _o,
    closedOn: _x,
    version: _v,
    ...rest
  } = household;
  return { ...rest, members };
}

/**
 * Living children of each woman, counted from the pulled people (alive, not merged, motherId set), for the
 * rules' `livingChildren` after local changes: the pulled value is as of the time the mother's row was sent.
 */
export function livingChildrenByMother(people: Iterable<SyncPerson>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of people) {
    if (p.motherId && p.vitalStatus === 'alive') counts.set(p.motherId, (counts.get(p.motherId) ?? 0) + 1);
  }
  return counts;
}
