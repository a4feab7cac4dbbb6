/**
 * The small expression language of indicator formulas (reporting.md: "a formula engine, not hard-coded
 * sums"). Formulas are data, so they are parsed — never evaluated as JavaScript — into a tree that can only
 * add, subtract, multiply and divide numbers, read named aggregate measures with filters on their
 * dimensions, sum over a list of values, and call a fixed list of functions.
 *
 *   births / (population * years)
 *   births[sex = 1] / births[sex = 2]
 *   population_end[age >= 15, age < $oldAge]
 *   births[motherAgeGroup in ('10-14', '15-19')]
 *   5 * sum(g in ('15-19', '20-24'): births[motherAgeGroup = g] / (women[ageGroup = g] * years))
 *   median_age(population_end)
 *
 * Names: a measure (`births`), a period variable (`years`, `months`), a parameter of the indicator
 * (`$oldAge`), or inside `sum(…)` the summed variable (only as a filter value).
 */

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 40;

/** Numbers of the period the formula is evaluated for. */
export const periodVariables = ['years', 'months'] as const;
export type PeriodVariable = (typeof periodVariables)[number];

/** Functions of numbers. */
export const numberFunctions = { ln: 1, exp: 1, abs: 1, min: -2, max: -2 } as const;
/** Functions of a measure's distribution by single year of age. */
export const ageFunctions = ['median_age', 'whipple', 'myers'] as const;
export type AgeFunction = (typeof ageFunctions)[number];

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ConditionOperator = ComparisonOperator | 'in' | 'not in';

export type FilterValue =
  | { kind: 'literal'; value: string | number }
  | { kind: 'param'; name: string }
  | { kind: 'name'; name: string };

export interface Condition {
  dim: string;
  op: ConditionOperator;
  values: FilterValue[];
}

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'param'; name: string }
  | { kind: 'variable'; name: PeriodVariable }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'measure'; measure: string; conditions: Condition[] }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'sum'; variable: string; values: FilterValue[]; body: Expr };

/** A formula that cannot be read, with the character position where reading stopped. */
export class ExpressionError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at ${position}`);
    this.name = 'ExpressionError';
  }
}

type TokenType = 'number' | 'string' | 'name' | 'param' | 'symbol' | 'end';
interface Token {
  type: TokenType;
  text: string;
  position: number;
}

const SYMBOLS = ['<=', '>=', '!=', '+', '-', '*', '/', '(', ')', '[', ']', ',', ':', '=', '<', '>'];
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

function tokenize(text: string): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError('too_long', MAX_EXPRESSION_LENGTH);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && /[\d.]/.test(c)) {
      tokens.push({ type: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = c === '$' ? i + 1 : i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ type: c === '$' ? 'param' : 'name', text: name[0], position: i });
      i = NAME.lastIndex;
      continue;
    }
    if (c === "'") {
      // A quoted code; '' stands for one quote.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ExpressionError('unterminated_string', i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j += 1;
      }
      tokens.push({ type: 'string', text: value, position: i });
      i = j + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (!symbol) throw new ExpressionError('unexpected_character', i);
    tokens.push({ type: 'symbol', text: symbol, position: i });
    i += symbol.length;
  }
  tokens.push({ type: 'end', text: '', position: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }
  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }
  private isSymbol(text: string): boolean {
    const token = this.peek();
    return token.type === 'symbol' && token.text === text;
  }
  private isWord(text: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.text === text;
  }
  private expect(text: string): void {
    if (!this.isSymbol(text)) throw new ExpressionError(`expected '${text}'`, this.peek().position);
    this.next();
  }
  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new ExpressionError('too_deep', this.peek().position);
  }

  parseAll(): Expr {
    const expr = this.expression();
    if (this.peek().type !== 'end') throw new ExpressionError('unexpected_token', this.peek().position);
    return expr;
  }

  private expression(): Expr {
    this.enter();
    let left = this.term();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = this.next().text as '+' | '-';
      left = { kind: 'binary', op, left, right: this.term() };
    }
    this.depth -= 1;
    return left;
  }

  private term(): Expr {
    let left = this.unary();
    while (this.isSymbol('*') || this.isSymbol('/')) {
      const op = this.next().text as '*' | '/';
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isSymbol('-')) {
      this.next();
      this.enter();
      const operand = this.unary();
      this.depth -= 1;
      return { kind: 'negate', operand };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.peek();
    if (token.type === 'number') {
      this.next();
      return { kind: 'number', value: Number(token.text) };
    }
    if (token.type === 'param') {
      this.next();
      return { kind: 'param', name: token.text };
    }
    if (this.isSymbol('(')) {
      this.next();
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (token.type !== 'name') throw new ExpressionError('expected a value', token.position);
    this.next();
    if (this.isSymbol('(')) {
      this.next();
      if (token.text === 'sum') return this.sum();
      const args: Expr[] = [];
      if (!this.isSymbol(')')) {
        args.push(this.expression());
        while (this.isSymbol(',')) {
          this.next();
          args.push(this.expression());
        }
      }
      this.expect(')');
      return { kind: 'call', fn: token.text, args };
    }
    if ((periodVariables as readonly string[]).includes(token.text)) {
      return { kind: 'variable', name: token.text as PeriodVariable };
    }
    return { kind: 'measure', measure: token.text, conditions: this.isSymbol('[') ? this.filter() : [] };
  }

  /** sum(name in (value, …): expression) */
  private sum(): Expr {
    const variable = this.peek();
    if (variable.type !== 'name') throw new ExpressionError('expected a name', variable.position);
    this.next();
    if (!this.isWord('in')) throw new ExpressionError("expected 'in'", this.peek().position);
    this.next();
    const values = this.valueList();
    this.expect(':');
    const body = this.expression();
    this.expect(')');
    return { kind: 'sum', variable: variable.text, values, body };
  }

  private filter(): Condition[] {
    this.expect('[');
    const conditions = [this.condition()];
    while (this.isSymbol(',')) {
      this.next();
      conditions.push(this.condition());
    }
    this.expect(']');
    return conditions;
  }

  /** Also reads a condition list on its own (e.g. a measure's filter for one unit level). */
  conditionList(): Condition[] {
    const conditions = [this.condition()];
    while (this.isSymbol(',')) {
      this.next();
      conditions.push(this.condition());
    }
    if (this.peek().type !== 'end') throw new ExpressionError('unexpected_token', this.peek().position);
    return conditions;
  }

  private condition(): Condition {
    const dim = this.peek();
    if (dim.type !== 'name') throw new ExpressionError('expected a dimension', dim.position);
    this.next();
    if (this.isWord('in') || this.isWord('not')) {
      const negated = this.next().text === 'not';
      if (negated) {
        if (!this.isWord('in')) throw new ExpressionError("expected 'in'", this.peek().position);
        this.next();
      }
      return { dim: dim.text, op: negated ? 'not in' : 'in', values: this.valueList() };
    }
    const op = this.peek();
    if (op.type !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      throw new ExpressionError('expected a comparison', op.position);
    }
    this.next();
    return { dim: dim.text, op: op.text as ComparisonOperator, values: [this.value()] };
  }

  private valueList(): FilterValue[] {
    this.expect('(');
    const values = [this.value()];
    while (this.isSymbol(',')) {
      this.next();
      values.push(this.value());
    }
    this.expect(')');
    return values;
  }

  private value(): FilterValue {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return { kind: 'literal', value: token.text };
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case 'param':
        return { kind: 'param', name: token.text };
      case 'name':
        return { kind: 'name', name: token.text };
      case 'symbol':
        if (token.text === '-' && this.peek().type === 'number') {
          return { kind: 'literal', value: -Number(this.next().text) };
        }
        throw new ExpressionError('expected a value', token.position);
      case 'end':
        throw new ExpressionError('expected a value', token.position);
    }
  }
}

/** Reads a formula; throws `ExpressionError` with the position of the first problem. */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parseAll();
}

/** Reads a comma-separated list of conditions, as written inside a measure's brackets. */
export function parseConditions(text: string): Condition[] {
  return new Parser(tokenize(text)).conditionList();
}

function formatValue(value: FilterValue): string {
  switch (value.kind) {
    case 'literal':
      return typeof value.value === 'number' ? String(value.value) : `'${value.value.replaceAll("'", "''")}'`;
    case 'param':
      return `$${value.name}`;
    case 'name':
      return value.name;
  }
}

export function formatCondition(condition: Condition): string {
  return condition.op === 'in' || condition.op === 'not in'
    ? `${condition.dim} ${condition.op} (${condition.values.map(formatValue).join(', ')})`
    : `${condition.dim} ${condition.op} ${formatValue(condition.values[0] as FilterValue)}`;
}

const precedence = (expr: Expr): number =>
  expr.kind === 'binary' ? (expr.op === '+' || expr.op === '-' ? 1 : 2) : expr.kind === 'negate' ? 3 : 4;

/** Writes a tree back as text; `parseExpression(formatExpression(e))` gives `e` again. */
export function formatExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'param':
      return `$${expr.name}`;
    case 'variable':
      return expr.name;
    case 'negate': {
      const inner = formatExpression(expr.operand);
      return precedence(expr.operand) < 3 ? `-(${inner})` : `-${inner}`;
    }
    case 'binary': {
      const p = precedence(expr);
      const left = formatExpression(expr.left);
      const right = formatExpression(expr.right);
      // Left-associative: the right operand needs brackets at equal precedence.
      const l = precedence(expr.left) < p ? `(${left})` : left;
      const r = precedence(expr.right) <= p ? `(${right})` : right;
      return `${l} ${expr.op} ${r}`;
    }
    case 'measure':
      return expr.conditions.length === 0
        ? expr.measure
        : `${expr.measure}[${expr.conditions.map(formatCondition).join(', ')}]`;
    case 'call':
      return `${expr.fn}(${expr.args.map(formatExpression).join(', ')})`;
    case 'sum':
      return `sum(${expr.variable} in (${expr.values.map(formatValue).join(', ')}): ${formatExpression(expr.body)})`;
  }
}

/** Every node of a tree, depth first. */
export function* walkExpression(expr: Expr): Generator<Expr> {
  yield expr;
  switch (expr.kind) {
    case 'negate':
      yield* walkExpression(expr.operand);
      break;
    case 'binary':
      yield* walkExpression(expr.left);
      yield* walkExpression(expr.right);
      break;
    case 'call':
      for (const arg of expr.args) yield* walkExpression(arg);
      break;
    case 'sum':
      yield* walkExpression(expr.body);
      break;
    default:
      break;
  }
}

/** The measures a formula reads, with the conditions each reference puts on them. */
export function measureReferences(expr: Expr): Array<Extract<Expr, { kind: 'measure' }>> {
  return [...walkExpression(expr)].filter(
    (e): e is Extract<Expr, { kind: 'measure' }> => e.kind === 'measure',
  );
}
