import { householdSizes } from './data/demography.ts';
import { Random } from './random.ts';
import type { CommuneInfo, ProvinceInfo } from './rows.ts';

/** Fewest areas' worth of people a seeded commune gets: ~143 households, so its one area holds ≥ 100. */
export const minPeoplePerCommune = 500;

export interface CommunePlan {
  commune: CommuneInfo;
  /** Its position in the plan (0-based), used to keep generated numbers disjoint between communes. */
  ordinal: number;
  people: number;
}

export interface SeedPlan {
  seed: number;
  province: ProvinceInfo;
  people: number;
  communes: CommunePlan[];
}

export const meanHouseholdSize = householdSizes.reduce((sum, [size, share]) => sum + size * share, 0);

/**
 * Decides which communes get people and how many. People are spread in proportion to a seeded random
 * weight (wards a little heavier), on top of a floor that keeps every area at 100 households or more;
 * when there are too few people for every commune to reach the floor, only some communes are used.
 */
export function planProvince(input: {
  seed: number;
  province: ProvinceInfo;
  communes: readonly CommuneInfo[];
  people: number;
}): SeedPlan {
  const { seed, province, people } = input;
  if (!Number.isInteger(people) || people < 1) throw new RangeError('people must be a positive integer');
  const all = [...input.communes].sort((a, b) => a.code.localeCompare(b.code));
  if (all.length === 0) throw new RangeError(`province ${province.code} has no communes`);
  const random = new Random(`${seed}:${province.code}:plan`);

  const count = Math.max(1, Math.min(all.length, Math.floor(people / minPeoplePerCommune)));
  let chosen = all;
  if (count < all.length) {
    const shuffled = [...all];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as CommuneInfo, shuffled[i] as CommuneInfo];
    }
    chosen = shuffled.slice(0, count).sort((a, b) => a.code.localeCompare(b.code));
  }

  const floor = Math.min(minPeoplePerCommune, Math.floor(people / count));
  const weights = chosen.map((c) => Math.exp(0.5 * random.normal()) * (c.urbanity === 'urban' ? 1.6 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const rest = people - floor * count;
  // Largest remainder, so the shares add up to exactly `people`.
  const exact = weights.map((w) => (rest * w) / totalWeight);
  const shares = exact.map((x) => Math.floor(x));
  let left = rest - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    shares[i] = (shares[i] as number) + 1;
    left -= 1;
  }

  return {
    seed,
    province,
    people,
    communes: chosen.map((commune, ordinal) => ({
      commune,
      ordinal,
      people: floor + (shares[ordinal] as number),
    })),
  };
}
