import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { MAX_HORIZON, MAX_RATE_YEARS } from './projections.service.ts';

const tags = ['projections'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const UnitCode = Type.String({
  pattern: '^(\\d{2}|\\d{5})$',
  description: 'Mã tỉnh (2 số) hoặc mã xã (5 số)',
});
const Factor = (description: string) => Type.Number({ minimum: 0.5, maximum: 1.5, description });
const Ages = Type.Array(Type.Number(), { maxItems: 101 });
const BySexNumbers = Type.Object({ male: Ages, female: Ages }, strict);
const BySexNumber = Type.Object({ male: Type.Number(), female: Type.Number() }, strict);

const Factors = Type.Object(
  {
    fertility: Factor('Hệ số nhân các tỷ suất sinh theo tuổi (TFR)'),
    mortality: Factor('Hệ số nhân các tỷ suất chết'),
    migration: Factor('Hệ số di cư g: tỷ suất nhập cư × g, tỷ suất xuất cư × (2 − g)'),
  },
  strict,
);

const Scenario = Type.Object(
  {
    id: Type.String({ description: 'low / medium / high (phương án chuẩn) hoặc mã kịch bản đã lưu' }),
    unitCode: Nullable(Type.String()),
    name: Type.String(),
    standard: Type.Boolean({ description: 'Phương án chuẩn có sẵn (không lưu trong bảng)' }),
    factors: Factors,
  },
  strict,
);

const Stats = Type.Object(
  {
    events: Type.Number({ description: 'Số sự kiện của sổ trong thời kỳ quan sát' }),
    expected: Type.Number({ description: 'Số sự kiện kỳ vọng theo tỷ suất tham chiếu' }),
    weight: Type.Number({ description: 'Trọng số của sổ ở mức chung: E/(E + 50)' }),
    ratio: Type.Number({ description: 'Mức đã làm trơn so với tham chiếu' }),
  },
  strict,
);
const StatsBySex = Type.Object({ male: Stats, female: Stats }, strict);
const Source = Type.Union([Type.Literal('reference'), Type.Literal('register-blended')]);

const Rates = Type.Object(
  {
    ages: Ages,
    window: Nullable(
      Type.Object(
        { from: Type.String(), to: Type.String(), months: Type.Integer(), years: Type.Number() },
        strict,
      ),
    ),
    mx: BySexNumbers,
    asfr: Ages,
    srb: Type.Number(),
    inRate: BySexNumbers,
    outRate: BySexNumbers,
    methods: Type.Object(
      {
        smoothing: Type.Object(
          {
            levelPrior: Type.Number(),
            groupPrior: Type.Number(),
            srbPrior: Type.Number(),
            minimumWindowMonths: Type.Number(),
          },
          strict,
        ),
        mortality: Type.Object(
          {
            source: Source,
            reference: Type.String(),
            stats: StatsBySex,
            lifeExpectancy: BySexNumber,
            referenceLifeExpectancy: BySexNumber,
          },
          strict,
        ),
        fertility: Type.Object(
          {
            source: Source,
            reference: Type.String(),
            referenceTfr: Type.Number(),
            tfr: Type.Number(),
            stats: Stats,
          },
          strict,
        ),
        srb: Type.Object(
          { source: Source, reference: Type.String(), births: BySexNumber, value: Type.Number() },
          strict,
        ),
        migration: Type.Object(
          {
            source: Source,
            reference: Type.String(),
            shape: Type.String(),
            referenceInPerThousand: Type.Number(),
            referenceOutPerThousand: Type.Number(),
            in: StatsBySex,
            out: StatsBySex,
          },
          strict,
        ),
      },
      strict,
    ),
  },
  { ...strict, description: 'Các tỷ suất đã dùng (theo từng độ tuổi 0 … 100+), nguồn và phương pháp' },
);

const Year = Type.Object(
  {
    offset: Type.Integer(),
    date: Type.String(),
    population: BySexNumbers,
    total: Type.Number(),
    male: Type.Number(),
    female: Type.Number(),
    births: Nullable(Type.Number()),
    deaths: Nullable(Type.Number()),
    netMigrants: Nullable(Type.Number()),
    youngDependency: Nullable(Type.Number()),
    oldDependency: Nullable(Type.Number()),
    totalDependency: Nullable(Type.Number()),
    medianAge: Nullable(Type.Number()),
  },
  strict,
);

const Run = Type.Object(
  {
    id: Type.String(),
    unit: Type.Object(
      {
        code: Type.String(),
        name: Type.String(),
        level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
      },
      strict,
    ),
    baseDate: Type.String(),
    horizon: Type.Integer(),
    createdAt: Type.String(),
    ages: Ages,
    rates: Rates,
    scenarios: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          standard: Type.Boolean(),
          factors: Factors,
          years: Type.Array(Year, { maxItems: MAX_HORIZON + 1 }),
        },
        strict,
      ),
    ),
  },
  strict,
);

const RunParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);
const FileResponse = (contentType: string, description: string) => ({
  200: {
    description,
    content: { [contentType]: { schema: Type.String({ format: 'binary', description }) } },
  },
  ...errorResponses,
});

function sendFile(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; body: Buffer | string },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** Projections of a commune's or province's population from the register, with scenarios and exports. */
export function registerProjectionRoutes(api: Api, services: Services): void {
  const { projections } = services;

  api.get(
    '/v1/projections/scenarios',
    {
      schema: {
        tags,
        summary: 'Các kịch bản dự báo của một đơn vị: ba phương án chuẩn và các kịch bản đã lưu',
        querystring: Type.Object({ unitCode: UnitCode }, strict),
        response: { 200: Type.Object({ items: Type.Array(Scenario) }, strict), ...errorResponses },
      },
    },
    async (request) => projections.listScenarios(sessionOf(request).actor, request.query.unitCode),
  );

  api.post(
    '/v1/projections/scenarios',
    {
      schema: {
        tags,
        summary: 'Lưu một kịch bản dự báo có tên cho một đơn vị (cán bộ dân số xã, tỉnh)',
        body: Type.Object(
          {
            unitCode: UnitCode,
            name: Type.String({ minLength: 1, maxLength: 80 }),
            fertility: Factor('Hệ số sinh'),
            mortality: Factor('Hệ số chết'),
            migration: Factor('Hệ số di cư'),
          },
          strict,
        ),
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (request) => projections.createScenario(sessionOf(request).actor, request.body),
  );

  api.post(
    '/v1/projections',
    {
      schema: {
        tags,
        summary:
          'Chạy dự báo dân số theo phương pháp thành phần từ sổ: dân số gốc tại một ngày, tỷ suất ước lượng từ biến động đã duyệt',
        body: Type.Object(
          {
            unitCode: UnitCode,
            baseDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Ngày của dân số gốc' }),
            horizon: Type.Integer({ minimum: 1, maximum: MAX_HORIZON, description: 'Số năm dự báo' }),
            scenarioIds: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 6 }),
            rateYears: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_RATE_YEARS,
                description: 'Số năm biến động dùng để ước lượng tỷ suất (mặc định 3)',
              }),
            ),
          },
          strict,
        ),
        response: { 200: Run, ...errorResponses },
      },
    },
    async (request) => projections.run(sessionOf(request).actor, request.body),
  );

  api.get(
    '/v1/projections/:id',
    {
      schema: {
        tags,
        summary: 'Một lần chạy dự báo đã lưu',
        params: RunParams,
        response: { 200: Run, ...errorResponses },
      },
    },
    async (request) => projections.getRun(sessionOf(request).actor, request.params.id),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/v1/projections/:id/table.${format}`,
      {
        schema: {
          tags,
          summary: `Bảng kết quả dự báo dạng ${format.toUpperCase()} (tiêu đề tiếng Việt)`,
          params: RunParams,
          response: FileResponse(
            format === 'csv'
              ? 'text/csv'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            format === 'csv' ? 'CSV, UTF-8 có BOM' : 'Tệp Excel (XLSX)',
          ),
        },
      },
      async (request, reply) => {
        const file = await projections.exportRun(sessionOf(request).actor, request.params.id, format);
        return sendFile(reply, file);
      },
    );
  }
}
