/**
 * The phone's outbox: every change the collaborator records, with where it stands. Pure — the storage and
 * the network are elsewhere; times are passed in.
 *
 *   waiting ──push acknowledged──▶ sent (the server has it; waiting for review)
 *      ▲                            ├─pull─▶ approved | rejected | conflict
 *      │                            └─pull─▶ returned (with the officer's reason)
 *      └──── corrected on the phone ◀────────┘   (then pushed again as a resubmission)
 *   waiting ──push refused──▶ refused (the server's error is shown; corrected and pushed again)
 *
 * A change leaves `waiting` only when the server has answered for that very change; anything else (no
 * network, a server error, an answer cut off) leaves it waiting, to be pushed again after a pause that grows
 * with each failed attempt. Pushing again is harmless: the server recognises a change by its id.
 */
import type { Change, ReviewStatus } from '@danso/domain';

export const outboxStates = [
  'waiting',
  'sent',
  'approved',
  'returned',
  'rejected',
  'conflict',
  'refused',
] as const;
export type OutboxState = (typeof outboxStates)[number];

export interface ServerError {
  code: string;
  message: string;
}

export interface OutboxEntry {
  id: string;
  /** The change as last recorded on the phone; null for a change known only from the server's list. */
  change: Change | null;
  type: string;
  householdId: string | null;
  personId: string | null;
  occurredOn: string;
  recordedAt: string;
  /** 'resubmit' once a returned change has been corrected on the phone. */
  op: 'submit' | 'resubmit';
  state: OutboxState;
  /** Failed push attempts since the last answer for this change. */
  attempts: number;
  /** Not pushed again before this time (ISO), after a failed attempt. */
  retryAfter: string | null;
  /** When the server acknowledged it (ISO). */
  acknowledgedAt: string | null;
  /** The officer's reason (returned, rejected). */
  reason: string | null;
  /** The server's refusal, or the last error met while pushing. */
  error: ServerError | null;
  /** What the server reported about a conflict, as it sent it. */
  conflict: unknown;
  /** The server's last update time of this change (ISO), so that an older answer never undoes a newer one. */
  serverUpdatedAt: string | null;
}

/** A newly recorded change: waiting to be pushed. */
export function newEntry(change: Change): OutboxEntry {
  return {
    id: change.id,
    change,
    type: change.type,
    householdId: change.householdId,
    personId: 'personId' in change && change.personId ? change.personId : null,
    occurredOn: change.occurredOn,
    recordedAt: change.recordedAt,
    op: 'submit',
    state: 'waiting',
    attempts: 0,
    retryAfter: null,
    acknowledgedAt: null,
    reason: null,
    error: null,
    conflict: null,
    serverUpdatedAt: null,
  };
}

/** Whether the collaborator may correct the change on the phone and send it again. */
export function canCorrect(entry: OutboxEntry): boolean {
  return (
    entry.state === 'returned' ||
    entry.state === 'refused' ||
    (entry.state === 'waiting' && entry.op === 'resubmit')
  );
}

/**
 * The corrected change replaces the recorded one under the same id. A returned change goes back as a
 * resubmission; a refused one never reached the register, so it is submitted again.
 */
export function correctEntry(entry: OutboxEntry, change: Change): OutboxEntry {
  if (change.id !== entry.id) throw new Error('A corrected change keeps its id');
  const op = entry.state === 'returned' || entry.op === 'resubmit' ? 'resubmit' : 'submit';
  return {
    ...entry,
    change,
    type: change.type,
    householdId: change.householdId,
    personId: 'personId' in change && change.personId ? change.personId : null,
    occurredOn: change.occurredOn,
    op,
    state: 'waiting',
    attempts: 0,
    retryAfter: null,
    error: null,
  };
}

/** The largest batch the server takes in one push. */
export const MAX_BATCH = 50;

/** Entries due to be pushed now, oldest first, at most `max`. */
export function dueForPush(entries: readonly OutboxEntry[], now: Date, max = MAX_BATCH): OutboxEntry[] {
  const at = now.toISOString();
  return entries
    .filter(
      (e) => e.state === 'waiting' && e.change !== null && (e.retryAfter === null || e.retryAfter <= at),
    )
    .sort((a, b) =>
      a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id < b.id ? -1 : 1,
    )
    .slice(0, max);
}

/** The pause before the n-th attempt after a failure: 5 s, 10 s, 20 s … at most 10 minutes. */
export function retryDelayMs(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(10 * 60_000, 5_000 * 2 ** (attempts - 1));
}

export type PushItem = { op: 'submit'; change: Change } | { op: 'resubmit'; id: string; change: Change };

export function pushItem(entry: OutboxEntry): PushItem {
  if (!entry.change) throw new Error('Only a recorded change can be pushed');
  return entry.op === 'resubmit'
    ? { op: 'resubmit', id: entry.id, change: entry.change }
    : { op: 'submit', change: entry.change };
}

export interface PushResult {
  id: string;
  outcome: 'accepted' | 'repeat' | 'refused';
  status?: ReviewStatus;
  error?: ServerError;
}

/** The local state of a change the server holds in `status`. */
export function stateOfStatus(status: ReviewStatus): OutboxState {
  switch (status) {
    case 'approved':
    case 'returned':
    case 'rejected':
    case 'conflict':
      return status;
    case 'draft':
    case 'submitted':
      return 'sent';
  }
}

/**
 * The entries after the server's answer to a push of `pushed`. Only the changes the answer names move on;
 * a pushed change the answer does not name (a cut-off answer) stays waiting, as if the push had failed.
 */
export function applyPushResults(
  pushed: readonly OutboxEntry[],
  results: readonly PushResult[],
  now: Date,
): OutboxEntry[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return pushed.map((entry) => {
    const result = byId.get(entry.id);
    if (!result) return failedAttempt(entry, now, { code: 'DANSO_ERR_NO_ANSWER', message: '' });
    if (result.outcome === 'refused') {
      return {
        ...entry,
        state: 'refused',
        attempts: 0,
        retryAfter: null,
        error: result.error ?? { code: 'DANSO_ERR_REFUSED', message: '' },
      };
    }
    return {
      ...entry,
      state: stateOfStatus(result.status ?? 'submitted'),
      attempts: 0,
      retryAfter: null,
      acknowledgedAt: now.toISOString(),
      error: null,
    };
  });
}

/** A push that got no usable answer: the entry waits, and is tried again after a growing pause. */
export function failedAttempt(entry: OutboxEntry, now: Date, error: ServerError | null): OutboxEntry {
  const attempts = entry.attempts + 1;
  return {
    ...entry,
    attempts,
    retryAfter: new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
    error,
  };
}

/** A change's fate as the server's pull reports it. */
export interface PulledChange {
  id: string;
  type: string;
  status: ReviewStatus;
  reason: string | null;
  conflict: unknown;
  occurredOn: string;
  recordedAt: string;
  updatedAt: string;
}

/**
 * The entry after a pull reported the change. A change corrected on the phone and not yet pushed keeps
 * its local state (the server's answer is about the old version); an older report never undoes a newer one.
 * A change the phone does not hold (recorded before the phone was wiped) is listed from the report alone.
 */
export function applyPulledChange(entry: OutboxEntry | undefined, pulled: PulledChange): OutboxEntry {
  if (!entry) {
    return {
      id: pulled.id,
      change: null,
      type: pulled.type,
      householdId: null,
      personId: null,
      occurredOn: pulled.occurredOn,
      recordedAt: pulled.recordedAt,
      op: 'submit',
      state: stateOfStatus(pulled.status),
      attempts: 0,
      retryAfter: null,
      acknowledgedAt: pulled.recordedAt,
      reason: pulled.reason,
      error: null,
      conflict: pulled.conflict,
      serverUpdatedAt: pulled.updatedAt,
    };
  }
  if (entry.state === 'waiting' || entry.state === 'refused') return entry;
  if (entry.serverUpdatedAt !== null && pulled.updatedAt < entry.serverUpdatedAt) return entry;
  return {
    ...entry,
    state: stateOfStatus(pulled.status),
    reason: pulled.reason,
    conflict: pulled.conflict,
    serverUpdatedAt: pulled.updatedAt,
    acknowledgedAt: entry.acknowledgedAt ?? pulled.recordedAt,
  };
}

/** What the phone tells the server is still waiting on it. */
export function waitingSummary(entries: readonly OutboxEntry[]): {
  count: number;
  oldestRecordedAt?: string;
} {
  const waiting = entries.filter((e) => e.state === 'waiting');
  if (waiting.length === 0) return { count: 0 };
  const oldest = waiting.map((e) => e.recordedAt).sort()[0] ?? '';
  return { count: waiting.length, oldestRecordedAt: oldest };
}

/** Counts by state, for the home screen. */
export function countByState(entries: readonly OutboxEntry[]): Record<OutboxState, number> {
  const counts = Object.fromEntries(outboxStates.map((s) => [s, 0])) as Record<OutboxState, number>;
  for (const e of entries) counts[e.state] += 1;
  return counts;
}
