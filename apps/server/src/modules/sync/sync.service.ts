import {
  type Actor,
  assertAllowed,
  type Change,
  DomainError,
  errorMessage,
  type PlaceScope,
  type PullResponse,
  type PushResult,
  parseChange,
  SYNC_PUSH_MAX_ITEMS,
  type SyncChangeState,
  type SyncChangeStatus,
  type SyncHousehold,
  type SyncPerson,
} from '@danso/domain';
import { sql } from 'kysely';
import { applyScope, type Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type ChangesService, changeHash } from '../changes/changes.service.ts';
import {
  afterKey,
  areasKey,
  decodeCursor,
  encodeCursor,
  PHASES,
  type PullCursor,
  sameAreas,
} from './sync.cursor.ts';
import {
  areasOf,
  changesPage,
  collaboratorsOf,
  communeAreaIds,
  currentSnapshot,
  departures,
  devicesOf,
  householdsPage,
  isValidSnapshot,
  type PullWindow,
  peoplePage,
  recordDeviceSync,
} from './sync.repository.ts';

/** On a first pull, changes decided within this many days are sent beside the open ones. */
const RECENT_DECISION_DAYS = 62;

export type PushItemInput =
  | { op: 'submit'; change: unknown }
  | { op: 'resubmit'; id: string; change: unknown };

const statusOf = (status: string): SyncChangeStatus =>
  (status === 'draft' ? 'submitted' : status) as SyncChangeStatus;

function refused(id: string, error: unknown): PushResult {
  if (!(error instanceof DomainError)) throw error;
  // A change that does not parse, or names another author, is invalid like one that breaks a rule.
  const code = error.code === 'DANSO_ERR_VALIDATION' ? 'DANSO_ERR_CHANGE_INVALID' : error.code;
  return {
    id,
    outcome: 'refused',
    error: {
      code,
      message: errorMessage(code),
      ...(error.details.length > 0 ? { details: error.details.slice(0, 50) } : {}),
    },
  };
}

function itemId(item: PushItemInput): string {
  if (item.op === 'resubmit') return item.id;
  const change = item.change as { id?: unknown } | null;
  return typeof change?.id === 'string' ? change.id : '';
}

/** Where the caller's device stands: a province and commune, and the areas it holds. */
interface Holding {
  provinceCode: string;
  communeCode: string | null;
  areaIds: string[];
}

/**
 * The phone's side of the register: pushes of changes (each item on its own, idempotent on the change id)
 * and pulls of the register of the caller's areas and the fate of her changes since a cursor.
 */
export class SyncService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly changes: ChangesService,
  ) {}

  async push(
    actor: Actor,
    input: {
      deviceId: string;
      items: PushItemInput[];
      waiting?: { count: number; oldestRecordedAt?: string };
    },
  ): Promise<{ results: PushResult[]; serverTime: string }> {
    assertAllowed(actor, 'personal.write');
    if (input.items.length < 1 || input.items.length > SYNC_PUSH_MAX_ITEMS) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'items', reason: `1..${SYNC_PUSH_MAX_ITEMS}` }]);
    }
    const results: PushResult[] = [];
    // The new changes of a batch are recorded together, the corrections of returned ones one by one; either
    // way each item has its own answer, and a refusal never undoes another item.
    for (let start = 0; start < input.items.length; ) {
      const item = input.items[start] as PushItemInput;
      if (item.op === 'resubmit') {
        results.push(await this.resubmitOne(actor, item));
        start += 1;
        continue;
      }
      let end = start;
      while (end < input.items.length && input.items[end]?.op === 'submit') end += 1;
      const run = input.items.slice(start, end) as Extract<PushItemInput, { op: 'submit' }>[];
      results.push(
        ...(await this.submitAll(
          actor,
          run.map((i) => i.change),
        )),
      );
      start = end;
    }
    const accepted = results.filter((r) => r.outcome === 'accepted').length;
    await recordDeviceSync(this.database.db, {
      userId: actor.userId,
      deviceId: input.deviceId,
      ...holdingOf(actor.scope),
      kind: 'push',
      pushedItems: accepted,
      waiting: input.waiting,
    });
    return { results, serverTime: new Date().toISOString() };
  }

  /**
   * New changes, recorded together. The same change sent twice at once (a batch sent again before its answer
   * came back) needs no second try: the later insert waits for the first to commit, then finds it.
   */
  private async submitAll(actor: Actor, changes: unknown[]): Promise<PushResult[]> {
    const outcomes = await this.changes.submitMany(actor, changes);
    return outcomes.map((outcome, i) =>
      outcome.ok
        ? {
            id: outcome.change.id,
            outcome: outcome.replay ? 'repeat' : 'accepted',
            status: statusOf(outcome.change.status),
          }
        : refused(itemId({ op: 'submit', change: changes[i] }), outcome.error),
    );
  }

  /**
   * The corrected content of a returned change. Sent again after it was taken (the answer was lost), it is a
   * repeat: the change's current content is the same.
   */
  private async resubmitOne(actor: Actor, item: { id: string; change: unknown }): Promise<PushResult> {
    const change = item.change as { id?: unknown } | null;
    if (change?.id !== item.id) {
      return refused(
        item.id,
        new DomainError('DANSO_ERR_VALIDATION', [{ path: 'change.id', reason: 'must_equal_item_id' }]),
      );
    }
    try {
      const view = await this.changes.review(actor, item.id, { action: 'resubmit', change: item.change });
      return { id: item.id, outcome: 'accepted', status: statusOf(view.status) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DANSO_ERR_REVIEW_NOT_ALLOWED') {
        const current = await this.changes.get(actor, item.id).catch(() => null);
        if (
          current &&
          current.change.authorId === actor.userId &&
          sameContent(current.change.change, item.change)
        ) {
          return { id: item.id, outcome: 'repeat', status: statusOf(current.change.status) };
        }
      }
      return refused(item.id, error);
    }
  }

  /** What the caller's device holds: her areas, or (an officer) the areas of a commune in her scope. */
  private async holding(actor: Actor, communeCode: string | undefined): Promise<Holding> {
    assertAllowed(actor, 'personal.read');
    const scope = actor.scope;
    switch (scope.kind) {
      case 'areas':
        if (communeCode && communeCode !== scope.communeCode) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
        return {
          provinceCode: scope.provinceCode,
          communeCode: scope.communeCode,
          areaIds: [...scope.areaIds].sort(),
        };
      case 'commune': {
        if (communeCode && communeCode !== scope.communeCode) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
        const areaIds = await this.database.scoped(scope, (trx) => communeAreaIds(trx, scope.communeCode));
        return { provinceCode: scope.provinceCode, communeCode: scope.communeCode, areaIds };
      }
      case 'province': {
        if (!communeCode) {
          throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'communeCode', reason: 'required' }]);
        }
        const areaIds = await this.database.scoped(scope, (trx) => communeAreaIds(trx, communeCode));
        if (areaIds.length === 0) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
        return { provinceCode: scope.provinceCode, communeCode, areaIds };
      }
      case 'national':
        throw new DomainError('DANSO_ERR_FORBIDDEN');
    }
  }

  /**
   * One page of the register the caller's device holds. Without a cursor: the whole of it, page by page;
   * with the cursor of a finished pull: only what changed since. Read in one repeatable-read transaction, so
   * the snapshot the next cursor names is exactly the one the rows were read in.
   */
  async pull(
    actor: Actor,
    input: { cursor?: string; limit: number; communeCode?: string; deviceId?: string },
  ): Promise<PullResponse> {
    const holding = await this.holding(actor, input.communeCode);
    const current = holding.areaIds;
    const given = input.cursor ? decodeCursor(input.cursor) : null;

    const response = await this.database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await applyScope(trx, actor.scope);
        for (const s of [given?.s, given?.u]) {
          if (s && !(await isValidSnapshot(trx, s))) throw decodeCursorError();
        }
        let cursor: PullCursor;
        let removedAreaIds: string[] = [];
        let removed = { households: [] as string[], people: [] as string[] };
        const key = areasKey(current);
        if (given?.u) {
          cursor = given; // a pull going on over pages
        } else {
          const since = given?.s ?? null;
          let fresh: string[] = [];
          let restart = since === null;
          if (given && !sameAreas(given.a, key)) {
            if ('ids' in given.a) {
              const held = new Set(given.a.ids);
              fresh = current.filter((a) => !held.has(a));
              removedAreaIds = given.a.ids.filter((a) => !current.includes(a));
            } else restart = true;
          }
          const snapshot = await currentSnapshot(trx);
          cursor = { s: restart ? null : since, u: snapshot, a: key, n: restart ? [] : fresh, p: 0, k: '' };
          if (cursor.s) {
            const kept = current.filter((a) => !fresh.includes(a));
            removed = await departures(trx, kept, current, cursor.s);
          }
        }
        const fresh = new Set(cursor.n);
        const window: PullWindow =
          cursor.s === null
            ? { fullAreas: current, deltaAreas: [], since: null }
            : {
                fullAreas: current.filter((a) => fresh.has(a)),
                deltaAreas: current.filter((a) => !fresh.has(a)),
                since: cursor.s,
              };

        let budget = input.limit;
        let phase = cursor.p;
        let after = afterKey(cursor);
        let more = false;
        const households: SyncHousehold[] = [];
        const people: SyncPerson[] = [];
        const changes: SyncChangeState[] = [];
        const mergedPeople: string[] = [];
        while (phase < PHASES.length && !more) {
          let last: string | null = null;
          let read = 0;
          if (PHASES[phase] === 'households') {
            const rows = await householdsPage(trx, window, after, budget);
            households.push(...rows);
            read = rows.length;
            last = rows.at(-1)?.id ?? null;
          } else if (PHASES[phase] === 'people') {
            const page = await peoplePage(trx, window, after, budget);
            people.push(...page.people);
            mergedPeople.push(...page.merged);
            read = page.count;
            last = page.lastId;
          } else {
            const rows = await changesPage(trx, actor.userId, cursor.s, after, budget, RECENT_DECISION_DAYS);
            changes.push(...rows);
            read = rows.length;
            last = rows.at(-1)?.id ?? null;
          }
          budget -= read;
          if (budget <= 0 && last) {
            more = true;
            after = last;
          } else {
            phase += 1;
            after = afterKey({ ...cursor, k: '' });
          }
        }
        const next: PullCursor = more
          ? { ...cursor, p: phase, k: after }
          : { s: cursor.u, u: null, a: cursor.a, n: [], p: 0, k: '' };

        await this.audit.record(
          {
            action: 'sync.pull',
            actorUserId: actor.userId,
            actorRole: actor.role,
            objectType: holding.communeCode ? 'commune' : 'province',
            objectId: holding.communeCode ?? holding.provinceCode,
            placeCode: holding.communeCode ?? holding.provinceCode,
            purpose: 'sync',
            details: {
              full: cursor.s === null,
              households: households.length,
              people: people.length,
              changes: changes.length,
              areas: current.length,
            },
          },
          trx,
        );
        return {
          cursor: encodeCursor(next),
          more,
          full: cursor.s === null,
          areas: await areasOf(trx, current),
          removedAreaIds,
          households,
          people,
          removedHouseholdIds: removed.households,
          removedPersonIds: [...new Set([...removed.people, ...mergedPeople])],
          changes,
          serverTime: new Date().toISOString(),
        };
      });
    if (input.deviceId) {
      await recordDeviceSync(this.database.db, {
        userId: actor.userId,
        deviceId: input.deviceId,
        ...holding,
        kind: 'pull',
      });
    }
    return response;
  }

  /** Per collaborator of a commune: her devices, their last sync, and what each reported still waiting on it. */
  async devices(actor: Actor, communeCode: string) {
    assertAllowed(actor, 'personal.read');
    if (actor.role !== 'commune_officer' && actor.role !== 'province_officer') {
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    }
    const place = {
      provinceCode: communeCode.length === 5 ? await this.provinceOf(communeCode) : '',
      communeCode,
    };
    assertAllowed(actor, 'personal.read', place);
    return this.database.scoped(actor.scope, async (trx) => {
      const collaborators = await collaboratorsOf(trx, communeCode);
      const devices = await devicesOf(
        trx,
        collaborators.map((c) => c.id),
      );
      return {
        communeCode,
        collaborators: collaborators.map((c) => {
          const own = devices.filter((d) => d.user_id === c.id);
          return {
            userId: c.id,
            username: c.username,
            displayName: c.display_name,
            areaIds: c.area_ids,
            lastSyncAt: own[0] ? new Date(own[0].last_sync_at).toISOString() : null,
            waiting: own.reduce((n, d) => n + (d.waiting_count ?? 0), 0),
            devices: own.map((d) => ({
              deviceId: d.device_id,
              lastSyncAt: new Date(d.last_sync_at).toISOString(),
              lastPushAt: d.last_push_at ? new Date(d.last_push_at).toISOString() : null,
              lastPullAt: d.last_pull_at ? new Date(d.last_pull_at).toISOString() : null,
              pushedItems: Number(d.pushed_items),
              waitingOnDevice:
                d.waiting_reported_at !== null
                  ? {
                      count: d.waiting_count ?? 0,
                      oldestRecordedAt: d.waiting_oldest_recorded_at
                        ? new Date(d.waiting_oldest_recorded_at).toISOString()
                        : null,
                      reportedAt: new Date(d.waiting_reported_at).toISOString(),
                    }
                  : null,
            })),
          };
        }),
      };
    });
  }

  /** The province of a current commune code ('' when there is none). */
  async provinceOf(communeCode: string): Promise<string> {
    const row = await sql<{ parent_code: string | null }>`
      SELECT parent_code FROM admin_unit WHERE code = ${communeCode} AND level = 'commune' AND valid_to IS NULL`.execute(
      this.database.db,
    );
    return row.rows[0]?.parent_code ?? '';
  }
}

function decodeCursorError() {
  return new DomainError('DANSO_ERR_SYNC_CURSOR_INVALID', [{ path: 'cursor', reason: 'snapshot' }]);
}

function holdingOf(scope: PlaceScope): Holding {
  switch (scope.kind) {
    case 'areas':
      return {
        provinceCode: scope.provinceCode,
        communeCode: scope.communeCode,
        areaIds: [...scope.areaIds].sort(),
      };
    case 'commune':
      return { provinceCode: scope.provinceCode, communeCode: scope.communeCode, areaIds: [] };
    case 'province':
      return { provinceCode: scope.provinceCode, communeCode: null, areaIds: [] };
    case 'national':
      return { provinceCode: '', communeCode: null, areaIds: [] };
  }
}

/** Whether two change bodies are the same change (their canonical hashes agree). */
function sameContent(stored: Change, sent: unknown): boolean {
  const parsed = parseChange(sent);
  return parsed.ok && changeHash(parsed.change) === changeHash(stored);
}
