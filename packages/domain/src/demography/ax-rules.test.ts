import { describe, expect, it } from 'vitest';
import {
  a0AndreevKingkade,
  axCoaleDemenyFromM0,
  axCoaleDemenyFromQ0,
  axGreville,
  axRuleWithDefaults,
  solveQ0FromM0CoaleDemeny,
} from './ax-rules.ts';

// Values worked by hand from the published formulas (PHG table 3.3; Manual X table 164; Andreev & Kingkade 2015).
describe('Coale–Demeny from 1m0 (PHG table 3.3)', () => {
  it('follows the linear pieces below m0 = 0.107', () => {
    expect(axCoaleDemenyFromM0(0.02, 'male').a0).toBeCloseTo(0.09868, 12);
    expect(axCoaleDemenyFromM0(0.02, 'male').a1).toBeCloseTo(1.59468, 12);
    expect(axCoaleDemenyFromM0(0.02, 'female').a0).toBeCloseTo(0.109, 12);
    expect(axCoaleDemenyFromM0(0.02, 'female').a1).toBeCloseTo(1.49164, 12);
  });

  it('is constant from m0 = 0.107', () => {
    expect(axCoaleDemenyFromM0(0.107, 'male')).toEqual({ a0: 0.33, a1: 1.352 });
    expect(axCoaleDemenyFromM0(0.2, 'female')).toEqual({ a0: 0.35, a1: 1.361 });
  });

  it('weights males and females 1.05 : 1 for both sexes', () => {
    const male = axCoaleDemenyFromM0(0.05, 'male');
    const female = axCoaleDemenyFromM0(0.05, 'female');
    const total = axCoaleDemenyFromM0(0.05, 'total');
    expect(total.a0).toBeCloseTo((1.05 * male.a0 + female.a0) / 2.05, 14);
    expect(total.a1).toBeCloseTo((1.05 * male.a1 + female.a1) / 2.05, 14);
  });
});

describe('Coale–Demeny from 1q0 by region (Manual X table 164)', () => {
  it('gives the regional lines for q0 ≤ 0.1', () => {
    expect(axCoaleDemenyFromQ0(0.05, 'male', 'west').a0).toBeCloseTo(0.18625, 12);
    expect(axCoaleDemenyFromQ0(0.05, 'male', 'west').a1).toBeCloseTo(1.50235, 12);
    expect(axCoaleDemenyFromQ0(0.05, 'female', 'east').a0).toBeCloseTo(0.16, 12);
    expect(axCoaleDemenyFromQ0(0.05, 'female', 'east').a1).toBeCloseTo(1.40565, 12);
    expect(axCoaleDemenyFromQ0(0.02, 'male', 'north').a1).toBeCloseTo(1.79874, 12);
    expect(axCoaleDemenyFromQ0(0.02, 'female', 'south').a1).toBeCloseTo(1.36946, 12);
    expect(axCoaleDemenyFromQ0(0.02, 'male', 'east').a0).toBeCloseTo(0.06, 12);
  });

  it('gives the regional constants above q0 = 0.1', () => {
    expect(axCoaleDemenyFromQ0(0.2, 'male', 'west')).toEqual({ a0: 0.33, a1: 1.352 });
    expect(axCoaleDemenyFromQ0(0.2, 'female', 'north')).toEqual({ a0: 0.35, a1: 1.57 });
    expect(axCoaleDemenyFromQ0(0.2, 'male', 'east')).toEqual({ a0: 0.29, a1: 1.313 });
    expect(axCoaleDemenyFromQ0(0.2, 'female', 'south')).toEqual({ a0: 0.35, a1: 1.239 });
  });

  it('solves q0 and a0 jointly from M0 so that both equations hold', () => {
    for (const region of ['west', 'north', 'east', 'south'] as const) {
      for (const sex of ['male', 'female', 'total'] as const) {
        for (const m0 of [0.001, 0.02, 0.08, 0.3]) {
          const { q0, a0 } = solveQ0FromM0CoaleDemeny(m0, sex, region);
          expect(q0).toBeCloseTo(m0 / (1 + (1 - a0) * m0), 12);
          expect(a0).toBeCloseTo(axCoaleDemenyFromQ0(q0, sex, region).a0, 12);
        }
      }
    }
  });

  it('matches a hand solution of the quadratic', () => {
    // M0 = 0.05, west males: a = 0.14375, b = 1.047875, q0 = (b − √(b² − 4·a·M0)) / (2a) = 0.0480321,
    // and then a0 = 0.0425 + 2.875·q0 = 0.1805923.
    const solved = solveQ0FromM0CoaleDemeny(0.05, 'male', 'west');
    expect(solved.q0).toBeCloseTo(0.0480321, 7);
    expect(solved.a0).toBeCloseTo(0.1805923, 7);
  });

  it('uses the constant a0 when q0 exceeds 0.1', () => {
    const { q0, a0 } = solveQ0FromM0CoaleDemeny(0.2, 'male', 'west');
    expect(a0).toBe(0.33);
    expect(q0).toBeCloseTo(0.2 / 1.134, 12);
  });
});

describe('Andreev–Kingkade 1a0 (2015)', () => {
  it('follows the three male pieces', () => {
    expect(a0AndreevKingkade(0.01, 'male')).toBeCloseTo(0.1293355, 12);
    expect(a0AndreevKingkade(0.05, 'male')).toBeCloseTo(0.1913305, 12);
    expect(a0AndreevKingkade(0.1, 'male')).toBe(0.29915);
  });

  it('follows the three female pieces', () => {
    expect(a0AndreevKingkade(0.01, 'female')).toBeCloseTo(0.1284773, 12);
    expect(a0AndreevKingkade(0.03, 'female')).toBeCloseTo(0.1630967, 12);
    expect(a0AndreevKingkade(0.1, 'female')).toBe(0.31411);
  });

  it('is nearly continuous at the break points', () => {
    expect(Math.abs(a0AndreevKingkade(0.0229999, 'male') - a0AndreevKingkade(0.023, 'male'))).toBeLessThan(
      2e-4,
    );
    expect(
      Math.abs(a0AndreevKingkade(0.0689099, 'female') - a0AndreevKingkade(0.06891, 'female')),
    ).toBeLessThan(2e-4);
  });
});

describe('Greville (UN 1982)', () => {
  it('matches a hand computation', () => {
    // k = ln(0.0125 / 0.008) / 10 = 0.0446287…; a = 2.5 − 25/12·(0.01 − k).
    expect(axGreville(5, 0.01, 0.008, 0.0125, 10)).toBeCloseTo(2.5721432, 6);
  });

  it('gives n/2 − n²/12·M when mortality is flat', () => {
    expect(axGreville(5, 0.02, 0.02, 0.02, 10)).toBeCloseTo(2.5 - (25 / 12) * 0.02, 14);
  });

  it('stays within the interval', () => {
    expect(axGreville(5, 3, 0.001, 5, 10)).toBeGreaterThanOrEqual(0);
    expect(axGreville(5, 0, 1, 0.0000001, 10)).toBeLessThanOrEqual(5);
  });
});

it('fills a partial rule with the defaults', () => {
  expect(axRuleWithDefaults({ older: 'half' })).toEqual({ young: 'cd-m0', region: 'west', older: 'half' });
});
