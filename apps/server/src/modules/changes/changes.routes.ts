import { ChangeSchema, changeTypes, reviewActionTypes, reviewStatuses } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['changes'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const RuleResult = Type.Object(
  {
    code: Type.String(),
    severity: literals(['error', 'warning']),
    path: Type.String(),
    vi: Type.String(),
    en: Type.String(),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  },
  strict,
);

const ChangeView = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: literals(reviewStatuses),
    occurredOn: Type.String(),
    recordedAt: Type.String(),
    receivedAt: Type.String(),
    communeCode: Type.String(),
    areaId: Type.String(),
    householdId: Type.String(),
    personId: Nullable(Type.String()),
    authorId: Type.String(),
    ruleResults: Type.Array(RuleResult, { description: 'Kết quả kiểm tra: lỗi chặn, cảnh báo cần xác nhận' }),
    duplicates: Type.Array(Type.Unknown(), { description: 'Người có thể trùng trong xã' }),
    conflict: Type.Unknown({ description: 'Lý do xung đột, giá trị trong sổ và trong biến động' }),
    lastReason: Nullable(Type.String()),
    appliedVersion: Nullable(Type.Integer()),
    change: Type.Unknown({ description: 'Biến động như đã gửi' }),
  },
  strict,
);

const Submitted = Type.Object({ change: ChangeView, replay: Type.Boolean() }, strict);

const InboxItem = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: literals(reviewStatuses),
    occurredOn: Type.String(),
    receivedAt: Type.String(),
    communeCode: Type.String(),
    areaId: Type.String(),
    areaNumber: Nullable(Type.Integer()),
    householdId: Type.String(),
    personId: Nullable(Type.String()),
    authorId: Type.String(),
    authorName: Type.String(),
    warnings: Type.Integer(),
    hasConflict: Type.Boolean(),
    lastReason: Nullable(Type.String()),
    summary: Type.String(),
  },
  strict,
);

export function registerChangeRoutes(api: Api, services: Services): void {
  const { changes } = services;

  api.post(
    '/v1/changes',
    {
      schema: {
        tags,
        summary: 'Gửi một biến động (submit a change; sending the same id again returns the first answer)',
        body: ChangeSchema,
        response: { 200: Submitted, 201: Submitted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await changes.submit(sessionOf(request).actor, request.body);
      return reply.status(result.replay ? 200 : 201).send(result);
    },
  );

  api.get(
    '/v1/changes',
    {
      schema: {
        tags,
        summary:
          'Hộp biến động: lọc theo xã, địa bàn, CTV, loại, trạng thái, tháng; xung đột trước (the inbox)',
        querystring: Type.Object(
          {
            communeCode: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            areaId: Type.Optional(Type.String({ format: 'uuid' })),
            authorId: Type.Optional(Type.String({ format: 'uuid' })),
            personId: Type.Optional(Type.String({ format: 'uuid' })),
            type: Type.Optional(literals(changeTypes)),
            status: Type.Optional(literals(reviewStatuses)),
            month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            { total: Type.Integer(), registerVersion: Type.Integer(), items: Type.Array(InboxItem) },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { month, ...rest } = request.query;
      return changes.list(sessionOf(request).actor, { ...rest, ...(month ? { month: `${month}-01` } : {}) });
    },
  );

  api.get(
    '/v1/changes/:id',
    {
      schema: {
        tags,
        summary:
          'Một biến động, các thao tác duyệt và dữ liệu hiện có trong sổ (a change with the register beside it)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, strict),
        response: {
          200: Type.Object(
            {
              change: ChangeView,
              actions: Type.Array(
                Type.Object(
                  {
                    type: Type.String(),
                    by: Type.String(),
                    role: Type.String(),
                    at: Type.String(),
                    reason: Type.Optional(Type.String()),
                  },
                  strict,
                ),
              ),
              register: Type.Unknown({ description: 'Người và hộ trong sổ lúc này' }),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => changes.get(sessionOf(request).actor, request.params.id),
  );

  api.post(
    '/v1/changes/:id/review',
    {
      schema: {
        tags,
        summary:
          'Duyệt / trả lại (kèm lý do) / từ chối / đã xử lý xung đột; CTV gửi lại biến động bị trả lại (review a change)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, strict),
        body: Type.Object(
          {
            action: literals(reviewActionTypes.filter((a) => a !== 'submit' && a !== 'flag_conflict')),
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            acknowledgedRules: Type.Optional(
              Type.Array(
                Type.Object(
                  { code: Type.String({ maxLength: 60 }), path: Type.String({ maxLength: 200 }) },
                  strict,
                ),
                {
                  maxItems: 50,
                  description: 'Cảnh báo cán bộ đã xem và chấp nhận',
                },
              ),
            ),
            change: Type.Optional(Type.Unknown({ description: 'Khi gửi lại: biến động đã sửa (cùng mã)' })),
          },
          strict,
        ),
        response: { 200: ChangeView, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return changes.review(sessionOf(request).actor, request.params.id, {
        action: body.action as Parameters<typeof changes.review>[2]['action'],
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.acknowledgedRules ? { acknowledgedRules: body.acknowledgedRules } : {}),
        ...(body.change !== undefined ? { change: body.change } : {}),
      });
    },
  );
}
