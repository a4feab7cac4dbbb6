import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Bodies are validated strictly: no type coercion (a number is not a password), no removal of unknown
 * fields (they are errors). Query strings and path parameters arrive as text, so they are coerced.
 */
export function installValidation(app: FastifyInstance): void {
  const options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strict = addFormats.default(new Ajv({ ...options, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv({ ...options, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as AnySchema),
  );
}
