/**
 * Separation factors nax: the average number of years lived in an age interval by those who die in it.
 * Each rule is a pure function of the rates; the life table picks one by name (`AxRule`).
 */

export type LifeTableSex = 'male' | 'female' | 'total';
export type YoungAxRuleName = 'cd-m0' | 'cd-q0' | 'ak-m0';
export type CoaleDemenyRegion = 'west' | 'north' | 'east' | 'south';
export type OlderAxRuleName = 'un' | 'greville' | 'half';

export const youngAxRuleNames: readonly YoungAxRuleName[] = ['cd-m0', 'cd-q0', 'ak-m0'];
export const coaleDemenyRegions: readonly CoaleDemenyRegion[] = ['west', 'north', 'east', 'south'];
export const olderAxRuleNames: readonly OlderAxRuleName[] = ['un', 'greville', 'half'];
export const lifeTableSexes: readonly LifeTableSex[] = ['male', 'female', 'total'];

/** Ages 0 (and 1–4 in abridged tables) by `young`; ages 5 and over by `older`. */
export interface AxRule {
  young: YoungAxRuleName;
  region: CoaleDemenyRegion;
  older: OlderAxRuleName;
}

export const defaultAxRule: AxRule = { young: 'cd-m0', region: 'west', older: 'un' };

/** The rule with every missing part taken from `defaultAxRule`. */
export function axRuleWithDefaults(rule: Partial<AxRule> | undefined): AxRule {
  return {
    young: rule?.young ?? defaultAxRule.young,
    region: rule?.region ?? defaultAxRule.region,
    older: rule?.older ?? defaultAxRule.older,
  };
}

/** Sex ratio at birth used to blend the male and female rules for both sexes combined. */
export const BLENDING_SRB = 1.05;

export interface YoungAx {
  /** 1a0 */
  a0: number;
  /** 4a1 (abridged tables only) */
  a1: number;
}

/**
 * Neither Coale–Demeny nor Andreev–Kingkade publish a both-sexes rule: for `total` the male and female
 * values are weighted by a sex ratio at birth of 1.05 (as DemoTools does).
 */
function bySex(sex: LifeTableSex, rule: (sex: 'male' | 'female') => YoungAx): YoungAx {
  if (sex !== 'total') return rule(sex);
  const male = rule('male');
  const female = rule('female');
  const w = BLENDING_SRB / (1 + BLENDING_SRB);
  return { a0: w * male.a0 + (1 - w) * female.a0, a1: w * male.a1 + (1 - w) * female.a1 };
}

/**
 * Coale–Demeny 1a0 and 4a1 from 1m0 (PHG 2001, table 3.3, after Coale & Demeny 1983).
 * Male: a0 = 0.045 + 2.684·m0, 4a1 = 1.651 − 2.816·m0 when m0 < 0.107, else 0.330 and 1.352.
 * Female: a0 = 0.053 + 2.800·m0, 4a1 = 1.522 − 1.518·m0, else 0.350 and 1.361.
 */
export function axCoaleDemenyFromM0(m0: number, sex: LifeTableSex): YoungAx {
  return bySex(sex, (s) => {
    if (s === 'male')
      return m0 < 0.107 ? { a0: 0.045 + 2.684 * m0, a1: 1.651 - 2.816 * m0 } : { a0: 0.33, a1: 1.352 };
    return m0 < 0.107 ? { a0: 0.053 + 2.8 * m0, a1: 1.522 - 1.518 * m0 } : { a0: 0.35, a1: 1.361 };
  });
}

interface CoaleDemenyQ0Coefficients {
  /** a0 = alpha + beta·q0 for q0 ≤ 0.1, else a0High */
  alpha: number;
  beta: number;
  a0High: number;
  /** 4a1 = A − B·q0 for q0 ≤ 0.1, else a1High */
  A: number;
  B: number;
  a1High: number;
}

const cdQ0Table: Record<CoaleDemenyRegion, Record<'male' | 'female', CoaleDemenyQ0Coefficients>> = {
  west: {
    male: { alpha: 0.0425, beta: 2.875, a0High: 0.33, A: 1.653, B: 3.013, a1High: 1.352 },
    female: { alpha: 0.05, beta: 3.0, a0High: 0.35, A: 1.524, B: 1.627, a1High: 1.361 },
  },
  north: {
    male: { alpha: 0.0425, beta: 2.875, a0High: 0.33, A: 1.859, B: 3.013, a1High: 1.558 },
    female: { alpha: 0.05, beta: 3.0, a0High: 0.35, A: 1.733, B: 1.627, a1High: 1.57 },
  },
  east: {
    male: { alpha: 0.0025, beta: 2.875, a0High: 0.29, A: 1.614, B: 3.013, a1High: 1.313 },
    female: { alpha: 0.01, beta: 3.0, a0High: 0.31, A: 1.487, B: 1.627, a1High: 1.324 },
  },
  south: {
    male: { alpha: 0.0425, beta: 2.875, a0High: 0.33, A: 1.541, B: 3.013, a1High: 1.24 },
    female: { alpha: 0.05, beta: 3.0, a0High: 0.35, A: 1.402, B: 1.627, a1High: 1.239 },
  },
};

function cdQ0Coefficients(region: CoaleDemenyRegion, sex: LifeTableSex): CoaleDemenyQ0Coefficients {
  const table = cdQ0Table[region];
  if (sex !== 'total') return table[sex];
  const w = BLENDING_SRB / (1 + BLENDING_SRB);
  const mix = (key: keyof CoaleDemenyQ0Coefficients) => w * table.male[key] + (1 - w) * table.female[key];
  return {
    alpha: mix('alpha'),
    beta: mix('beta'),
    a0High: mix('a0High'),
    A: mix('A'),
    B: mix('B'),
    a1High: mix('a1High'),
  };
}

/**
 * Coale–Demeny 1a0 and 4a1 from 1q0 by region (UN Manual X 1983, table 164; US Census Bureau PAS):
 * a0 = α + β·q0 and 4a1 = A − B·q0 for q0 ≤ 0.1, regional constants above.
 */
export function axCoaleDemenyFromQ0(q0: number, sex: LifeTableSex, region: CoaleDemenyRegion): YoungAx {
  const c = cdQ0Coefficients(region, sex);
  return q0 <= 0.1 ? { a0: c.alpha + c.beta * q0, a1: c.A - c.B * q0 } : { a0: c.a0High, a1: c.a1High };
}

/**
 * Coale–Demeny with only 1M0 known (UN Manual X 1983; DemoTools `lt_rule_1a0_cd`): q0 and a0 solved jointly
 * from q0 = M0 / (1 + (1 − a0)·M0) and a0 = α + β·q0, i.e. q0 = (b − √(b² − 4·a·M0)) / (2a) with a = β·M0,
 * b = 1 + M0·(1 − α); above q0 = 0.1 a0 is the regional constant and q0 = M0 / (1 + (1 − a0)·M0).
 */
export function solveQ0FromM0CoaleDemeny(
  m0: number,
  sex: LifeTableSex,
  region: CoaleDemenyRegion,
): { q0: number; a0: number; a1: number } {
  const c = cdQ0Coefficients(region, sex);
  if (m0 > 0) {
    const a = c.beta * m0;
    const b = 1 + m0 * (1 - c.alpha);
    const q0 = (b - Math.sqrt(b * b - 4 * a * m0)) / (2 * a);
    if (q0 <= 0.1) return { q0, ...axCoaleDemenyFromQ0(q0, sex, region) };
  }
  const q0 = m0 / (1 + (1 - c.a0High) * m0);
  return { q0, ...axCoaleDemenyFromQ0(q0, sex, region) };
}

/**
 * Andreev–Kingkade 1a0 from 1m0 (Andreev & Kingkade 2015; HMD Methods Protocol v6).
 * Male: 0.14929 − 1.99545·m0 (m0 < 0.0230), 0.02832 + 3.26021·m0 (m0 < 0.08307), else 0.29915.
 * Female: 0.14903 − 2.05527·m0 (m0 < 0.01724), 0.04667 + 3.88089·m0 (m0 < 0.06891), else 0.31411.
 */
export function a0AndreevKingkade(m0: number, sex: LifeTableSex): number {
  return bySex(sex, (s) => {
    if (s === 'male') {
      const a0 = m0 < 0.023 ? 0.14929 - 1.99545 * m0 : m0 < 0.08307 ? 0.02832 + 3.26021 * m0 : 0.29915;
      return { a0, a1: 0 };
    }
    const a0 = m0 < 0.01724 ? 0.14903 - 2.05527 * m0 : m0 < 0.06891 ? 0.04667 + 3.88089 * m0 : 0.31411;
    return { a0, a1: 0 };
  }).a0;
}

/**
 * Greville's nax (UN 1982, Model Life Tables for Developing Countries; PHG 2001, ch. 3):
 * a = n/2 − (n²/12)·(M − k), k = ln(M(next) / M(prev)) / (distance between the neighbours' midpoints),
 * which is ln(M(x+5) / M(x−5)) / 10 for five-year groups. k is 0 when a neighbour rate is 0, and the
 * result is kept within [0, n].
 */
export function axGreville(
  n: number,
  m: number,
  mPrevious: number,
  mNext: number,
  midpointDistance: number,
): number {
  const k = mPrevious > 0 && mNext > 0 ? Math.log(mNext / mPrevious) / midpointDistance : 0;
  const a = n / 2 - ((n * n) / 12) * (m - k);
  return Math.min(n, Math.max(0, a));
}
