import { DomainError } from '@danso/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import {
  type AuthService,
  type SessionContext,
  type SignedIn,
  safeEqual,
} from '../modules/auth/auth.service.ts';

export const sessionCookie = 'danso_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth: SessionContext | null;
  }
}

function isPublicPath(url: string): boolean {
  return !url.startsWith('/api/') || url.startsWith('/api/docs') || url.startsWith('/api/openapi.json');
}

/**
 * Resolves the session cookie on every API request and enforces the route's declared access:
 * public routes need nothing; `pending` routes a session that may still owe its second factor;
 * all others a complete session. Cookie-authenticated writes must echo the session's CSRF token.
 */
export function installAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404 || isPublicPath(request.url)) return;
    const access = request.routeOptions.config?.access ?? 'session';
    if (access === 'public') return;
    const token = request.cookies[sessionCookie];
    const context = token ? await auth.resolveSession(token) : null;
    if (!context) throw new DomainError('DANSO_ERR_UNAUTHENTICATED');
    if (access === 'session' && context.session.stage !== 'active') {
      throw new DomainError(
        context.session.stage === 'totp_required'
          ? 'DANSO_ERR_TOTP_REQUIRED'
          : 'DANSO_ERR_TOTP_ENROLMENT_REQUIRED',
      );
    }
    if (!safeMethods.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, context.session.csrf_token)) {
        throw new DomainError('DANSO_ERR_CSRF');
      }
    }
    request.auth = context;
  });
}

/** The session of a request that passed the hook. */
export function sessionOf(request: FastifyRequest): SessionContext {
  if (!request.auth) throw new DomainError('DANSO_ERR_UNAUTHENTICATED');
  return request.auth;
}

export function setSessionCookie(reply: FastifyReply, config: Config, signedIn: SignedIn): void {
  reply.setCookie(sessionCookie, signedIn.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookie, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    path: '/',
  });
}
