import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { PeriodQuery, PeriodView } from '../indicators/indicators.routes.ts';
import { DEFAULT_SERIES_MONTHS } from './dashboards.service.ts';

const tags = ['dashboards'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() }, strict);
const NumberOrNull = Nullable(Type.Number());

const Described = {
  code: Type.String(),
  vi: Type.String(),
  en: Type.String(),
  unit: Bilingual,
  decimals: Type.Integer(),
  target: Nullable(
    Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) }, strict),
  ),
};

const Overview = Type.Object(
  {
    unit: Type.Object(
      {
        code: Type.String(),
        name: Type.String(),
        level: Type.Union([Type.Literal('province'), Type.Literal('commune'), Type.Literal('area')]),
        provinceCode: Type.String(),
      },
      strict,
    ),
    period: PeriodView,
    boundaries: Type.Union([Type.Literal('current'), Type.Literal('historical')]),
    indicators: Type.Array(
      Type.Object(
        { ...Described, value: NumberOrNull, numerator: NumberOrNull, denominator: NumberOrNull },
        strict,
      ),
      { maxItems: 50 },
    ),
    series: Type.Object(
      {
        months: Type.Array(Type.String(), { maxItems: 36 }),
        rollingMonths: Type.Integer(),
        items: Type.Array(
          Type.Object(
            {
              ...Described,
              rolling: Type.Boolean({ description: 'true: giá trị của 12 tháng kết thúc ở tháng đó' }),
              values: Type.Array(NumberOrNull, { maxItems: 36 }),
            },
            strict,
          ),
          { maxItems: 20 },
        ),
      },
      strict,
    ),
    pyramid: Type.Object(
      {
        date: Type.String(),
        ages: Type.Array(Type.Integer(), { maxItems: 101 }),
        male: Type.Array(Type.Integer(), { maxItems: 101 }),
        female: Type.Array(Type.Integer(), { maxItems: 101 }),
      },
      strict,
    ),
  },
  strict,
);

export function registerDashboardRoutes(api: Api, services: Services): void {
  const { dashboards } = services;

  api.get(
    '/v1/dashboards/overview',
    {
      schema: {
        tags,
        summary:
          'Tổng quan của tỉnh, xã hoặc địa bàn: chỉ tiêu chính của kỳ, xu hướng theo tháng, tháp dân số cuối kỳ (dashboard overview)',
        querystring: Type.Object(
          {
            unit: Type.String({
              pattern: '^(\\d{2}|\\d{5}|[0-9a-fA-F-]{36})$',
              description: 'Mã tỉnh (2 số), mã xã (5 số) hoặc mã địa bàn',
            }),
            months: Type.Optional(
              Type.Integer({
                minimum: 12,
                maximum: 36,
                description: `Số tháng của xu hướng, kết thúc ở tháng cuối kỳ (mặc định ${DEFAULT_SERIES_MONTHS})`,
              }),
            ),
            ...PeriodQuery,
          },
          strict,
        ),
        response: { 200: Overview, ...errorResponses },
      },
    },
    async (request) => dashboards.overview(sessionOf(request).actor, request.query),
  );
}
