/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { axCoaleDemenyFromM0, axCoaleDemenyFromQ0 } from './ax-rules.ts';
import { lifeTable, lifeTableKind, mxFromQx, qxFromMx } from './life-table.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(`${repoRoot}../shared/data/demography/${file}`, 'utf8')
    .trim()
    .split(/\r?\n/);
  const keys = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i] ?? '', v])));
}

function problemsOf(run: () => unknown): Array<{ path?: string; reason: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.details;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('PHG Box 3.1: Austria, males, 1992', () => {
  const rows = readCsv('lt_abridged_austria1992_males_PHG_box3_1.csv');
  const table = lifeTable({
    ages: rows.map((r) => Number(r.age)),
    deaths: rows.map((r) => Number(r.deaths_nDx_input)),
    exposure: rows.map((r) => Number(r.pop_nNx_input)),
    ax: rows.map((r) => Number(r.nax_input)),
    sex: 'male',
  });

  it('reproduces the published lx, ndx and nLx within ±1', () => {
    rows.forEach((r, i) => {
      expect(Math.abs((table.lx[i] ?? 0) - Number(r.nlx_book))).toBeLessThanOrEqual(1);
      expect(Math.abs((table.dx[i] ?? 0) - Number(r.ndx_book))).toBeLessThanOrEqual(1);
      expect(Math.abs((table.Lx[i] ?? 0) - Number(r.nLx_book))).toBeLessThanOrEqual(1);
    });
  });

  it('gives e0 = 72.89 and every ex within ±0.01', () => {
    expect(table.ex[0]).toBeCloseTo(72.889, 2);
    for (const [i, r] of rows.entries()) {
      expect(Math.abs((table.ex[i] ?? 0) - Number(r.ex_derived))).toBeLessThanOrEqual(0.01);
    }
  });

  it('states its conventions', () => {
    expect(table.conventions).toMatchObject({
      table: 'abridged',
      mxSource: 'deaths-exposure',
      axSource: 'given',
    });
    expect(table.conventions.axMethod.at(-1)).toBe('open');
    expect(table.n.at(-1)).toBeNull();
    expect(table.n.slice(0, 3)).toEqual([1, 4, 5]);
  });
});

describe('life table algebra', () => {
  it('has e0 = 1/m when the hazard is constant and nax is its exact value', () => {
    const m = 0.02;
    const ages = [0, 1, 5, 10, 15, 20];
    const widths = [1, 4, 5, 5, 5];
    const exactAx = (n: number) => 1 / m - (n * Math.exp(-n * m)) / (1 - Math.exp(-n * m));
    const table = lifeTable({
      ages,
      mx: ages.map(() => m),
      ax: [...widths.map(exactAx), 0],
      sex: 'female',
    });
    for (const e of table.ex) expect(e).toBeCloseTo(50, 9);
    expect(table.lx[2]).toBeCloseTo(100_000 * Math.exp(-5 * m), 6);
  });

  it('is close to 1/m with the half-interval rule', () => {
    const m = 0.01;
    const ages = Array.from({ length: 101 }, (_, i) => i);
    const table = lifeTable({ ages, mx: ages.map(() => m), sex: 'total', axRule: { older: 'half' } });
    expect(Math.abs((table.ex[50] ?? 0) - 100)).toBeLessThan(0.01);
  });

  it('computes a two-group table by hand', () => {
    // n = 1, M = 0.1, a = 0.3: q = 0.1 / (1 + 0.7·0.1) = 0.0934579…; open M = 0.5.
    const table = lifeTable({ ages: [0, 1], mx: [0.1, 0.5], ax: [0.3, 0], sex: 'male', radix: 1000 });
    const q = 0.1 / 1.07;
    expect(table.qx[0]).toBeCloseTo(q, 12);
    expect(table.dx[0]).toBeCloseTo(1000 * q, 9);
    expect(table.Lx[0]).toBeCloseTo(1000 * (1 - q) + 0.3 * 1000 * q, 9);
    expect(table.Lx[1]).toBeCloseTo((1000 * (1 - q)) / 0.5, 9);
    expect(table.ax[1]).toBe(2);
    expect(table.ex[1]).toBeCloseTo(2, 12);
    expect(table.Tx[0]).toBeCloseTo((table.Lx[0] ?? 0) + (table.Lx[1] ?? 0), 9);
    expect(table.conventions.table).toBe('complete');
  });

  it('uses 1 − e^(−nM) when n·M/(1 + (n − a)·M) exceeds 1', () => {
    expect(qxFromMx(5, 0.1, 2.5)).toEqual({ q: 0.5 / 1.25, method: 'standard' });
    // a·M > 1: 5·1 / (1 + 3·1) = 1.25.
    const extreme = qxFromMx(5, 1, 2);
    expect(extreme.method).toBe('exponential');
    expect(extreme.q).toBeCloseTo(1 - Math.exp(-5), 12);
  });

  it('inverts q back to M', () => {
    const q = qxFromMx(5, 0.04, 2.3).q;
    expect(mxFromQx(5, q, 2.3)).toBeCloseTo(0.04, 14);
  });

  it('takes deaths and exposure as mx = D/E', () => {
    const a = lifeTable({
      ages: [0, 1, 5],
      deaths: [30, 8, 200],
      exposure: [1000, 4000, 1000],
      sex: 'female',
    });
    const b = lifeTable({ ages: [0, 1, 5], mx: [0.03, 0.002, 0.2], sex: 'female' });
    expect(a.lx).toEqual(b.lx);
    expect(a.conventions.mxSource).toBe('deaths-exposure');
  });

  it('uses a given q0 as 1q0 and recomputes 1m0 from it', () => {
    const table = lifeTable({ ages: [0, 1, 5, 10], mx: [0.03, 0.002, 0.001, 0.1], q0: 0.025, sex: 'male' });
    expect(table.qx[0]).toBe(0.025);
    expect(table.conventions.qxMethod[0]).toBe('given-q0');
    expect(table.conventions.q0Source).toBe('given');
    const a0 = table.ax[0] ?? 0;
    // The Coale–Demeny rule holds for the recomputed 1m0, and 1m0 agrees with 1q0.
    expect(a0).toBeCloseTo(0.045 + 2.684 * (table.mx[0] ?? 0), 12);
    expect(table.mx[0]).toBeCloseTo(mxFromQx(1, 0.025, a0), 12);
    expect(table.Lx[0]).toBeCloseTo((table.lx[1] ?? 0) + a0 * (table.dx[0] ?? 0), 9);
  });

  it('recognises abridged and complete ages only', () => {
    expect(lifeTableKind([0, 1, 5, 10])).toBe('abridged');
    expect(lifeTableKind([0, 1, 2, 3])).toBe('complete');
    expect(lifeTableKind([0, 5, 10])).toBeNull();
    expect(lifeTableKind([0, 1, 5, 9])).toBeNull();
  });
});

describe('separation factor rules in the table', () => {
  const ages = [0, 1, 5, 10, 15, 20, 25];
  const mx = [0.02, 0.001, 0.0004, 0.0003, 0.0008, 0.0012, 0.05];

  it('defaults to Coale–Demeny West from 1m0 with the UN rule from 5', () => {
    const table = lifeTable({ ages, mx, sex: 'male' });
    const cd = axCoaleDemenyFromM0(0.02, 'male');
    expect(table.ax[0]).toBeCloseTo(0.045 + 2.684 * 0.02, 12);
    expect(table.ax[1]).toBeCloseTo(cd.a1, 12);
    expect(table.conventions.axMethod).toEqual([
      'cd-m0',
      'cd-m0',
      'half',
      'half',
      'greville',
      'greville',
      'open',
    ]);
    expect(table.ax[2]).toBe(2.5);
    expect(table.ax[3]).toBe(2.5);
    // Greville at 15: k = ln(M20 / M10) / 10.
    const k = Math.log(0.0012 / 0.0003) / 10;
    expect(table.ax[4]).toBeCloseTo(2.5 - (25 / 12) * (0.0008 - k), 12);
    expect(table.conventions.axRule).toEqual({ young: 'cd-m0', region: 'west', older: 'un' });
  });

  it('applies Greville from 5 with the 1–4 group as the younger neighbour', () => {
    const table = lifeTable({ ages, mx, sex: 'female', axRule: { older: 'greville' } });
    const k = Math.log(0.0003 / 0.001) / (12.5 - 3);
    expect(table.ax[2]).toBeCloseTo(2.5 - (25 / 12) * (0.0004 - k), 12);
    expect(table.conventions.axMethod[2]).toBe('greville');
  });

  it('applies half the interval', () => {
    const table = lifeTable({ ages, mx, sex: 'female', axRule: { older: 'half' } });
    expect(table.ax.slice(2, 6)).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it('applies Coale–Demeny from q0 by region, solving q0 from M0', () => {
    const table = lifeTable({ ages, mx, sex: 'female', axRule: { young: 'cd-q0', region: 'east' } });
    const q0 = table.qx[0] ?? 0;
    expect(table.ax[0]).toBeCloseTo(0.01 + 3 * q0, 12);
    expect(table.ax[1]).toBeCloseTo(1.487 - 1.627 * q0, 12);
    expect(q0).toBeCloseTo(0.02 / (1 + (1 - (table.ax[0] ?? 0)) * 0.02), 12);
    expect(table.mx[0]).toBe(0.02);
  });

  it('applies Coale–Demeny from a given q0', () => {
    const table = lifeTable({ ages, mx, q0: 0.15, sex: 'male', axRule: { young: 'cd-q0', region: 'south' } });
    expect(table.ax[0]).toBe(0.33);
    expect(table.ax[1]).toBe(1.24);
    expect(axCoaleDemenyFromQ0(0.15, 'male', 'south')).toEqual({ a0: 0.33, a1: 1.24 });
  });

  it('applies Andreev–Kingkade to 1a0 and Coale–Demeny to 4a1', () => {
    const table = lifeTable({ ages, mx, sex: 'female', axRule: { young: 'ak-m0' } });
    expect(table.ax[0]).toBeCloseTo(0.04667 + 3.88089 * 0.02, 12);
    expect(table.ax[1]).toBeCloseTo(1.522 - 1.518 * 0.02, 12);
    expect(table.conventions.axMethod.slice(0, 2)).toEqual(['ak-m0', 'cd-m0']);
  });

  it('uses 0.5 at ages 1–4 of a complete table', () => {
    const single = Array.from({ length: 21 }, (_, i) => i);
    const table = lifeTable({ ages: single, mx: single.map((x) => 0.001 + 0.0001 * x), sex: 'male' });
    expect(table.ax.slice(1, 15)).toEqual(new Array(14).fill(0.5));
    expect(table.conventions.axMethod[15]).toBe('greville');
  });
});

describe('life table input problems', () => {
  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      lifeTable({
        ages: [0, 1, 5, 10],
        mx: [0.01, -0.002, 0.001],
        ax: [0.1, 5, 2.5, 0],
        q0: 1.2,
        radix: -1,
        sex: 'male',
      }),
    );
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      ['/mx', 'length_mismatch'],
      ['/mx/1', 'negative'],
      ['/ax/1', 'out_of_interval'],
      ['/q0', 'range'],
      ['/radix', 'not_positive'],
    ]);
  });

  it('rejects other age layouts and a zero open rate', () => {
    const problems = problemsOf(() => lifeTable({ ages: [0, 5, 10], mx: [0.01, 0.001, 0], sex: 'total' }));
    expect(problems.map((p) => p.reason)).toEqual(['age_pattern', 'open_rate_zero']);
  });

  it('requires rates or deaths with exposure, not both', () => {
    expect(problemsOf(() => lifeTable({ ages: [0, 1], sex: 'male' }))[0]?.reason).toBe('required');
    expect(problemsOf(() => lifeTable({ ages: [0, 1], deaths: [1, 1], sex: 'male' }))[0]).toMatchObject({
      path: '/exposure',
      reason: 'required',
    });
    expect(
      problemsOf(() =>
        lifeTable({ ages: [0, 1], mx: [0.1, 0.2], deaths: [1, 1], exposure: [10, 10], sex: 'male' }),
      )[0]?.reason,
    ).toBe('exclusive');
  });
});
