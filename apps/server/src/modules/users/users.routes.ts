import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import type { SessionContext } from '../auth/auth.service.ts';
import {
  CommuneCode,
  DisplayName,
  Password,
  ProvinceCode,
  Role,
  Username,
  UserView,
  Uuid,
} from './users.schemas.ts';
import type { UserView as UserViewData } from './users.service.ts';

const tags = ['users'];
const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const Empty = Type.Object({}, { additionalProperties: false });
const AreaIds = Type.Array(Uuid, { minItems: 1, maxItems: 100, description: 'Địa bàn của cộng tác viên' });

export function registerUserRoutes(api: Api, services: Services): void {
  const { users } = services;

  api.get(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'Danh sách người dùng (list users)',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            role: Type.Optional(Role),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { items: Type.Array(UserView), total: Type.Integer() },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => users.list(sessionOf(request).actor, request.query),
  );

  api.get(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Một người dùng (one user)',
        params: IdParams,
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) => users.get(sessionOf(request).actor, request.params.id),
  );

  api.post(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'Tạo người dùng (create a user)',
        body: Type.Object(
          {
            username: Username,
            displayName: DisplayName,
            role: Role,
            provinceCode: Type.Optional(ProvinceCode),
            communeCode: Type.Optional(CommuneCode),
            areaIds: Type.Optional(AreaIds),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) => users.create(sessionOf(request).actor, request.body, request.ip),
  );

  api.patch(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Sửa người dùng (update a user)',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(DisplayName),
            role: Type.Optional(Role),
            provinceCode: Type.Optional(ProvinceCode),
            communeCode: Type.Optional(CommuneCode),
            areaIds: Type.Optional(AreaIds),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) => users.update(sessionOf(request).actor, request.params.id, request.body, request.ip),
  );

  const action = (
    path: string,
    summary: string,
    run: (session: SessionContext, id: string, ip: string) => Promise<UserViewData>,
  ) =>
    api.post(
      `/v1/users/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Optional(Empty),
          response: { 200: UserView, ...errorResponses },
        },
      },
      async (request) => run(sessionOf(request), request.params.id, request.ip),
    );
  action('disable', 'Khóa tài khoản; các phiên đang mở kết thúc ngay (disable; ends sessions)', (s, id, ip) =>
    users.setDisabled(s.actor, id, true, ip),
  );
  action('enable', 'Mở khóa tài khoản (enable)', (s, id, ip) => users.setDisabled(s.actor, id, false, ip));
  action('totp-reset', 'Đặt lại xác thực hai lớp (reset TOTP)', (s, id, ip) =>
    users.resetTotp(s.actor, id, ip),
  );

  api.post(
    '/v1/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Đặt lại mật khẩu (set a new password)',
        params: IdParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request) =>
      users.setPassword(sessionOf(request).actor, request.params.id, request.body.password, request.ip),
  );
}
