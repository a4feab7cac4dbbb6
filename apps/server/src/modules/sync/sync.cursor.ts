import { createHash } from 'node:crypto';
import { DomainError, fromBase64Url, isUuid, toBase64Url } from '@danso/domain';

/**
 * The pull cursor, opaque to the device: base64url of a small JSON object.
 * - `s`: the snapshot of the pull the device last finished (null: it has nothing yet);
 * - `u`: while a pull goes on over several pages, the snapshot taken at its first page (what `s` becomes);
 * - `a`: the areas the device holds (their ids when few, else a hash of them);
 * - `n`: areas that this pull sends whole (new to the device);
 * - `p`, `k`: where the paging stands (phase, last id).
 */
export interface PullCursor {
  s: string | null;
  u: string | null;
  a: { ids: string[] } | { hash: string };
  n: string[];
  p: number;
  k: string;
}

export const PHASES = ['households', 'people', 'changes'] as const;
/** Above this many areas the cursor carries a hash of them instead of their ids. */
const MAX_LISTED_AREAS = 20;
const SNAPSHOT_RE = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/;
const NIL = '00000000-0000-0000-0000-000000000000';

export function areasKey(areaIds: readonly string[]): PullCursor['a'] {
  const sorted = [...areaIds].sort();
  if (sorted.length <= MAX_LISTED_AREAS) return { ids: sorted };
  return { hash: createHash('sha256').update(sorted.join(',')).digest('base64url').slice(0, 22) };
}

export function sameAreas(a: PullCursor['a'], b: PullCursor['a']): boolean {
  if ('ids' in a && 'ids' in b) return a.ids.join(',') === b.ids.join(',');
  if ('hash' in a && 'hash' in b) return a.hash === b.hash;
  return false;
}

export function encodeCursor(cursor: PullCursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(cursor)));
}

const invalid = () =>
  new DomainError('DANSO_ERR_SYNC_CURSOR_INVALID', [{ path: 'cursor', reason: 'malformed' }]);

export function decodeCursor(text: string): PullCursor {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(fromBase64Url(text)));
  } catch {
    throw invalid();
  }
  if (typeof value !== 'object' || value === null) throw invalid();
  const c = value as Record<string, unknown>;
  const snapshot = (v: unknown) => v === null || (typeof v === 'string' && SNAPSHOT_RE.test(v));
  const ids = (v: unknown) =>
    Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string' && isUuid(x));
  const a = c.a as Record<string, unknown> | undefined;
  const areasOk =
    typeof a === 'object' &&
    a !== null &&
    (ids(a.ids) || (typeof a.hash === 'string' && /^[A-Za-z0-9_-]{22}$/.test(a.hash)));
  if (
    !snapshot(c.s) ||
    !snapshot(c.u) ||
    !areasOk ||
    !ids(c.n) ||
    !Number.isInteger(c.p) ||
    (c.p as number) < 0 ||
    (c.p as number) >= PHASES.length ||
    typeof c.k !== 'string' ||
    (c.k !== '' && !isUuid(c.k))
  ) {
    throw invalid();
  }
  return {
    s: c.s as string | null,
    u: c.u as string | null,
    a:
      'ids' in (a as object) ? { ids: (a as { ids: string[] }).ids } : { hash: (a as { hash: string }).hash },
    n: c.n as string[],
    p: c.p as number,
    k: c.k as string,
  };
}

/** The keyset position to read after (the nil uuid sorts first). */
export function afterKey(cursor: PullCursor): string {
  return cursor.k === '' ? NIL : cursor.k;
}
