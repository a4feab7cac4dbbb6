import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Api } from '../../http/api.ts';
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { Password, Username, UserView } from '../users/users.schemas.ts';
import type { SignedIn } from './auth.service.ts';

const SessionAnswer = Type.Object(
  {
    stage: Type.Union([
      Type.Literal('active'),
      Type.Literal('totp_required'),
      Type.Literal('totp_enrolment_required'),
    ]),
    csrfToken: Type.String({ description: 'Send back as the x-csrf-token header on every write' }),
    user: UserView,
  },
  { additionalProperties: false },
);
const TotpCode = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'Mã 6 chữ số từ ứng dụng xác thực' }) },
  { additionalProperties: false },
);
const Empty = Type.Object({}, { additionalProperties: false });
const tags = ['auth'];

export function registerAuthRoutes(api: Api, services: Services, config: Config): void {
  const answer = async (signedIn: Pick<SignedIn, 'session' | 'user' | 'actor'>) => ({
    stage: signedIn.session.stage,
    csrfToken: signedIn.session.csrf_token,
    user: await services.users.view(signedIn.user, signedIn.actor.scope),
  });

  api.post(
    '/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Đăng nhập (sign in)',
        body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }),
        response: { 200: SessionAnswer, ...errorResponses },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const signedIn = await services.auth.login({ ...request.body, clientAddress: request.ip });
      setSessionCookie(reply, config, signedIn);
      return answer(signedIn);
    },
  );

  api.get(
    '/v1/auth/session',
    {
      schema: {
        tags,
        summary: 'Phiên đăng nhập hiện tại (current session)',
        response: { 200: SessionAnswer, ...errorResponses },
      },
      config: { access: 'pending' },
    },
    async (request) => answer(sessionOf(request)),
  );

  api.post(
    '/v1/auth/totp/verify',
    {
      schema: {
        tags,
        summary: 'Nhập mã xác thực hai lớp (verify TOTP)',
        body: TotpCode,
        response: { 200: SessionAnswer, ...errorResponses },
      },
      config: { access: 'pending' },
    },
    async (request, reply) => {
      const signedIn = await services.auth.verifyTotp(sessionOf(request), request.body.code, request.ip);
      setSessionCookie(reply, config, signedIn);
      return answer(signedIn);
    },
  );

  api.post(
    '/v1/auth/totp/enrol',
    {
      schema: {
        tags,
        summary: 'Đăng ký xác thực hai lớp (start TOTP enrolment)',
        body: Empty,
        response: {
          200: Type.Object({ secret: Type.String(), uri: Type.String() }, { additionalProperties: false }),
          ...errorResponses,
        },
      },
      config: { access: 'pending' },
    },
    async (request) => services.auth.enrolTotp(sessionOf(request), request.ip),
  );

  api.post(
    '/v1/auth/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Xác nhận đăng ký xác thực hai lớp (confirm TOTP enrolment)',
        body: TotpCode,
        response: { 200: SessionAnswer, ...errorResponses },
      },
      config: { access: 'pending' },
    },
    async (request, reply) => {
      const signedIn = await services.auth.confirmTotp(sessionOf(request), request.body.code, request.ip);
      setSessionCookie(reply, config, signedIn);
      return answer(signedIn);
    },
  );

  api.post(
    '/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Đăng xuất (sign out)',
        body: Type.Optional(Empty),
        response: {
          200: Type.Object({ ok: Type.Literal(true) }, { additionalProperties: false }),
          ...errorResponses,
        },
      },
      config: { access: 'pending' },
    },
    async (request, reply) => {
      await services.auth.logout(sessionOf(request), request.ip);
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );
}
