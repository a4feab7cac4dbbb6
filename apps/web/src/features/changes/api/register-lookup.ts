/**
 * What the change form reads beyond the household a change is entered for: the areas a household may go to,
 * an area's households (to receive a person, and the numbers already used there), a receiving household as
 * the rules see it, and an approved change to correct. The officer's form asks the server; the phone's form
 * reads the phone's own book, so that every type of change is recorded with no network.
 */
import type { Change, HouseholdSnapshot, ReviewStatus } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';
import { LocalDb } from '../../../lib/offline/local-db.ts';
import type { OutboxState } from '../../../lib/offline/outbox.ts';
import { fetchArea } from '../../places/api/places-api.ts';
import { householdSnapshotOf } from '../components/change-draft.ts';
import { fetchChange, fetchCommune, fetchHousehold, type HouseholdList } from './changes-api.ts';

export interface AreaChoice {
  id: string;
  name: string;
}

export interface HouseholdChoice {
  id: string;
  code: string;
  number: number;
  status: 'active' | 'closed';
  headName: string | null;
  /** A new household recorded on the phone and not yet in its book: its number is taken, it receives no one yet. */
  pending: boolean;
}

export interface ChangeToCorrect {
  change: Change;
  status: ReviewStatus;
}

export interface RegisterLookup {
  /** The areas a household may move to or be created in. */
  areas: () => Promise<AreaChoice[]>;
  /** Every household of an area, closed ones included (their numbers stay taken). */
  households: (areaId: string) => Promise<HouseholdChoice[]>;
  household: (id: string) => Promise<HouseholdSnapshot | null>;
  change: (id: string) => Promise<ChangeToCorrect | null>;
  /**
   * The hamlets (thôn, tổ dân phố) an area's households lie in, for a new household's. Absent where they are
   * not known (the phone's book): the form then asks none.
   */
  hamlets?: (areaId: string) => Promise<AreaChoice[]>;
}

const PAGE = 200;

async function serverChange(client: ApiClient, id: string): Promise<ChangeToCorrect> {
  const detail = await fetchChange(client, id);
  return { change: detail.change.change, status: detail.change.status };
}

/** The officer's lookup: the areas of the household's commune and what the register says now. */
export function serverLookup(client: ApiClient, communeCode: string): RegisterLookup {
  return {
    areas: async () => {
      const commune = await fetchCommune(client, communeCode);
      return commune.children.filter((c) => c.kind === 'area').map((c) => ({ id: c.id, name: c.name }));
    },
    hamlets: async (areaId) =>
      (await fetchArea(client, areaId)).hamlets.map((h) => ({ id: h.id, name: h.name })),
    households: async (areaId) => {
      const all: HouseholdChoice[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const list = await client.get<HouseholdList>(
          `/register/areas/${encodeURIComponent(areaId)}/households`,
          {
            limit: PAGE,
            offset,
          },
        );
        all.push(...list.items.map((h) => ({ ...h, pending: false })));
        if (list.items.length < PAGE || all.length >= list.total) return all;
      }
    },
    household: async (id) => householdSnapshotOf(await fetchHousehold(client, id)),
    change: (id) => serverChange(client, id),
  };
}

const statusOfState: Record<OutboxState, ReviewStatus> = {
  waiting: 'draft',
  sent: 'submitted',
  approved: 'approved',
  returned: 'returned',
  rejected: 'rejected',
  conflict: 'conflict',
  refused: 'draft',
};

/** The new household a change recorded on the phone creates, with its area and number. */
function createdHousehold(change: Change | null): { id: string; areaId: string; number: number } | null {
  if (change?.type === 'household_new') {
    return { id: change.householdId, areaId: change.payload.areaId, number: change.payload.number };
  }
  if (change?.type === 'household_split') {
    const p = change.payload;
    return { id: p.newHouseholdId, areaId: p.areaId, number: p.number };
  }
  return null;
}

/**
 * The phone's lookup: her areas and households as the phone has them, and the changes she recorded. A change
 * the phone holds no copy of (recorded elsewhere) is asked of the server.
 */
export function phoneLookup(userId: string, client: ApiClient): RegisterLookup {
  const read = async <T>(use: (db: LocalDb) => Promise<T>): Promise<T> => {
    const db = await LocalDb.open(userId);
    try {
      return await use(db);
    } finally {
      db.close();
    }
  };
  return {
    areas: () => read(async (db) => (await db.areas()).map((a) => ({ id: a.id, name: a.name }))),
    households: (areaId) =>
      read(async (db) => {
        const [households, people, outbox] = await Promise.all([
          db.households(areaId),
          db.allPeople(),
          db.outbox(),
        ]);
        const heads = new Map(
          people.filter((p) => p.relationToHead === 'head').map((p) => [p.householdId, p.fullName]),
        );
        const known = new Set(households.map((h) => h.id));
        const pending = outbox.flatMap((entry) => {
          const created = createdHousehold(entry.change);
          if (!created || created.areaId !== areaId || known.has(created.id)) return [];
          if (entry.state === 'rejected' || entry.state === 'refused') return [];
          return [{ ...created, code: '', status: 'active' as const, headName: null, pending: true }];
        });
        return [
          ...households.map((h) => ({
            id: h.id,
            code: h.code,
            number: h.number,
            status: h.status,
            headName: heads.get(h.id) ?? null,
            pending: false,
          })),
          ...pending.map(({ areaId: _, ...h }) => h),
        ];
      }),
    household: (id) =>
      read(async (db) => {
        const household = await db.household(id);
        return household ? { ...household, members: await db.members(id) } : null;
      }),
    change: async (id) => {
      const entry = await read((db) => db.entry(id));
      if (entry?.change) return { change: entry.change, status: statusOfState[entry.state] };
      return serverChange(client, id);
    },
  };
}
