import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { DomainError, type ErrorDetail } from '../errors.ts';

/** More problems than this are summarised in one last entry, so a huge bad array gives a readable answer. */
export const MAX_PROBLEMS = 100;

/** Collects every problem of an input, then throws them together as one validation error. */
export class Problems {
  readonly list: ErrorDetail[] = [];
  /** Paths the schema already found wrong: the checks beyond the schema do not report them twice. */
  private readonly schemaPaths = new Set<string>();

  add(path: string, reason: string, message: string): void {
    const where = path === '' ? '/' : path;
    if (this.schemaPaths.has(where)) return;
    this.list.push({ path: where, reason, message });
  }

  /** A schema problem; one per path (a missing field is not also reported as a wrong value). */
  addFromSchema(path: string, reason: string, message: string): void {
    const where = path === '' ? '/' : path;
    if (this.schemaPaths.has(where)) return;
    this.list.push({ path: where, reason, message });
    this.schemaPaths.add(where);
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, MAX_PROBLEMS);
    if (this.list.length > MAX_PROBLEMS) {
      shown.push({
        reason: 'too_many_problems',
        message: `Còn ${this.list.length - MAX_PROBLEMS} lỗi khác chưa liệt kê.`,
      });
    }
    throw new DomainError('DANSO_ERR_VALIDATION', shown);
  }
}

/** A loosely typed view of an input that may not have passed its schema yet. */
export type Loose = Record<string, unknown>;

export function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a list of finite numbers, or undefined when it is anything else. */
export function numberList(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : undefined;
}

export function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A value that is either one list (constant over the projection) or one list per step. */
export function listOrListPerStep(
  value: unknown,
): { perStep: false; list: number[] } | { perStep: true; lists: number[][] } | undefined {
  const list = numberList(value);
  if (list) return { perStep: false, list };
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const lists = value.map(numberList);
  if (lists.every((l): l is number[] => l !== undefined)) return { perStep: true, lists };
  return undefined;
}

function allowedValues(schema: TSchema): string[] {
  const variants = (schema as { anyOf?: TSchema[] }).anyOf ?? [];
  return variants
    .map((v) => (v as { const?: unknown }).const)
    .filter((v): v is string => typeof v === 'string');
}

function lastKey(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The Vietnamese message and short reason for one schema error. */
function describe(error: ValueError): { reason: string; message: string } {
  const schema = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { reason: 'required', message: `Thiếu trường bắt buộc «${lastKey(error.path)}».` };
    case ValueErrorType.ObjectAdditionalProperties:
      return { reason: 'unknown_field', message: `Trường «${lastKey(error.path)}» không được hỗ trợ.` };
    case ValueErrorType.Number:
      return { reason: 'type', message: 'Phải là một số.' };
    case ValueErrorType.Integer:
      return { reason: 'type', message: 'Phải là một số nguyên.' };
    case ValueErrorType.String:
      return { reason: 'type', message: 'Phải là một chuỗi ký tự.' };
    case ValueErrorType.Array:
      return { reason: 'type', message: 'Phải là một danh sách (mảng JSON).' };
    case ValueErrorType.Object:
      return { reason: 'type', message: 'Phải là một đối tượng JSON.' };
    case ValueErrorType.Tuple:
    case ValueErrorType.TupleLength:
      return { reason: 'type', message: 'Phải là một cặp số [từ, đến].' };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { reason: 'minimum', message: `Phải lớn hơn hoặc bằng ${String(schema.minimum)}.` };
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return { reason: 'minimum', message: `Phải lớn hơn ${String(schema.exclusiveMinimum)}.` };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { reason: 'maximum', message: `Phải nhỏ hơn hoặc bằng ${String(schema.maximum)}.` };
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return { reason: 'maximum', message: `Phải nhỏ hơn ${String(schema.exclusiveMaximum)}.` };
    case ValueErrorType.ArrayMinItems:
      return { reason: 'min_items', message: `Cần ít nhất ${String(schema.minItems)} phần tử.` };
    case ValueErrorType.ArrayMaxItems:
      return { reason: 'max_items', message: `Tối đa ${String(schema.maxItems)} phần tử.` };
    case ValueErrorType.ArrayUniqueItems:
      return { reason: 'duplicate', message: 'Các phần tử không được trùng nhau.' };
    case ValueErrorType.Literal:
      return { reason: 'enum', message: `Giá trị phải là ${JSON.stringify(schema.const)}.` };
    case ValueErrorType.Union: {
      const allowed = allowedValues(error.schema);
      if (allowed.length > 0) {
        return { reason: 'enum', message: `Giá trị không hợp lệ; chỉ nhận: ${allowed.join(', ')}.` };
      }
      return { reason: 'type', message: 'Kiểu dữ liệu không hợp lệ.' };
    }
    default:
      return { reason: 'invalid', message: 'Giá trị không hợp lệ.' };
  }
}

/** Adds every schema error of `value` to `problems`; returns true when the value fits the schema. */
export function checkSchema(schema: TSchema, value: unknown, problems: Problems): boolean {
  let ok = true;
  for (const error of Value.Errors(schema, value)) {
    ok = false;
    const { reason, message } = describe(error);
    problems.addFromSchema(error.path, reason, message);
  }
  return ok;
}

/** Checks that each listed array has `expected` entries ("ragged arrays"). */
export function checkLength(
  problems: Problems,
  path: string,
  list: unknown,
  expected: number,
  what: string,
): void {
  if (Array.isArray(list) && list.length !== expected) {
    problems.add(path, 'length_mismatch', `Có ${list.length} phần tử, cần ${expected} (${what}).`);
  }
}

/** Adds one problem per negative (or, with `strict`, non-positive) number in a list; other entries are skipped. */
export function checkNonNegative(
  problems: Problems,
  path: string,
  list: unknown,
  label: string,
  strict = false,
): void {
  if (!Array.isArray(list)) return;
  list.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    if (strict ? v <= 0 : v < 0) {
      problems.add(
        `${path}/${i}`,
        strict ? 'not_positive' : 'negative',
        strict ? `${label} phải lớn hơn 0.` : `${label} không được âm.`,
      );
    }
  });
}
