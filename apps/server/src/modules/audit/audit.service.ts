import { createHash } from 'node:crypto';
import { type Actor, assertAllowed } from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import {
  type AuditRow,
  entriesAfter,
  insertEntries,
  lastEntry,
  lockChain,
  recentEntries,
} from './audit.repository.ts';

export const genesisHash = '0'.repeat(64);

/** What happened, to what, where and why: one audit entry as a caller describes it. */
export interface AuditEvent {
  action: string;
  actorUserId?: string | null;
  actorRole?: string | null;
  objectType?: string;
  objectId?: string;
  placeCode?: string;
  clientAddress?: string;
  purpose?: string;
  /** No personal data here: ids and codes, not names. */
  details?: Record<string, unknown>;
}

/** Canonical JSON: object keys sorted at every depth, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a row covers every field and the previous row's hash. */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson({
    id: row.id,
    at: row.at.toISOString(),
    actor_user_id: row.actor_user_id,
    actor_role: row.actor_role,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    place_code: row.place_code,
    client_address: row.client_address,
    purpose: row.purpose,
    details: row.details ?? {},
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(content).digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not match, when the chain is broken. */
  firstBrokenId: number | null;
  reason: 'hash_mismatch' | 'link_mismatch' | 'gap' | null;
}

export class AuditService {
  constructor(private readonly database: Database) {}

  /**
   * Appends one entry to the chain. Pass the caller's transaction so the entry commits (or rolls back)
   * with the action it records.
   */
  async record(event: AuditEvent, ex?: Executor): Promise<void> {
    await this.recordMany([event], ex);
  }

  /**
   * Appends entries in the order given, under one lock of the chain. The lock is held until the caller's
   * transaction ends, so record last, just before the transaction commits.
   */
  async recordMany(events: readonly AuditEvent[], ex?: Executor): Promise<void> {
    if (events.length === 0) return;
    const write = async (trx: Executor) => {
      await lockChain(trx);
      const last = await lastEntry(trx);
      let id = last?.id ?? 0;
      let prevHash = last?.hash ?? genesisHash;
      const at = new Date();
      const rows = events.map((event): AuditRow => {
        id += 1;
        const row: Omit<AuditRow, 'hash'> = {
          id,
          at,
          actor_user_id: event.actorUserId ?? null,
          actor_role: event.actorRole ?? null,
          action: event.action,
          object_type: event.objectType ?? null,
          object_id: event.objectId ?? null,
          place_code: event.placeCode ?? null,
          client_address: event.clientAddress ?? null,
          purpose: event.purpose ?? null,
          details: event.details ?? {},
          prev_hash: prevHash,
        };
        prevHash = entryHash(row);
        return { ...row, hash: prevHash };
      });
      await insertEntries(trx, rows);
    };
    if (ex) await write(ex);
    else await this.database.db.transaction().execute(write);
  }

  /** Walks the whole chain and reports the first row that does not fit. */
  async verifyChain(): Promise<ChainVerification> {
    let prevHash = genesisHash;
    let expectedId = 1;
    let checked = 0;
    for (;;) {
      const rows = await entriesAfter(this.database.db, expectedId - 1, 5000);
      if (rows.length === 0) break;
      for (const row of rows) {
        const broken = (reason: ChainVerification['reason']): ChainVerification => ({
          ok: false,
          checked,
          firstBrokenId: row.id,
          reason,
        });
        if (row.id !== expectedId) return broken('gap');
        if (row.prev_hash !== prevHash) return broken('link_mismatch');
        if (entryHash(row) !== row.hash) return broken('hash_mismatch');
        prevHash = row.hash;
        expectedId += 1;
        checked += 1;
      }
    }
    return { ok: true, checked, firstBrokenId: null, reason: null };
  }

  async verify(actor: Actor): Promise<ChainVerification> {
    assertAllowed(actor, 'audit.read');
    return this.verifyChain();
  }

  async list(
    actor: Actor,
    options: { beforeId?: number; limit: number; actorUserId?: string; action?: string },
  ): Promise<AuditRow[]> {
    assertAllowed(actor, 'audit.read');
    return recentEntries(this.database.db, options);
  }
}
