import { breakdownNames, indicatorGroups, MAX_PERIOD_MONTHS } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['indicators'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = <const T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() }, strict);
const NumberOrNull = Nullable(Type.Number());

export const PeriodQuery = {
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Tháng đầu kỳ (YYYY-MM)' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Tháng cuối kỳ (YYYY-MM)' })),
  period: Type.Optional(
    Type.String({
      pattern: '^\\d{4}(-(Q[1-4]|H[12]|\\d{2}(\\.\\.\\d{4}-\\d{2})?))?$',
      description: `Thay cho from/to: năm 2026, 6 tháng 2026-H1, quý 2026-Q3, tháng 2026-03, hoặc 2026-01..2026-08 (tối đa ${MAX_PERIOD_MONTHS} tháng)`,
    }),
  ),
  boundaries: Type.Optional(
    Literals(
      ['current', 'historical'],
      'current: địa giới hiện nay (mặc định); historical: đơn vị có hiệu lực trong từng tháng (mã xã cũ trước 01/07/2025)',
    ),
  ),
  params: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z][A-Za-z0-9_]*:-?\\d+(\\.\\d+)?(,[A-Za-z][A-Za-z0-9_]*:-?\\d+(\\.\\d+)?)*$',
      maxLength: 200,
      description: 'Tham số của chỉ tiêu, ví dụ oldAge:60 (tuổi bắt đầu già của tỷ số phụ thuộc)',
    }),
  ),
};

export const PeriodView = Type.Object(
  { from: Type.String(), to: Type.String(), months: Type.Integer(), years: Type.Number() },
  strict,
);

const Value = {
  value: NumberOrNull,
  numerator: NumberOrNull,
  denominator: NumberOrNull,
};

const IndicatorValue = Type.Object(
  {
    code: Type.String(),
    vi: Type.String(),
    en: Type.String(),
    unit: Bilingual,
    decimals: Type.Integer(),
    ...Value,
    parameters: Type.Record(Type.String(), Type.Number()),
    breakdown: Nullable(Literals(breakdownNames)),
    categories: Nullable(
      Type.Array(
        Type.Object({ category: Type.String(), vi: Type.String(), en: Type.String(), ...Value }, strict),
        { maxItems: 200 },
      ),
    ),
  },
  strict,
);

const Catalogue = Type.Object(
  {
    indicators: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          group: Literals(indicatorGroups),
          vi: Type.String(),
          en: Type.String(),
          unit: Bilingual,
          decimals: Type.Integer(),
          multiplier: Type.Number(),
          formula: Type.Object(
            {
              text: Type.String(),
              numerator: Type.Optional(Type.String()),
              denominator: Type.Optional(Type.String()),
              expression: Type.Optional(Type.String()),
            },
            strict,
          ),
          parameters: Type.Array(
            Type.Object(
              {
                name: Type.String(),
                default: Type.Number(),
                allowed: Nullable(Type.Array(Type.Number())),
                vi: Type.String(),
                en: Type.String(),
              },
              strict,
            ),
          ),
          breakdowns: Type.Array(
            Type.Object(
              { by: Literals(breakdownNames), categories: Nullable(Type.Array(Type.String())) },
              strict,
            ),
          ),
          requiresBreakdown: Nullable(Type.String()),
          target: Nullable(
            Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) }, strict),
          ),
          note: Nullable(Bilingual),
        },
        strict,
      ),
    ),
    measures: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          vi: Type.String(),
          en: Type.String(),
          source: Type.String(),
          event: Nullable(Type.String()),
          time: Type.String(),
          dims: Type.Array(Type.String()),
          breakdowns: Type.Array(Type.String()),
        },
        strict,
      ),
    ),
    breakdowns: Type.Array(
      Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() }, strict),
    ),
    groups: Type.Array(Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() }, strict)),
  },
  strict,
);

/** The indicator catalogue, indicator values for a unit and period, and rankings of communes. */
export function registerIndicatorRoutes(api: Api, services: Services): void {
  const { indicators } = services;

  api.get(
    '/v1/indicators',
    {
      schema: {
        tags,
        summary: 'Danh mục chỉ tiêu: công thức, đơn vị, tham số, cách phân tổ (indicator catalogue)',
        response: { 200: Catalogue, ...errorResponses },
      },
    },
    async (request) => indicators.describe(sessionOf(request).actor),
  );

  api.get(
    '/v1/indicators/values',
    {
      schema: {
        tags,
        summary:
          'Giá trị các chỉ tiêu của một tỉnh, xã hoặc địa bàn trong một kỳ, có thể phân tổ (indicator values)',
        querystring: Type.Object(
          {
            unit: Type.String({
              pattern:
                '^(\\d{2}|\\d{5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
              description: 'Mã tỉnh (2 số), mã xã (5 số) hoặc mã địa bàn',
            }),
            codes: Type.Optional(
              Type.String({
                pattern: '^[A-Z0-9_]+(,[A-Z0-9_]+)*$',
                maxLength: 2000,
                description: 'Mã các chỉ tiêu, cách nhau bằng dấu phẩy (mặc định: tất cả)',
              }),
            ),
            breakdown: Type.Optional(
              Literals(breakdownNames, 'Phân tổ theo giới tính, nhóm tuổi, thành thị/nông thôn, dân tộc'),
            ),
            ...PeriodQuery,
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              unit: Type.Object(
                {
                  code: Type.String(),
                  name: Type.String(),
                  level: Literals(['area', 'commune', 'province']),
                },
                strict,
              ),
              period: PeriodView,
              boundaries: Literals(['current', 'historical']),
              breakdown: Nullable(Literals(breakdownNames)),
              items: Type.Array(IndicatorValue, { maxItems: 500 }),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => indicators.values(sessionOf(request).actor, request.query),
  );

  api.get(
    '/v1/indicators/ranking',
    {
      schema: {
        tags,
        summary: 'Xếp hạng các xã của một tỉnh theo một chỉ tiêu trong một kỳ (ranking of communes)',
        querystring: Type.Object(
          {
            province: Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' }),
            code: Type.String({ pattern: '^[A-Z0-9_]+$', maxLength: 40, description: 'Mã chỉ tiêu' }),
            order: Type.Optional(Literals(['desc', 'asc'], 'desc: giá trị lớn nhất đứng đầu (mặc định)')),
            ...PeriodQuery,
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              province: Type.Object({ code: Type.String(), name: Type.String() }, strict),
              indicator: Type.Object(
                {
                  code: Type.String(),
                  vi: Type.String(),
                  en: Type.String(),
                  unit: Bilingual,
                  decimals: Type.Integer(),
                },
                strict,
              ),
              period: PeriodView,
              boundaries: Literals(['current', 'historical']),
              order: Literals(['desc', 'asc']),
              parameters: Type.Record(Type.String(), Type.Number()),
              items: Type.Array(
                Type.Object(
                  {
                    rank: Nullable(Type.Integer()),
                    unitCode: Type.String(),
                    unitName: Type.String(),
                    ...Value,
                  },
                  strict,
                ),
                { maxItems: 5000 },
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => indicators.ranking(sessionOf(request).actor, request.query),
  );
}
