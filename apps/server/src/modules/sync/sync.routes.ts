import { SYNC_PULL_DEFAULT_LIMIT, SYNC_PULL_MAX_LIMIT, SYNC_PUSH_MAX_ITEMS } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['sync'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Uuid = Type.String({ format: 'uuid' });
const ChangeStatus = literals(['submitted', 'approved', 'returned', 'rejected', 'conflict']);

const PushItem = Type.Union([
  Type.Object(
    {
      op: Type.Literal('submit'),
      change: Type.Object(
        {},
        { additionalProperties: true, description: 'Đúng nội dung gửi POST /api/v1/changes' },
      ),
    },
    strict,
  ),
  Type.Object(
    {
      op: Type.Literal('resubmit'),
      id: Uuid,
      change: Type.Object({}, { additionalProperties: true, description: 'Biến động đã sửa, cùng mã' }),
    },
    strict,
  ),
]);

const PushResult = Type.Object(
  {
    id: Type.String(),
    outcome: literals(['accepted', 'repeat', 'refused']),
    status: Type.Optional(ChangeStatus),
    error: Type.Optional(
      Type.Object(
        {
          code: Type.String(),
          message: Type.String(),
          details: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  path: Type.Optional(Type.String()),
                  reason: Type.String(),
                  message: Type.Optional(Type.String()),
                },
                strict,
              ),
            ),
          ),
        },
        strict,
      ),
    ),
  },
  strict,
);

const Versions = Type.Record(Type.String(), Type.Number());

const Household = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    kind: Type.String(),
    areaId: Type.String(),
    communeCode: Type.String(),
    headPersonId: Nullable(Type.String()),
    fieldVersions: Type.Optional(Versions),
    code: Type.String(),
    number: Type.Integer(),
    address: Nullable(Type.String()),
    hamletId: Nullable(Type.String()),
    createdOn: Type.String(),
    closedOn: Nullable(Type.String()),
    version: Type.Integer(),
  },
  strict,
);

const Person = Type.Object(
  {
    id: Type.String(),
    householdId: Type.String(),
    areaId: Type.String(),
    rowNumber: Type.Integer(),
    fullName: Type.String(),
    relationToHead: Type.String(),
    sex: Type.Integer(),
    birthDate: Type.String(),
    birthDatePrecision: Type.String(),
    ethnicityCode: Type.String(),
    educationCode: Nullable(Type.String()),
    maritalStatus: Type.String(),
    residenceStatus: Type.String(),
    insuranceNumber: Nullable(Type.String()),
    personalId: Nullable(Type.String()),
    vitalStatus: Type.String(),
    deathDate: Nullable(Type.String()),
    presence: Type.String(),
    movedOutOn: Nullable(Type.String()),
    contraceptiveMethod: Nullable(Type.String()),
    contraceptionStartedOn: Nullable(Type.String()),
    livingChildren: Type.Integer(),
    motherId: Nullable(Type.String()),
    fieldVersions: Type.Optional(Versions),
    version: Type.Integer(),
  },
  strict,
);

export function registerSyncRoutes(api: Api, services: Services): void {
  const { sync } = services;

  api.post(
    '/v1/sync/push',
    {
      schema: {
        tags,
        summary:
          'Đồng bộ: gửi một lô biến động từ thiết bị; mỗi biến động được trả lời riêng, gửi lại không có tác dụng thêm (push a batch of changes)',
        body: Type.Object(
          {
            deviceId: Uuid,
            items: Type.Array(PushItem, { minItems: 1, maxItems: SYNC_PUSH_MAX_ITEMS }),
            waiting: Type.Optional(
              Type.Object(
                {
                  count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
                  oldestRecordedAt: Type.Optional(Type.String({ format: 'date-time' })),
                },
                strict,
              ),
            ),
          },
          strict,
        ),
        response: {
          200: Type.Object({ results: Type.Array(PushResult), serverTime: Type.String() }, strict),
          ...errorResponses,
        },
      },
    },
    async (request) => sync.push(sessionOf(request).actor, request.body),
  );

  api.get(
    '/v1/sync/pull',
    {
      schema: {
        tags,
        summary:
          'Đồng bộ: tải sổ hộ của địa bàn và kết quả duyệt biến động của tôi kể từ mốc lần trước (pull register updates since a cursor)',
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 4000, pattern: '^[A-Za-z0-9_-]+$' })),
            limit: Type.Integer({
              minimum: 1,
              maximum: SYNC_PULL_MAX_LIMIT,
              default: SYNC_PULL_DEFAULT_LIMIT,
            }),
            communeCode: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
            deviceId: Type.Optional(Uuid),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              cursor: Type.String(),
              more: Type.Boolean(),
              full: Type.Boolean({
                description: 'Trang thuộc lần tải toàn bộ: bỏ dữ liệu cũ không có trong lần tải',
              }),
              areas: Type.Array(
                Type.Object(
                  {
                    id: Type.String(),
                    code: Type.String(),
                    name: Type.String(),
                    communeCode: Type.String(),
                    communeName: Type.String(),
                  },
                  strict,
                ),
              ),
              removedAreaIds: Type.Array(Type.String()),
              households: Type.Array(Household),
              people: Type.Array(Person),
              removedHouseholdIds: Type.Array(Type.String()),
              removedPersonIds: Type.Array(Type.String()),
              changes: Type.Array(
                Type.Object(
                  {
                    id: Type.String(),
                    type: Type.String(),
                    status: ChangeStatus,
                    reason: Nullable(Type.String()),
                    conflict: Type.Unknown(),
                    occurredOn: Type.String(),
                    recordedAt: Type.String(),
                    updatedAt: Type.String(),
                  },
                  strict,
                ),
              ),
              serverTime: Type.String(),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { cursor, limit, communeCode, deviceId } = request.query;
      return sync.pull(sessionOf(request).actor, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(communeCode ? { communeCode } : {}),
        ...(deviceId ? { deviceId } : {}),
      });
    },
  );

  api.get(
    '/v1/sync/devices',
    {
      schema: {
        tags,
        summary:
          'Thiết bị của các CTV trong xã: lần đồng bộ cuối, biến động còn chờ trên máy (devices of a commune’s collaborators)',
        querystring: Type.Object({ communeCode: Type.String({ pattern: '^\\d{5}$' }) }, strict),
        response: {
          200: Type.Object(
            {
              communeCode: Type.String(),
              collaborators: Type.Array(
                Type.Object(
                  {
                    userId: Type.String(),
                    username: Type.String(),
                    displayName: Type.String(),
                    areaIds: Type.Array(Type.String()),
                    lastSyncAt: Nullable(Type.String()),
                    waiting: Type.Integer({
                      description: 'Tổng số biến động còn chờ trên các máy (theo báo cáo cuối)',
                    }),
                    devices: Type.Array(
                      Type.Object(
                        {
                          deviceId: Type.String(),
                          lastSyncAt: Type.String(),
                          lastPushAt: Nullable(Type.String()),
                          lastPullAt: Nullable(Type.String()),
                          pushedItems: Type.Integer(),
                          waitingOnDevice: Nullable(
                            Type.Object(
                              {
                                count: Type.Integer(),
                                oldestRecordedAt: Nullable(Type.String()),
                                reportedAt: Type.String(),
                              },
                              strict,
                            ),
                          ),
                        },
                        strict,
                      ),
                    ),
                  },
                  strict,
                ),
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => sync.devices(sessionOf(request).actor, request.query.communeCode),
  );
}
