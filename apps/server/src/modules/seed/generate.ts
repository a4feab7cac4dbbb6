import { type AreaBatch, CommuneGenerator, ProvinceTables } from './commune.ts';
import { planProvince, type SeedPlan } from './plan.ts';
import type { AreaListingRow, AreaRow, CommuneInfo, HamletRow, ProvinceInfo } from './rows.ts';

export interface ProvinceInput {
  seed: number;
  province: ProvinceInfo;
  /** The province's current communes. */
  communes: readonly CommuneInfo[];
  people: number;
  /** Every current province code (birth provinces of people born elsewhere). */
  provinceCodes: readonly string[];
}

/** An area's batch, with its commune and whether it is that commune's last area. */
export type ProvinceBatch = AreaBatch & { commune: CommuneInfo; closesCommune: boolean };

export interface GeneratedProvince {
  plan: SeedPlan;
  hamlets: HamletRow[];
  areas: AreaRow[];
  listings: AreaListingRow[];
  /** Households and people, area by area, commune by commune. Generated lazily: iterate once. */
  batches(): Generator<ProvinceBatch>;
}

/**
 * The synthetic population of a province, without any database: the layout (hamlets, areas and their
 * listings) at once, households and people on demand. The same input always gives the same rows.
 */
export function generateProvince(input: ProvinceInput): GeneratedProvince {
  const plan = planProvince(input);
  const tables = new ProvinceTables(plan, input.provinceCodes);
  const generators = plan.communes.map((c) => new CommuneGenerator(tables, c));
  return {
    plan,
    hamlets: generators.flatMap((g) => g.layout.hamlets),
    areas: generators.flatMap((g) => g.layout.areas),
    listings: generators.flatMap((g) => g.layout.listings),
    *batches() {
      for (const [i, generator] of generators.entries()) {
        const commune = (plan.communes[i] as (typeof plan.communes)[number]).commune;
        const last = generator.layout.areas.length - 1;
        for (const batch of generator.areaBatches()) {
          yield { ...batch, commune, closesCommune: batch.area.number - 1 === last };
        }
      }
    },
  };
}
