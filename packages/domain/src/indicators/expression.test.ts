import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Expr,
  ExpressionError,
  formatExpression,
  MAX_EXPRESSION_LENGTH,
  parseConditions,
  parseExpression,
} from './expression.ts';

/** Trees the language can write: numbers, parameters, measures with filters, arithmetic, calls and sums. */
const name = fc.constantFrom('births', 'deaths', 'population', 'women_end', 'x1');
const dim = fc.constantFrom('sex', 'age', 'ageGroup', 'method');
const literal = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map((value) => ({ kind: 'literal' as const, value })),
  fc.stringMatching(/^[a-z0-9+' -]{0,8}$/).map((value) => ({ kind: 'literal' as const, value })),
);
const filterValue = fc.oneof(
  literal,
  fc.constantFrom({ kind: 'param' as const, name: 'oldAge' }, { kind: 'name' as const, name: 'g' }),
);
const condition = fc.oneof(
  fc.record({
    dim,
    op: fc.constantFrom(
      '=' as const,
      '!=' as const,
      '<' as const,
      '<=' as const,
      '>' as const,
      '>=' as const,
    ),
    values: fc.tuple(filterValue).map((v) => [...v]),
  }),
  fc.record({
    dim,
    op: fc.constantFrom('in' as const, 'not in' as const),
    values: fc.array(filterValue, { minLength: 1, maxLength: 3 }),
  }),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((value) => ({ kind: 'number' as const, value })),
    fc.constant({ kind: 'param' as const, name: 'oldAge' }),
    fc.constantFrom({ kind: 'variable' as const, name: 'years' as const }),
    fc
      .record({ measure: name, conditions: fc.array(condition, { maxLength: 2 }) })
      .map((m) => ({ kind: 'measure' as const, ...m })),
    tie('expr').map((operand) => ({ kind: 'negate' as const, operand })),
    fc
      .record({
        op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
        left: tie('expr'),
        right: tie('expr'),
      })
      .map((b) => ({ kind: 'binary' as const, ...b })),
    fc
      .record({
        fn: fc.constantFrom('ln', 'max', 'median_age'),
        args: fc.array(tie('expr'), { minLength: 1, maxLength: 2 }),
      })
      .map((c) => ({ kind: 'call' as const, ...c })),
    fc
      .record({ values: fc.array(literal, { minLength: 1, maxLength: 3 }), body: tie('expr') })
      .map((s) => ({ kind: 'sum' as const, variable: 'g', ...s })),
  ),
})).expr;

describe('the formula language', () => {
  it('reads the catalogue’s kinds of formulas', () => {
    expect(parseExpression('births / (population * years)')).toEqual({
      kind: 'binary',
      op: '/',
      left: { kind: 'measure', measure: 'births', conditions: [] },
      right: {
        kind: 'binary',
        op: '*',
        left: { kind: 'measure', measure: 'population', conditions: [] },
        right: { kind: 'variable', name: 'years' },
      },
    });
    expect(parseExpression("population_end[age >= 15, age < $oldAge, sex in (1, '2')]")).toEqual({
      kind: 'measure',
      measure: 'population_end',
      conditions: [
        { dim: 'age', op: '>=', values: [{ kind: 'literal', value: 15 }] },
        { dim: 'age', op: '<', values: [{ kind: 'param', name: 'oldAge' }] },
        {
          dim: 'sex',
          op: 'in',
          values: [
            { kind: 'literal', value: 1 },
            { kind: 'literal', value: '2' },
          ],
        },
      ],
    });
    const tfr = parseExpression(
      "5 * sum(g in ('15-19', '20-24'): births[motherAgeGroup = g] / women[ageGroup = g])",
    );
    expect(tfr).toMatchObject({ kind: 'binary', right: { kind: 'sum', variable: 'g' } });
    expect(parseConditions("origin != 'same_province', kind not in ('a', 'b')")).toEqual([
      { dim: 'origin', op: '!=', values: [{ kind: 'literal', value: 'same_province' }] },
      {
        dim: 'kind',
        op: 'not in',
        values: [
          { kind: 'literal', value: 'a' },
          { kind: 'literal', value: 'b' },
        ],
      },
    ]);
  });

  it('respects precedence and left associativity', () => {
    const text = (s: string) => formatExpression(parseExpression(s));
    expect(text('1 - 2 - 3')).toBe('1 - 2 - 3');
    expect(text('1 - (2 - 3)')).toBe('1 - (2 - 3)');
    expect(text('1 + 2 * 3')).toBe('1 + 2 * 3');
    expect(text('(1 + 2) * 3')).toBe('(1 + 2) * 3');
    expect(text('8 / 4 / 2')).toBe('8 / 4 / 2');
    expect(text('--x')).toBe('--x');
  });

  it('writes every tree so that reading it back gives the same tree', () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        expect(parseExpression(formatExpression(expr))).toEqual(expr);
      }),
      { numRuns: 500 },
    );
  });

  it('computes arithmetic as JavaScript does', () => {
    const arithmetic: fc.Arbitrary<{ text: string; value: number }> = fc.letrec<{
      e: { text: string; value: number };
    }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: 0, max: 1000 }).map((n) => ({ text: String(n), value: n })),
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]) => ({
          text: `(${a.text} ${op} ${b.text})`,
          value: op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : a.value * b.value,
        })),
      ),
    })).e;
    fc.assert(
      fc.property(arithmetic, ({ text, value }) => {
        const tree = parseExpression(text);
        expect(evalNumbers(tree)).toBe(value);
      }),
    );
  });

  it('refuses what is not a formula with a position, never anything else', () => {
    for (const [text, position] of [
      ['births +', 8],
      ['births[sex 1]', 11],
      ['births[sex = ]', 13],
      ["births[sex = '1]", 13],
      ['process.exit(1)', 7],
      ['a; b', 1],
      ['(1 + 2', 6],
      ['sum(g: 1)', 5],
    ] as const) {
      try {
        parseExpression(text);
        expect.unreachable(text);
      } catch (error) {
        expect(error, text).toBeInstanceOf(ExpressionError);
        expect((error as ExpressionError).position, text).toBe(position);
      }
    }
    expect(() => parseExpression('1+'.repeat(MAX_EXPRESSION_LENGTH))).toThrow(ExpressionError);
    expect(() => parseExpression(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow(/too_deep/);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parseExpression(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function evalNumbers(expr: Expr): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'binary': {
      const a = evalNumbers(expr.left);
      const b = evalNumbers(expr.right);
      return expr.op === '+' ? a + b : expr.op === '-' ? a - b : expr.op === '*' ? a * b : a / b;
    }
    default:
      throw new Error(expr.kind);
  }
}
