import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['boundaries'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const BBox = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[tây, nam, đông, bắc]' });
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const Ring = Type.Array(Position, { minItems: 4 });
const Geometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring) }, strict),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring)) }, strict),
]);

/** Imported boundaries can be large: a province's communes at survey precision run to tens of megabytes. */
const importBodyLimit = 64 * 1024 * 1024;

export function registerBoundaryRoutes(api: Api, services: Services): void {
  const { boundaries } = services;

  api.get(
    '/v1/boundaries',
    {
      schema: {
        tags,
        summary:
          'Ranh giới các xã của tỉnh có hiệu lực vào một ngày, dạng GeoJSON FeatureCollection (commune boundaries)',
        querystring: Type.Object(
          {
            province: Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' }),
            date: Type.Optional(
              Type.String({
                pattern: '^\\d{4}-\\d{2}-\\d{2}$',
                description: 'Ngày (YYYY-MM-DD); mặc định hôm nay. Trước 01/07/2025: các xã cũ',
              }),
            ),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              type: Type.Literal('FeatureCollection'),
              province: Type.Object({ code: Type.String(), name: Type.String() }, strict),
              date: Type.String(),
              generated: Type.Boolean({
                description: 'true: ranh giới tự sinh cho tỉnh demo, không phải ranh giới thật',
              }),
              bbox: Nullable(BBox),
              features: Type.Array(
                Type.Object(
                  {
                    type: Type.Literal('Feature'),
                    id: Type.String(),
                    bbox: BBox,
                    properties: Type.Object(
                      {
                        code: Type.String(),
                        name: Type.String(),
                        unitType: Type.String(),
                        urbanity: Nullable(Type.String()),
                        validFrom: Type.String(),
                        generated: Type.Boolean(),
                      },
                      strict,
                    ),
                    geometry: Geometry,
                  },
                  strict,
                ),
                { maxItems: 5000 },
              ),
              missing: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, strict), {
                description: 'Các xã chưa có ranh giới',
                maxItems: 5000,
              }),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => boundaries.communes(sessionOf(request).actor, request.query),
  );

  api.post(
    '/v1/boundaries/import',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary:
          'Nhập ranh giới đơn vị hành chính từ GeoJSON: mọi Feature được kiểm tra, có lỗi thì không nhập gì (import boundaries)',
        body: Type.Object(
          {
            geojson: Type.Unknown({
              description:
                'FeatureCollection; mỗi Feature có properties.code (mã xã 5 số hoặc mã tỉnh 2 số), tùy chọn properties.validFrom (phiên bản đơn vị), hình Polygon hoặc MultiPolygon (WGS 84)',
            }),
            dryRun: Type.Optional(Type.Boolean({ description: 'Chỉ kiểm tra, không ghi' })),
            source: Type.Optional(
              Type.String({ minLength: 1, maxLength: 300, description: 'Nguồn / tên tệp' }),
            ),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              ok: Type.Boolean(),
              dryRun: Type.Boolean(),
              features: Type.Integer(),
              imported: Type.Integer(),
              provinces: Type.Array(Type.String()),
              problems: Type.Array(
                Type.Object(
                  {
                    index: Nullable(Type.Integer()),
                    unitCode: Nullable(Type.String()),
                    reason: Type.String(),
                    message: Type.String(),
                  },
                  strict,
                ),
                { maxItems: 20_000 },
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      boundaries.importGeoJson(
        sessionOf(request).actor,
        {
          geojson: request.body.geojson,
          dryRun: request.body.dryRun ?? false,
          source: request.body.source ?? 'api',
        },
        request.ip,
      ),
  );
}
