import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['audit'];

const Entry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorUserId: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    objectType: Type.Union([Type.String(), Type.Null()]),
    objectId: Type.Union([Type.String(), Type.Null()]),
    placeCode: Type.Union([Type.String(), Type.Null()]),
    clientAddress: Type.Union([Type.String(), Type.Null()]),
    purpose: Type.Union([Type.String(), Type.Null()]),
    hash: Type.String(),
  },
  { additionalProperties: false },
);

export function registerAuditRoutes(api: Api, services: Services): void {
  api.get(
    '/v1/audit',
    {
      schema: {
        tags,
        summary: 'Nhật ký truy cập, mới nhất trước (audit log, newest first)',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
            actor: Type.Optional(Type.String({ format: 'uuid' })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Entry) }, { additionalProperties: false }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { before, limit, actor, action } = request.query;
      const rows = await services.audit.list(sessionOf(request).actor, {
        limit,
        ...(before ? { beforeId: before } : {}),
        ...(actor ? { actorUserId: actor } : {}),
        ...(action ? { action } : {}),
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorUserId: r.actor_user_id,
          actorRole: r.actor_role,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          placeCode: r.place_code,
          clientAddress: r.client_address,
          purpose: r.purpose,
          hash: r.hash,
        })),
      };
    },
  );

  api.get(
    '/v1/audit/verify',
    {
      schema: {
        tags,
        summary: 'Kiểm tra chuỗi băm của nhật ký (verify the hash chain)',
        response: {
          200: Type.Object(
            {
              ok: Type.Boolean(),
              checked: Type.Integer(),
              firstBrokenId: Type.Union([Type.Integer(), Type.Null()]),
              reason: Type.Union([Type.String(), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => services.audit.verify(sessionOf(request).actor),
  );
}
