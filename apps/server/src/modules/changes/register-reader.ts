import {
  type AreaSnapshot,
  type Change,
  type CorrectedChangeSnapshot,
  type HamletSnapshot,
  type HouseholdCodeHolder,
  householdCode,
  householdPlacement,
  type PersonSnapshot,
  type RegisterSnapshot,
} from '@danso/domain';
import type { Executor } from '../../db/database.ts';
import {
  correctedChangeSnapshot,
  findAreaPlace,
  findHamlet,
  type HouseholdWithPlace,
  householdSnapshots,
  householdWithCode,
  personSnapshots,
} from './changes.repository.ts';

/** Where a change's rules look things up: the people, households, areas and changes it names. */
interface RegisterLookup {
  person(id: string): Promise<PersonSnapshot | null>;
  household(id: string): Promise<HouseholdWithPlace | null>;
  correctedChange(id: string): Promise<CorrectedChangeSnapshot | null>;
  area(id: string): Promise<AreaSnapshot | null>;
  householdWithCode(communeCode: string, code: string): Promise<HouseholdCodeHolder | null>;
  hamlet(id: string): Promise<HamletSnapshot | null>;
}

/** The register as the change sees it: the records it names, as the rules and conflict checks need them. */
export async function snapshotOf(change: Change, read: RegisterLookup): Promise<RegisterSnapshot> {
  const personId = 'personId' in change ? change.personId : undefined;
  const snapshot: RegisterSnapshot = {
    person: personId ? await read.person(personId) : null,
    household: await read.household(change.householdId),
  };
  switch (change.type) {
    case 'birth':
      if (change.payload.mother.personId) snapshot.mother = await read.person(change.payload.mother.personId);
      break;
    case 'marriage':
      if ('personId' in change.payload.spouse)
        snapshot.spouse = await read.person(change.payload.spouse.personId);
      break;
    case 'divorce':
      if (change.payload.spousePersonId) snapshot.spouse = await read.person(change.payload.spousePersonId);
      break;
    case 'contraception_start':
      if (change.payload.husbandPersonId) snapshot.spouse = await read.person(change.payload.husbandPersonId);
      break;
    case 'transfer':
      if (change.payload.scope === 'person')
        snapshot.targetHousehold = await read.household(change.payload.toHouseholdId);
      break;
    case 'household_split':
      snapshot.targetHousehold = await read.household(change.payload.newHouseholdId);
      break;
    case 'correction':
      snapshot.correctedChange = await read.correctedChange(change.payload.correctsChangeId);
      break;
    default:
      break;
  }
  // A household given a number in an area: the area (a current one, as the caller sees it) and whoever holds
  // the code the number makes there.
  const placement = householdPlacement(change);
  if (placement) {
    const area = await read.area(placement.areaId);
    snapshot.targetArea = area;
    snapshot.householdWithCode = area
      ? await read.householdWithCode(
          area.communeCode,
          householdCode(area.communeCode, area.number, placement.number),
        )
      : null;
    if (placement.hamletId) snapshot.targetHamlet = await read.hamlet(placement.hamletId);
  }
  return snapshot;
}

/**
 * Reads the register for changes, remembering what it read. A batch of changes is read with `preload` in
 * two or three queries instead of a few per change; what was not preloaded is read when asked. Use one
 * reader for reads made before the transaction writes: it does not see its own writes afterwards.
 */
export class RegisterReader implements RegisterLookup {
  private readonly people = new Map<string, PersonSnapshot | null>();
  private readonly households = new Map<string, HouseholdWithPlace | null>();

  constructor(private readonly ex: Executor) {}

  /** Reads, in one query per kind, every person and household these changes' rules will ask for. */
  async preload(changes: readonly Change[]): Promise<void> {
    const personIds = new Set<string>();
    const householdIds = new Set<string>();
    const collect: RegisterLookup = {
      person: async (id) => {
        if (!this.people.has(id)) personIds.add(id);
        return null;
      },
      household: async (id) => {
        if (!this.households.has(id)) householdIds.add(id);
        return null;
      },
      correctedChange: async () => null,
      area: async () => null,
      householdWithCode: async () => null,
      hamlet: async () => null,
    };
    for (const change of changes) await snapshotOf(change, collect);
    const people = await personSnapshots(this.ex, [...personIds]);
    const households = await householdSnapshots(this.ex, [...householdIds]);
    for (const id of personIds) this.people.set(id, people.get(id) ?? null);
    for (const id of householdIds) this.households.set(id, households.get(id) ?? null);
  }

  async person(id: string): Promise<PersonSnapshot | null> {
    if (!this.people.has(id)) this.people.set(id, (await personSnapshots(this.ex, [id])).get(id) ?? null);
    return this.people.get(id) ?? null;
  }

  async household(id: string): Promise<HouseholdWithPlace | null> {
    if (!this.households.has(id))
      this.households.set(id, (await householdSnapshots(this.ex, [id])).get(id) ?? null);
    return this.households.get(id) ?? null;
  }

  correctedChange(id: string): Promise<CorrectedChangeSnapshot | null> {
    return correctedChangeSnapshot(this.ex, id);
  }

  async area(id: string): Promise<AreaSnapshot | null> {
    const area = await findAreaPlace(this.ex, id);
    return area ? { id: area.id, communeCode: area.commune_code, number: area.number } : null;
  }

  householdWithCode(communeCode: string, code: string): Promise<HouseholdCodeHolder | null> {
    return householdWithCode(this.ex, communeCode, code);
  }

  hamlet(id: string): Promise<HamletSnapshot | null> {
    return findHamlet(this.ex, id);
  }
}
