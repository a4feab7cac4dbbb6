import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteLocalDb, LocalDb, type LocalPerson, type RegisterPage } from './local-db.ts';

const userId = 'collaborator-of-the-book-test';
const householdId = '11111111-1111-4111-8111-111111111111';
const person = (n: number) =>
  ({ id: `person-${n}`, householdId, areaId: 'area-1', rowNumber: n, version: 1 }) as unknown as LocalPerson;

function page(people: LocalPerson[], options: Partial<RegisterPage> = {}): RegisterPage {
  return {
    full: false,
    areas: [],
    removedAreaIds: [],
    households: [],
    people,
    removedHouseholdIds: [],
    removedPersonIds: [],
    ...options,
  };
}

let db: LocalDb;
beforeEach(async () => {
  db = await LocalDb.open(userId);
});
afterEach(async () => {
  db.close();
  await deleteLocalDb(userId);
});

describe('a pulled page written to the book', () => {
  const first = Array.from({ length: 250 }, (_, i) => person(i));

  it('writes every row of a page larger than one batch, then its cursor', async () => {
    await db.applyRegisterPage(page(first, { full: true }), { cursor: 'c1', more: true });
    await db.applyRegisterPage(page([person(250)], { full: true }), { cursor: 'c2', more: false });
    expect((await db.counts()).people).toBe(251);
    expect(await db.getMeta('cursor')).toBe('c2');
    expect(await db.getMeta('bookComplete')).toBe(true);
    expect(await db.getMeta('fullPullInProgress')).toBe(false);
  });

  it('writes the removals after the rows of the same page', async () => {
    await db.applyRegisterPage(page(first, { removedPersonIds: ['person-7'] }), {
      cursor: 'c1',
      more: false,
    });
    expect((await db.counts()).people).toBe(249);
    expect(await db.person('person-7')).toBeUndefined();
  });

  it('takes a page again after a cut half-way through it, without losing or doubling rows', async () => {
    // A full answer's first page, cut off part-way through its rows (a row it cannot store stops it).
    const broken = [...first.slice(0, 150), { ...person(150), id: undefined } as unknown as LocalPerson];
    await expect(
      db.applyRegisterPage(page(broken, { full: true }), { cursor: 'c1', more: true }),
    ).rejects.toThrow();
    expect(await db.getMeta('cursor')).toBeUndefined();
    expect((await db.counts()).people).toBeGreaterThan(0);
    // It comes again whole, then the next page: the book is the whole answer, once.
    await db.applyRegisterPage(page(first, { full: true }), { cursor: 'c1', more: true });
    await db.applyRegisterPage(page([person(250)], { full: true }), { cursor: 'c2', more: false });
    expect((await db.counts()).people).toBe(251);
    // A new full answer (the server starts her book afresh) empties it first.
    await db.applyRegisterPage(page([person(1)], { full: true }), { cursor: 'c3', more: false });
    expect((await db.counts()).people).toBe(1);
  });
});
