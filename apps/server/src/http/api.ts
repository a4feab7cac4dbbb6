import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** The Fastify instance routes are registered on, typed by the TypeBox provider. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Who may call a route, declared in its `config.access`:
 * - `public`: anyone (health, login);
 * - `pending`: a signed-in session that still owes its second factor (TOTP verify / enrol);
 * - `session` (the default): a fully signed-in user; the service then checks role and place.
 */
export type RouteAccess = 'public' | 'pending' | 'session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
