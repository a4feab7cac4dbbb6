import { hash128 } from './random.ts';

/**
 * Deterministic ids for seeded rows, laid out like UUIDv7 (RFC 9562) with a counter in the random bits:
 *
 *   tttttttt-tttt-7kpp-8ccc-ccnnnnnnnnnn
 *
 * t = a millisecond "timestamp" near the reference date, shifted by the seed; k = kind of row;
 * p = province code; c = commune code; n = a counter within the commune. Ids are therefore unique per
 * seed, province, commune and kind without any bookkeeping, and they grow with the counter, so the
 * primary-key indexes are filled at their right edge, which is what makes bulk loading fast.
 */
export const idKinds = { hamlet: 1, area: 2, household: 3, person: 4, user: 5 } as const;
export type IdKind = keyof typeof idKinds;

const referenceMs = Date.UTC(2026, 6, 1);

export class IdMaker {
  private readonly prefix: string;

  constructor(seed: number, kind: IdKind, provinceCode: string, communeCode: string) {
    const [h] = hash128(`danso-seed-ids:${seed}`);
    const ms = referenceMs + (h & 0xffffff);
    const t = ms.toString(16).padStart(12, '0');
    const p = Number(provinceCode).toString(16).padStart(2, '0');
    const c = Number(communeCode).toString(16).padStart(5, '0');
    this.prefix = `${t.slice(0, 8)}-${t.slice(8)}-7${idKinds[kind]}${p}-8${c.slice(0, 3)}-${c.slice(3)}`;
  }

  /** The id with this counter (0 ≤ counter < 2^40). */
  id(counter: number): string {
    return this.prefix + counter.toString(16).padStart(10, '0');
  }
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
