import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['places'];
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const PlaceSummary = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('country'),
      Type.Literal('province'),
      Type.Literal('commune'),
      Type.Literal('area'),
    ]),
    id: Type.String(),
    name: Type.String(),
    unitType: Nullable(Type.String()),
    urbanity: Type.Union([
      Type.Literal('urban'),
      Type.Literal('rural'),
      Type.Literal('special'),
      Type.Null(),
    ]),
    households: Type.Integer({ description: 'Số hộ đang hoạt động' }),
    people: Type.Integer({
      description: 'Số nhân khẩu còn sống và đang cư trú (không tính người đã chuyển đi)',
    }),
    areas: Type.Integer({ description: 'Số địa bàn' }),
    parentId: Nullable(Type.String()),
    parentName: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
const PlaceWithChildren = Type.Object(
  { place: PlaceSummary, children: Type.Array(PlaceSummary) },
  { additionalProperties: false },
);
const AreaDetail = Type.Object(
  {
    place: PlaceSummary,
    hamlets: Type.Array(
      Type.Object(
        { id: Type.String(), name: Type.String(), kind: Type.String() },
        { additionalProperties: false },
      ),
    ),
    listing: Type.Array(
      Type.Object(
        {
          seq: Type.Integer(),
          hamletName: Type.String(),
          street: Nullable(Type.String()),
          householdFrom: Type.Union([Type.Integer(), Type.Null()]),
          householdTo: Type.Union([Type.Integer(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    collaborators: Type.Array(
      Type.Object(
        { id: Type.String(), displayName: Type.String(), username: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export function registerPlaceRoutes(api: Api, services: Services): void {
  const { places } = services;
  const response = { 200: PlaceWithChildren, ...errorResponses };

  api.get(
    '/v1/places/home',
    {
      schema: {
        tags,
        summary: 'Địa bàn của người dùng và các đơn vị trực thuộc (the user’s place)',
        response,
      },
    },
    async (request) => places.home(sessionOf(request).actor),
  );
  api.get(
    '/v1/places/provinces/:code',
    {
      schema: {
        tags,
        summary: 'Một tỉnh và các xã (a province and its communes)',
        params: Type.Object(
          { code: Type.String({ pattern: '^[0-9]{2}$' }) },
          { additionalProperties: false },
        ),
        response,
      },
    },
    async (request) => places.province(sessionOf(request).actor, request.params.code),
  );
  api.get(
    '/v1/places/communes/:code',
    {
      schema: {
        tags,
        summary: 'Một xã và các địa bàn (a commune and its areas)',
        params: Type.Object(
          { code: Type.String({ pattern: '^[0-9]{5}$' }) },
          { additionalProperties: false },
        ),
        response,
      },
    },
    async (request) => places.commune(sessionOf(request).actor, request.params.code),
  );
  api.get(
    '/v1/places/areas/:id',
    {
      schema: {
        tags,
        summary: 'Một địa bàn: thôn, danh sách hộ, cộng tác viên (an area)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: AreaDetail, ...errorResponses },
      },
    },
    async (request) => places.area(sessionOf(request).actor, request.params.id),
  );
}
