/**
 * One sync of the phone with the server: push the outbox in batches, then pull the register and the fate of
 * her changes until the server has nothing more. Each step is written to the local database before the next
 * one starts, so a sync cut off anywhere (network gone, tab closed) resumes where it stopped and never sends
 * or applies anything twice to any effect.
 */
import { ApiError, isApiError } from '../api-client.ts';
import type { LocalArea, LocalDb, LocalHousehold, LocalPerson } from './local-db.ts';
import {
  applyPulledChange,
  applyPushResults,
  dueForPush,
  failedAttempt,
  MAX_BATCH,
  type OutboxEntry,
  type PulledChange,
  type PushItem,
  type PushResult,
  pushItem,
  waitingSummary,
} from './outbox.ts';

export interface PushBody {
  deviceId: string;
  items: PushItem[];
  waiting: { count: number; oldestRecordedAt?: string };
}

export interface PullAnswer {
  cursor: string;
  more: boolean;
  full: boolean;
  areas: LocalArea[];
  removedAreaIds: string[];
  households: LocalHousehold[];
  people: LocalPerson[];
  removedHouseholdIds: string[];
  removedPersonIds: string[];
  changes: PulledChange[];
}

export interface SyncApi {
  push(body: PushBody): Promise<{ results: PushResult[]; serverTime: string }>;
  pull(query: { cursor?: string; limit: number }): Promise<PullAnswer>;
}

/** Why a sync stopped before the end: no network, the session ended, or the server failed. */
export type SyncStop = 'offline' | 'session' | 'server';

export interface SyncReport {
  /** Changes the server answered for (accepted, repeated or refused). */
  answered: number;
  refused: number;
  pulledPages: number;
  stoppedBy: SyncStop | null;
  error: ApiError | null;
  /** The server was reached at least once. */
  reachedServer: boolean;
}

export interface SyncOptions {
  now?: () => Date;
  batchSize?: number;
  pullLimit?: number;
  makeId: () => string;
  /** Progress for the screen: what the sync is doing now. */
  onProgress?: (step: { phase: 'push' | 'pull'; done: number }) => void;
}

function stopOf(error: unknown): SyncStop {
  if (!isApiError(error)) return 'server';
  if (error.status === 0) return 'offline';
  if (error.status === 401) return 'session';
  return 'server';
}

function asApiError(error: unknown): ApiError {
  return isApiError(error) ? error : new ApiError(0, 'DANSO_ERR_UNEXPECTED', null);
}

const sameChange = (a: OutboxEntry, b: OutboxEntry) => JSON.stringify(a.change) === JSON.stringify(b.change);

/** Pushes every change due, batch after batch. Stops at the first batch that gets no answer. */
async function pushOutbox(
  db: LocalDb,
  api: SyncApi,
  options: Required<Pick<SyncOptions, 'now' | 'batchSize' | 'makeId'>> & SyncOptions,
  report: SyncReport,
): Promise<boolean> {
  const deviceId = await db.deviceId(options.makeId);
  for (;;) {
    const entries = await db.outbox();
    const batch = dueForPush(entries, options.now(), Math.min(options.batchSize, MAX_BATCH));
    if (batch.length === 0) return true;
    let answer: { results: PushResult[] };
    try {
      answer = await api.push({ deviceId, items: batch.map(pushItem), waiting: waitingSummary(entries) });
    } catch (error) {
      const apiError = asApiError(error);
      report.stoppedBy = stopOf(error);
      report.error = apiError;
      // No network: nothing reached the server, so nothing to slow down; the changes go as soon as it returns.
      if (apiError.status === 0) return false;
      report.reachedServer = true;
      const failed = new Map(
        batch.map((e) => [
          e.id,
          failedAttempt(e, options.now(), { code: apiError.code, message: apiError.serverMessage ?? '' }),
        ]),
      );
      await db.updateEntries([...failed.keys()], (current, id) => {
        const pushed = batch.find((e) => e.id === id);
        const next = failed.get(id);
        // Corrected meanwhile: the new version is due as it is.
        return current && pushed && next && sameChange(current, pushed) ? next : null;
      });
      return false;
    }
    report.reachedServer = true;
    const applied = new Map(applyPushResults(batch, answer.results, options.now()).map((e) => [e.id, e]));
    await db.updateEntries([...applied.keys()], (current, id) => {
      const pushed = batch.find((e) => e.id === id);
      const next = applied.get(id);
      if (!current || !pushed || !next) return null;
      // The answer is about the version that was pushed; a version corrected since then still waits.
      return sameChange(current, pushed) ? next : null;
    });
    const ids = new Set(batch.map((e) => e.id));
    const named = answer.results.filter((r) => ids.has(r.id));
    report.answered += named.length;
    report.refused += named.filter((r) => r.outcome === 'refused').length;
    options.onProgress?.({ phase: 'push', done: report.answered });
  }
}

/** Pulls until the server says there is no more. A full answer (the first pull) rebuilds the book. */
async function pullRegister(
  db: LocalDb,
  api: SyncApi,
  options: SyncOptions & { pullLimit: number },
  report: SyncReport,
): Promise<boolean> {
  for (;;) {
    const cursor = await db.getMeta('cursor');
    let answer: PullAnswer;
    try {
      answer = await api.pull({ ...(cursor ? { cursor } : {}), limit: options.pullLimit });
    } catch (error) {
      const apiError = asApiError(error);
      report.stoppedBy = stopOf(error);
      report.error = apiError;
      if (apiError.status !== 0) report.reachedServer = true;
      return false;
    }
    report.reachedServer = true;
    await db.applyRegisterPage(answer, { cursor: answer.cursor, more: answer.more });
    const pulled = new Map(answer.changes.map((c) => [c.id, c]));
    await db.updateEntries([...pulled.keys()], (current, id) => {
      const change = pulled.get(id);
      return change ? applyPulledChange(current, change) : null;
    });
    report.pulledPages += 1;
    options.onProgress?.({ phase: 'pull', done: report.pulledPages });
    if (!answer.more) return true;
  }
}

export async function runSync(db: LocalDb, api: SyncApi, options: SyncOptions): Promise<SyncReport> {
  const resolved = {
    ...options,
    now: options.now ?? (() => new Date()),
    batchSize: options.batchSize ?? MAX_BATCH,
    pullLimit: options.pullLimit ?? 500,
  };
  const report: SyncReport = {
    answered: 0,
    refused: 0,
    pulledPages: 0,
    stoppedBy: null,
    error: null,
    reachedServer: false,
  };
  // A session that ended stops everything; without network, nothing more can be done either.
  const pushed = await pushOutbox(db, api, resolved, report);
  if (!pushed && report.stoppedBy !== 'server') return report;
  const pulled = await pullRegister(db, api, resolved, report);
  if (pushed && pulled) await db.setMeta('lastSyncAt', resolved.now().toISOString());
  return report;
}
