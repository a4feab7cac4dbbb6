import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['admin-units'];
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Level = Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]);
const UnitCode = Type.String({ pattern: '^[0-9]{2,5}$', description: 'Mã đơn vị hành chính' });

const UnitView = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    level: Level,
    unitType: Type.String(),
    urbanity: Type.Union([
      Type.Literal('urban'),
      Type.Literal('rural'),
      Type.Literal('special'),
      Type.Null(),
    ]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    validFrom: Type.String(),
    validTo: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
const Succession = Type.Object(
  {
    fromCode: Type.String(),
    fromName: Type.Union([Type.String(), Type.Null()]),
    toCode: Type.String(),
    toName: Type.Union([Type.String(), Type.Null()]),
    effectiveOn: Type.String(),
    kind: Type.Union([
      Type.Literal('merge'),
      Type.Literal('split'),
      Type.Literal('rename'),
      Type.Literal('reparent'),
    ]),
    share: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);
const ImportProblem = Type.Object(
  { line: Type.Integer(), field: Type.String(), reason: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

export function registerAdminUnitRoutes(api: Api, services: Services): void {
  const units = services.adminUnits;

  api.get(
    '/v1/admin-units',
    {
      schema: {
        tags,
        summary: 'Danh sách đơn vị hành chính có hiệu lực vào một ngày (units valid on a date)',
        querystring: Type.Object(
          {
            parent: Type.Optional(UnitCode),
            level: Type.Optional(Level),
            asOf: Type.Optional(IsoDate),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Integer({ minimum: 1, maximum: 5000, default: 100 }),
            offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { items: Type.Array(UnitView), total: Type.Integer() },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => units.list(sessionOf(request).actor, request.query),
  );

  api.get(
    '/v1/admin-units/tree',
    {
      schema: {
        tags,
        summary: 'Cây đơn vị hành chính: tỉnh và các xã (tree: provinces and their communes)',
        querystring: Type.Object(
          { root: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })), asOf: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(
            Type.Composite([UnitView, Type.Object({ children: Type.Array(UnitView) })], {
              additionalProperties: false,
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => units.tree(sessionOf(request).actor, request.query.root, request.query.asOf),
  );

  api.get(
    '/v1/admin-units/:code',
    {
      schema: {
        tags,
        summary: 'Tra cứu một đơn vị: các phiên bản, đơn vị trước và sau (lookup with history)',
        params: Type.Object({ code: UnitCode }, { additionalProperties: false }),
        querystring: Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              unit: UnitView,
              validOnDate: Type.Boolean({ description: 'Whether the unit existed on asOf' }),
              versions: Type.Array(UnitView),
              predecessors: Type.Array(Succession),
              successors: Type.Array(Succession),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => units.get(sessionOf(request).actor, request.params.code, request.query.asOf),
  );

  api.post(
    '/v1/admin-units/import',
    {
      schema: {
        tags,
        summary:
          'Nhập đơn vị, biến động địa giới hoặc địa bàn từ CSV; chạy thử không ghi (import from CSV, with dry run)',
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('units'), Type.Literal('successions'), Type.Literal('areas')]),
            csv: Type.String({ minLength: 1, maxLength: 5_000_000 }),
            dryRun: Type.Boolean({ default: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              kind: Type.String(),
              dryRun: Type.Boolean(),
              ok: Type.Boolean(),
              rows: Type.Integer(),
              imported: Type.Integer(),
              problems: Type.Array(ImportProblem),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => units.importCsv(sessionOf(request).actor, request.body, request.ip),
  );
}
