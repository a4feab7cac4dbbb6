import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['signing-keys'];
const strict = { additionalProperties: false } as const;

const KeyView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    fingerprint: Type.String({ description: 'Dấu vân tay khóa: 16 ký tự đầu của khóa công khai' }),
    label: Type.String(),
    deviceId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  strict,
);

export function registerSigningKeyRoutes(api: Api, services: Services): void {
  const { signingKeys } = services;

  api.post(
    '/v1/signing-keys',
    {
      schema: {
        tags,
        summary:
          'Đăng ký khóa công khai Ed25519 của thiết bị để ký số (register a device signing key; the same key again answers 200)',
        body: Type.Object(
          {
            publicKey: Type.String({
              pattern: '^[A-Za-z0-9_-]{43}$',
              description: 'Khóa công khai Ed25519, 32 byte, base64url không đệm',
            }),
            label: Type.String({
              minLength: 1,
              maxLength: 100,
              description: 'Tên thiết bị, ví dụ "Điện thoại của Hoa"',
            }),
            deviceId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            { id: Type.String(), fingerprint: Type.String(), createdAt: Type.String() },
            strict,
          ),
          201: Type.Object(
            { id: Type.String(), fingerprint: Type.String(), createdAt: Type.String() },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { key, created } = await signingKeys.register(sessionOf(request).actor, request.body);
      return reply
        .status(created ? 201 : 200)
        .send({ id: key.id, fingerprint: key.fingerprint, createdAt: key.createdAt });
    },
  );

  api.get(
    '/v1/signing-keys',
    {
      schema: {
        tags,
        summary: 'Các khóa ký của tôi (my signing keys)',
        response: { 200: Type.Object({ keys: Type.Array(KeyView) }, strict), ...errorResponses },
      },
    },
    async (request) => ({ keys: await signingKeys.list(sessionOf(request).actor) }),
  );

  api.post(
    '/v1/signing-keys/:id/revoke',
    {
      schema: {
        tags,
        summary:
          'Thu hồi một khóa ký của tôi: khóa không ký được gì mới, chữ ký cũ vẫn kiểm tra được (revoke a signing key)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, strict),
        body: Type.Optional(Type.Object({}, { ...strict, description: 'Không cần gửi gì (no body needed)' })),
        response: { 200: KeyView, ...errorResponses },
      },
      // Nothing to send: a request without a body is taken as an empty one.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => signingKeys.revoke(sessionOf(request).actor, request.params.id),
  );
}
