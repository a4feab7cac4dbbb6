/**
 * fast-check arbitraries derived from the TypeBox schemas, for the property tests of this folder: whatever
 * the schema of a change type accepts, these can produce.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';
import { type ChangeType, changeSchemas, changeTypes } from './changes.ts';

const MAX_ARRAY = 4;

function stringArbitrary(schema: TSchema): fc.Arbitrary<string> {
  const min: number = schema.minLength ?? 0;
  const max: number = schema.maxLength ?? 60;
  const base: fc.Arbitrary<string> = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : fc.string({ minLength: min, maxLength: max });
  return base.filter((s) => s.length >= min && s.length <= max);
}

/** An arbitrary of the values a schema built from Object, Union, Literal, String, Integer, Boolean, Null, Array accepts. */
export function arbitraryOf(schema: TSchema): fc.Arbitrary<unknown> {
  const kind: unknown = schema[Kind];
  switch (kind) {
    case 'Object': {
      const properties = schema.properties as Record<string, TSchema>;
      const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, arbitraryOf(s)]));
      const record = fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
      const minProperties: number = schema.minProperties ?? 0;
      return record.filter((value) => Object.keys(value).length >= minProperties);
    }
    case 'Union':
      return fc.oneof(...(schema.anyOf as TSchema[]).map(arbitraryOf));
    case 'Literal':
      return fc.constant(schema.const);
    case 'String':
      return stringArbitrary(schema);
    case 'Integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'Boolean':
      return fc.boolean();
    case 'Null':
      return fc.constant(null);
    case 'Array':
      return fc.array(arbitraryOf(schema.items as TSchema), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY),
      });
    default:
      throw new Error(`no arbitrary for schema kind ${String(kind)}`);
  }
}

/** Any change of any type that its schema accepts. */
export const anyChange: fc.Arbitrary<{ type: ChangeType } & Record<string, unknown>> = fc.oneof(
  ...changeTypes.map(
    (type) =>
      arbitraryOf(changeSchemas[type]) as fc.Arbitrary<{ type: ChangeType } & Record<string, unknown>>,
  ),
);
