/**
 * The collaborator's local book while the app runs: the IndexedDB database of the signed-in collaborator,
 * the sync with the server (at start-up, when the network returns, on the "Đồng bộ" button, after each new
 * change, and again after a pause while changes wait), and a revision number that screens read their data
 * under, so that they re-read it after every write and sync.
 */
import { makeUuidV7 } from '@danso/domain';
import { useQuery } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { isOnline, registerServiceWorker, requestPersistentStorage } from '../../../lib/offline/device.ts';
import { LocalDb } from '../../../lib/offline/local-db.ts';
import { forgetCollaborator, rememberContact } from '../../../lib/offline/profile.ts';
import type { SyncReport } from '../../../lib/offline/sync-engine.ts';
import { type BackgroundSync, backgroundSync } from '../api/background-sync.ts';

export const newId = () => makeUuidV7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));

export interface SyncState {
  running: boolean;
  progress: { phase: 'push' | 'pull'; done: number } | null;
  last: SyncReport | null;
  lastSyncAt: string | null;
}

interface CollectorValue {
  user: UserView;
  db: LocalDb | null;
  openError: unknown;
  revision: number;
  /** Call after writing to the local book: screens read it again, and a sync is tried. */
  recorded: () => void;
  sync: SyncState;
  syncNow: () => void;
  online: boolean;
  persistent: boolean | null;
  /** The server said the session has ended: she must sign in again (nothing on the phone is lost). */
  sessionEnded: boolean;
}

const CollectorContext = createContext<CollectorValue | null>(null);

/**
 * Revisions count up across the whole page, not per provider: the app mounts a new provider when it goes
 * from offline mode to a live session, and its reads must never be answered from the old one's cache.
 */
let lastRevision = 0;
const nextRevision = () => {
  lastRevision += 1;
  return lastRevision;
};

/** How often to try again while changes wait and the phone believes it is online. */
const RETRY_EVERY_MS = 30_000;

export function CollectorProvider({
  user,
  onSessionEnded,
  children,
}: {
  user: UserView;
  onSessionEnded?: () => void;
  children: ReactNode;
}) {
  const client = useApiClient();
  const [db, setDb] = useState<LocalDb | null>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const [revision, setRevision] = useState(nextRevision);
  const [online, setOnline] = useState(isOnline);
  const [persistent, setPersistent] = useState<boolean | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [sync, setSync] = useState<SyncState>({
    running: false,
    progress: null,
    last: null,
    lastSyncAt: null,
  });
  const running = useRef(false);
  const again = useRef(false);
  const background = useRef<BackgroundSync | null>(null);

  useEffect(() => {
    let open: LocalDb | null = null;
    let cancelled = false;
    registerServiceWorker();
    void requestPersistentStorage().then((granted) => {
      if (!cancelled) setPersistent(granted);
    });
    LocalDb.open(user.id).then(
      async (opened) => {
        if (cancelled) {
          opened.close();
          return;
        }
        open = opened;
        const lastSyncAt = (await opened.getMeta('lastSyncAt')) ?? null;
        setSync((s) => ({ ...s, lastSyncAt }));
        setDb(opened);
      },
      (error: unknown) => setOpenError(error),
    );
    return () => {
      cancelled = true;
      open?.close();
    };
  }, [user.id]);

  // The sync runs in a worker of its own (the page makes its requests), created with the book it writes to.
  useEffect(() => {
    if (!db) return;
    const created = backgroundSync({ db, client, makeId: newId });
    background.current = created;
    return () => {
      created.close();
      if (background.current === created) background.current = null;
    };
  }, [db, client]);

  const syncNow = useCallback(() => {
    const worker = background.current;
    if (!db || !worker) return;
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    setSync((s) => ({ ...s, running: true, progress: null }));
    void (async () => {
      let report: SyncReport | null = null;
      do {
        again.current = false;
        report = await worker.run((progress) => setSync((s) => ({ ...s, progress })));
        setRevision(nextRevision());
      } while (again.current && report.stoppedBy === null);
      if (report.reachedServer && report.stoppedBy !== 'session') rememberContact(user);
      if (report.stoppedBy === 'session') setSessionEnded(true);
      const lastSyncAt = (await db.getMeta('lastSyncAt')) ?? null;
      running.current = false;
      setSync({ running: false, progress: null, last: report, lastSyncAt });
    })();
  }, [db, user]);

  // At start-up (once the screen has painted and the browser is idle), and whenever the network comes back.
  useEffect(() => {
    if (!db) return;
    const idle = window.requestIdleCallback
      ? window.requestIdleCallback(() => syncNow(), { timeout: 3_000 })
      : window.setTimeout(syncNow, 1_000);
    const onOnline = () => {
      setOnline(true);
      syncNow();
    };
    const onOffline = () => setOnline(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      if (window.cancelIdleCallback) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, [db, syncNow]);

  // Changes still waiting after a failed push are tried again after a pause (the outbox keeps the backoff).
  useEffect(() => {
    if (!db || !online || sessionEnded) return;
    const timer = window.setInterval(() => {
      void db.waitingCount().then((n) => {
        if (n > 0) syncNow();
      });
    }, RETRY_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [db, online, sessionEnded, syncNow]);

  useEffect(() => {
    if (sessionEnded) onSessionEnded?.();
  }, [sessionEnded, onSessionEnded]);

  const recorded = useCallback(() => {
    setRevision(nextRevision());
    if (isOnline()) syncNow();
  }, [syncNow]);

  const value = useMemo<CollectorValue>(
    () => ({ user, db, openError, revision, recorded, sync, syncNow, online, persistent, sessionEnded }),
    [user, db, openError, revision, recorded, sync, syncNow, online, persistent, sessionEnded],
  );
  return <CollectorContext.Provider value={value}>{children}</CollectorContext.Provider>;
}

export function useCollector(): CollectorValue {
  const value = useContext(CollectorContext);
  if (!value) throw new Error('useCollector needs a CollectorProvider');
  return value;
}

/** The collector context when the signed-in user is a collaborator; null for everyone else. */
export function useOptionalCollector(): CollectorValue | null {
  return useContext(CollectorContext);
}

/**
 * Reads the local book. Re-read after every write or sync; runs with no network (the query never waits for
 * one, unlike the API's queries).
 */
export function useLocal<T>(key: readonly unknown[], read: (db: LocalDb) => Promise<T>) {
  const { db, revision, user } = useCollector();
  return useQuery({
    queryKey: ['collector-local', user.id, revision, ...key],
    queryFn: () => {
      if (!db) throw new Error('The local book is not open');
      return read(db);
    },
    enabled: db !== null,
    // After a write or a sync the screen keeps showing what it had until the new read is done (no flash of
    // "loading"); on another address (another key) it does not.
    placeholderData: (previous, previousQuery) =>
      previousQuery && JSON.stringify(previousQuery.queryKey.slice(3)) === JSON.stringify(key)
        ? previous
        : undefined,
    networkMode: 'always',
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });
}

/**
 * Deletes a collaborator's local book at sign-out. With changes not yet sent, `confirm` is asked first;
 * returns false (and keeps everything) when she declines.
 */
export async function forgetLocalBook(
  userId: string,
  confirm: (waiting: number) => boolean,
): Promise<boolean> {
  let waiting = 0;
  try {
    const db = await LocalDb.open(userId);
    waiting = await db.waitingCount();
    db.close();
  } catch {
    // No book to read: nothing waits.
  }
  if (waiting > 0 && !confirm(waiting)) return false;
  await forgetCollaborator(userId);
  return true;
}
