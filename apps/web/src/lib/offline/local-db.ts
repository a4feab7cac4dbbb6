/**
 * The phone's own copy of the collaborator's household book and her outbox, in IndexedDB: one database per
 * collaborator (so that another account signed in on the same phone never reads hers), deleted at logout and
 * after too long without reaching the server (see profile.ts). Every write resolves only once its
 * transaction has completed, so that what the form confirms survives a closed tab or a dead battery.
 */
import type { HouseholdSnapshot, PersonSnapshot } from '@danso/domain';
import { type DBSchema, deleteDB, type IDBPDatabase, openDB, unwrap } from 'idb';
import type { OutboxEntry, OutboxState } from './outbox.ts';

/** Rows as the server's pull sends them (the domain's sync protocol), kept as they came. */
export interface LocalArea {
  id: string;
  code: string;
  name: string;
  communeCode: string;
  communeName: string;
}

export interface LocalHousehold extends Omit<HouseholdSnapshot, 'members'> {
  code: string;
  number: number;
  address: string | null;
  hamletId: string | null;
  createdOn: string;
  closedOn: string | null;
  /** The register version that last changed the household. */
  version: number;
}

export interface LocalPerson extends PersonSnapshot {
  areaId: string;
  rowNumber: number;
  motherId: string | null;
  version: number;
}

export interface LocalSubmission {
  id: string;
  month: string;
  receivedAt: string;
  deadline: string;
  onTime: boolean;
  changeCount: number;
}

export interface SigningKeyRecord {
  secretKey: string;
  publicKey: string;
  /** The server's id of the registered public key; null until registered. */
  keyId: string | null;
  fingerprint: string | null;
}

/** Small facts about this phone and its sync, kept by name. */
export interface MetaValues {
  deviceId: string;
  cursor: string;
  /** The last time the phone finished a sync with the server (ISO). */
  lastSyncAt: string;
  /** True once a full pull has finished. */
  bookComplete: boolean;
  /** True while a full pull is being written page by page (its first page emptied the book). */
  fullPullInProgress: boolean;
  signingKey: SigningKeyRecord;
}
export type MetaKey = keyof MetaValues;

interface CollectorSchema extends DBSchema {
  meta: { key: string; value: { key: string; value: unknown } };
  areas: { key: string; value: LocalArea };
  households: { key: string; value: LocalHousehold; indexes: { areaId: string } };
  people: { key: string; value: LocalPerson; indexes: { householdId: string } };
  outbox: { key: string; value: OutboxEntry; indexes: { state: OutboxState } };
  submissions: { key: string; value: LocalSubmission };
}

const VERSION = 1;

/** Rows of a pulled page written per transaction: a few milliseconds of work each, even on a slow phone. */
const WRITE_BATCH = 50;

export function databaseName(userId: string): string {
  return `danso-collector-${userId}`;
}

export interface RegisterPage {
  /** This page and those after it are the full state: the book starts afresh. */
  full: boolean;
  areas: LocalArea[];
  removedAreaIds: string[];
  households: LocalHousehold[];
  people: LocalPerson[];
  removedHouseholdIds: string[];
  removedPersonIds: string[];
}

export class LocalDb {
  private constructor(
    private readonly db: IDBPDatabase<CollectorSchema>,
    readonly userId: string,
  ) {}

  static async open(userId: string): Promise<LocalDb> {
    const db: IDBPDatabase<CollectorSchema> = await openDB<CollectorSchema>(databaseName(userId), VERSION, {
      // Signing out deletes the database: this connection steps aside rather than block it.
      blocking() {
        db.close();
      },
      upgrade(database) {
        database.createObjectStore('meta', { keyPath: 'key' });
        database.createObjectStore('areas', { keyPath: 'id' });
        database.createObjectStore('households', { keyPath: 'id' }).createIndex('areaId', 'areaId');
        database.createObjectStore('people', { keyPath: 'id' }).createIndex('householdId', 'householdId');
        database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('state', 'state');
        database.createObjectStore('submissions', { keyPath: 'id' });
      },
    });
    return new LocalDb(db, userId);
  }

  close(): void {
    this.db.close();
  }

  // ------------------------------------------------------------------------------------------------ meta

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
    const row = await this.db.get('meta', key);
    return row?.value as MetaValues[K] | undefined;
  }

  async setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
    const tx = this.db.transaction('meta', 'readwrite');
    await tx.store.put({ key, value });
    await tx.done;
  }

  /** This phone's id, made once with `make` and kept for the life of the local book. */
  async deviceId(make: () => string): Promise<string> {
    const tx = this.db.transaction('meta', 'readwrite');
    const row = await tx.store.get('deviceId');
    if (row && typeof row.value === 'string') {
      await tx.done;
      return row.value;
    }
    const id = make();
    await tx.store.put({ key: 'deviceId', value: id });
    await tx.done;
    return id;
  }

  // ------------------------------------------------------------------------------------------ the book

  async areas(): Promise<LocalArea[]> {
    const all = await this.db.getAll('areas');
    return all.sort(
      (a, b) =>
        a.communeCode.localeCompare(b.communeCode) || a.code.localeCompare(b.code, 'vi', { numeric: true }),
    );
  }

  async area(id: string): Promise<LocalArea | undefined> {
    return this.db.get('areas', id);
  }

  async households(areaId: string): Promise<LocalHousehold[]> {
    const all = await this.db.getAllFromIndex('households', 'areaId', areaId);
    return all.sort((a, b) => a.number - b.number || a.code.localeCompare(b.code));
  }

  async household(id: string): Promise<LocalHousehold | undefined> {
    return this.db.get('households', id);
  }

  async members(householdId: string): Promise<LocalPerson[]> {
    return this.db.getAllFromIndex('people', 'householdId', householdId);
  }

  async person(id: string): Promise<LocalPerson | undefined> {
    return this.db.get('people', id);
  }

  /** Every person of her areas (a few thousand at most), for duplicate checks and search. */
  async allPeople(): Promise<LocalPerson[]> {
    return this.db.getAll('people');
  }

  async allHouseholds(): Promise<LocalHousehold[]> {
    return this.db.getAll('households');
  }

  async counts(): Promise<{ areas: number; households: number; people: number }> {
    const [areas, households, people] = await Promise.all([
      this.db.count('areas'),
      this.db.count('households'),
      this.db.count('people'),
    ]);
    return { areas, households, people };
  }

  /**
   * One page of the server's register. Its rows go in transactions of `WRITE_BATCH` rows, each in a task of
   * its own, so that the first sync of a new phone (the whole book at once) never holds up the screen; the
   * cursor that follows the page is written last, with the removals, so a sync cut off half-way resumes from
   * the last page finished, never from a cursor ahead of the data (writing the same rows again is harmless).
   * The first page of a full answer empties the book; the pages after it (even after an interruption) add
   * to it.
   */
  async applyRegisterPage(page: RegisterPage, next: { cursor: string; more: boolean }): Promise<void> {
    const start = this.db.transaction(['areas', 'households', 'people', 'meta'], 'readwrite');
    const meta = start.objectStore('meta');
    if (page.full && (await meta.get('fullPullInProgress'))?.value !== true) {
      const stores = [
        start.objectStore('areas'),
        start.objectStore('households'),
        start.objectStore('people'),
      ];
      await Promise.all(stores.map((store) => store.clear()));
      await meta.put({ key: 'fullPullInProgress', value: true });
    }
    for (const areaId of page.removedAreaIds) {
      await start.objectStore('areas').delete(areaId);
      const households = start.objectStore('households');
      for (const key of await households.index('areaId').getAllKeys(areaId)) await households.delete(key);
      const people = start.objectStore('people');
      const gone = (await people.getAll()).filter((p) => p.areaId === areaId);
      for (const person of gone) await people.delete(person.id);
    }
    await start.done;

    const rows: { store: 'areas' | 'households' | 'people'; row: object }[] = [
      ...page.areas.map((row) => ({ store: 'areas' as const, row })),
      ...page.households.map((row) => ({ store: 'households' as const, row })),
      ...page.people.map((row) => ({ store: 'people' as const, row })),
    ];
    for (let from = 0; from < rows.length; from += WRITE_BATCH) {
      const tx = this.db.transaction(['areas', 'households', 'people'], 'readwrite');
      // Straight to IndexedDB, without the promise the library makes for each request: thousands of rows.
      const stores = {
        areas: unwrap(tx.objectStore('areas')),
        households: unwrap(tx.objectStore('households')),
        people: unwrap(tx.objectStore('people')),
      };
      for (const { store, row } of rows.slice(from, from + WRITE_BATCH)) stores[store].put(row);
      await tx.done;
    }

    const end = this.db.transaction(['households', 'people', 'meta'], 'readwrite');
    await Promise.all([
      ...page.removedHouseholdIds.map((id) => end.objectStore('households').delete(id)),
      ...page.removedPersonIds.map((id) => end.objectStore('people').delete(id)),
    ]);
    const endMeta = end.objectStore('meta');
    await endMeta.put({ key: 'cursor', value: next.cursor });
    await endMeta.put({ key: 'fullPullInProgress', value: page.full && next.more });
    if (page.full && !next.more) await endMeta.put({ key: 'bookComplete', value: true });
    await end.done;
  }

  // ------------------------------------------------------------------------------------------ the outbox

  async outbox(): Promise<OutboxEntry[]> {
    const all = await this.db.getAll('outbox');
    return all.sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0));
  }

  async entry(id: string): Promise<OutboxEntry | undefined> {
    return this.db.get('outbox', id);
  }

  async waitingCount(): Promise<number> {
    return this.db.countFromIndex('outbox', 'state', 'waiting');
  }

  /** Writes entries; resolves once they are on disk. */
  async putEntries(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const entry of entries) await tx.store.put(entry);
    await tx.done;
  }

  /**
   * Applies `update` to the stored entries of `ids` inside one transaction, so that an entry changed on the
   * phone meanwhile (corrected while its push was on the way) is judged as it is now.
   */
  async updateEntries(
    ids: readonly string[],
    update: (current: OutboxEntry | undefined, id: string) => OutboxEntry | null,
  ): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const id of ids) {
      const next = update(await tx.store.get(id), id);
      if (next) await tx.store.put(next);
    }
    await tx.done;
  }

  // ------------------------------------------------------------------------------------------ submissions

  async submissions(): Promise<LocalSubmission[]> {
    const all = await this.db.getAll('submissions');
    return all.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  }

  async putSubmission(submission: LocalSubmission): Promise<void> {
    const tx = this.db.transaction('submissions', 'readwrite');
    await tx.store.put(submission);
    await tx.done;
  }
}

/** Deletes a collaborator's local book and outbox. */
export async function deleteLocalDb(userId: string): Promise<void> {
  await deleteDB(databaseName(userId));
}
