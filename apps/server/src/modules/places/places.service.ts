import { type Actor, assertAllowed, DomainError } from '@danso/domain';
import type { Database } from '../../db/database.ts';
import type { UnitVersionRow } from '../admin-units/admin-units.repository.ts';
import type { AdminUnitsService } from '../admin-units/admin-units.service.ts';
import {
  areaListing,
  areasOfCommune,
  collaboratorsOfArea,
  countPlaces,
  findArea,
  type PlaceCounts,
} from './places.repository.ts';

export interface PlaceSummary {
  kind: 'country' | 'province' | 'commune' | 'area';
  id: string;
  name: string;
  unitType: string | null;
  urbanity: 'urban' | 'rural' | 'special' | null;
  households: number;
  people: number;
  areas: number;
  parentId: string | null;
  parentName: string | null;
}

const noCounts = { households: 0, people: 0, areas: 0 };

function summary(
  kind: PlaceSummary['kind'],
  unit: Pick<UnitVersionRow, 'code' | 'name' | 'urbanity'> & { unit_type: string | null },
  counts: Omit<PlaceCounts, 'key'> | undefined,
  parent: { id: string; name: string } | null,
): PlaceSummary {
  const c = counts ?? noCounts;
  return {
    kind,
    id: unit.code,
    name: unit.name,
    unitType: unit.unit_type,
    urbanity: unit.urbanity,
    households: c.households,
    people: c.people,
    areas: c.areas,
    parentId: parent?.id ?? null,
    parentName: parent?.name ?? null,
  };
}

function total(rows: Iterable<Omit<PlaceCounts, 'key'>>): Omit<PlaceCounts, 'key'> {
  const sum = { ...noCounts };
  for (const r of rows) {
    sum.households += r.households;
    sum.people += r.people;
    sum.areas += r.areas;
  }
  return sum;
}

/**
 * The places a user browses (country → provinces → communes → areas) with household, people and area
 * counts. Every query runs under the actor's place scope, so the database itself hides what is outside it.
 */
export class PlacesService {
  constructor(
    private readonly database: Database,
    private readonly units: AdminUnitsService,
  ) {}

  /** The user's own place and the places one level down. */
  async home(actor: Actor) {
    assertAllowed(actor, 'place.read');
    const scope = actor.scope;
    switch (scope.kind) {
      case 'national':
        return this.country(actor);
      case 'province':
        return this.province(actor, scope.provinceCode);
      case 'commune':
      case 'areas':
        return this.commune(actor, scope.communeCode);
    }
  }

  private async country(actor: Actor) {
    const provinces = await this.units.childrenOf(null);
    const counts = await this.database.scoped(actor.scope, (trx) => countPlaces(trx, 'province_code'));
    const country = { code: 'VN', name: 'Việt Nam', unit_type: null, urbanity: null };
    return {
      place: summary('country', country, total(counts.values()), null),
      children: provinces.map((p) =>
        summary('province', p, counts.get(p.code), { id: 'VN', name: 'Việt Nam' }),
      ),
    };
  }

  async province(actor: Actor, code: string) {
    assertAllowed(actor, 'place.read', { provinceCode: code });
    const province = await this.units.current(code);
    if (province?.level !== 'province') throw new DomainError('DANSO_ERR_NOT_FOUND');
    const communes = await this.units.childrenOf(code);
    const counts = await this.database.scoped(actor.scope, (trx) =>
      countPlaces(trx, 'commune_code', { column: 'province_code', value: code }),
    );
    const parent = { id: province.code, name: province.name };
    return {
      place: summary('province', province, total(counts.values()), { id: 'VN', name: 'Việt Nam' }),
      children: communes.map((c) => summary('commune', c, counts.get(c.code), parent)),
    };
  }

  async commune(actor: Actor, code: string) {
    const commune = await this.units.current(code);
    if (commune?.level !== 'commune') throw new DomainError('DANSO_ERR_NOT_FOUND');
    const provinceCode = commune.parent_code ?? '';
    // A collaborator opens her commune page, and sees only her own areas in it.
    const place =
      actor.scope.kind === 'areas'
        ? { provinceCode, communeCode: code, areaId: actor.scope.areaIds[0] ?? '' }
        : { provinceCode, communeCode: code };
    assertAllowed(actor, 'place.read', place);
    const province = await this.units.current(provinceCode);
    const { areas, counts } = await this.database.scoped(actor.scope, async (trx) => ({
      areas: await areasOfCommune(trx, code),
      counts: await countPlaces(trx, 'area_id', { column: 'commune_code', value: code }),
    }));
    const parent = { id: commune.code, name: commune.name };
    return {
      place: summary(
        'commune',
        commune,
        total(counts.values()),
        province ? { id: province.code, name: province.name } : null,
      ),
      children: areas.map((a) =>
        summary(
          'area',
          { code: a.id, name: a.name, unit_type: null, urbanity: commune.urbanity },
          counts.get(a.id),
          parent,
        ),
      ),
    };
  }

  async area(actor: Actor, id: string) {
    assertAllowed(actor, 'place.read');
    const result = await this.database.scoped(actor.scope, async (trx) => {
      const area = await findArea(trx, id);
      if (!area) return null;
      return {
        area,
        counts: (await countPlaces(trx, 'area_id', { column: 'area_id', value: id })).get(id),
        listing: await areaListing(trx, id),
        collaborators: await collaboratorsOfArea(trx, id),
      };
    });
    // Row-level security hides areas outside the scope: they answer exactly like areas that do not exist.
    if (!result) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
    const { area, counts, listing, collaborators } = result;
    assertAllowed(actor, 'place.read', {
      provinceCode: area.province_code,
      communeCode: area.commune_code,
      areaId: id,
    });
    const commune = await this.units.current(area.commune_code);
    const hamlets = new Map(
      listing.map((l) => [l.hamlet_id, { id: l.hamlet_id, name: l.hamlet_name, kind: l.hamlet_kind }]),
    );
    return {
      place: summary(
        'area',
        { code: area.id, name: area.name, unit_type: null, urbanity: commune?.urbanity ?? null },
        counts,
        commune ? { id: commune.code, name: commune.name } : null,
      ),
      hamlets: [...hamlets.values()],
      listing: listing.map((l) => ({
        seq: l.seq,
        hamletName: l.hamlet_name,
        street: l.street,
        householdFrom: l.household_from,
        householdTo: l.household_to,
      })),
      collaborators: collaborators.map((c) => ({
        id: c.id,
        displayName: c.display_name,
        username: c.username,
      })),
    };
  }
}
