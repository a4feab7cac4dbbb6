import { breakdownNames } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { PeriodQuery, PeriodView } from '../indicators/indicators.routes.ts';
import { PUBLISHABLE_INDICATORS, publishedTableCsv } from './published.service.ts';

const tags = ['published'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = <const T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() }, strict);
const Count = Nullable(
  Type.Integer({ minimum: 0, description: 'null: không công bố (ô nhỏ hoặc ô có thể suy ra ô nhỏ)' }),
);

const Query = Type.Object(
  {
    province: Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' }),
    code: Literals(
      PUBLISHABLE_INDICATORS,
      'Chỉ tiêu đếm: dân số, số hộ, số sinh, số chết, phụ nữ 15–49 có chồng',
    ),
    breakdown: Type.Optional(
      Literals(breakdownNames, 'Phân tổ theo cột: giới tính, nhóm tuổi, thành thị/nông thôn, dân tộc'),
    ),
    ...PeriodQuery,
  },
  strict,
);

const Table = Type.Object(
  {
    province: Type.Object({ code: Type.String(), name: Type.String() }, strict),
    indicator: Type.Object(
      { code: Type.String(), vi: Type.String(), en: Type.String(), unit: Bilingual },
      strict,
    ),
    period: PeriodView,
    boundaries: Literals(['current', 'historical']),
    breakdown: Nullable(Literals(breakdownNames)),
    threshold: Type.Integer({ description: 'Các số từ 1 đến ngưỡng − 1 không được công bố' }),
    columns: Type.Array(
      Type.Object({ category: Type.String(), vi: Type.String(), en: Type.String() }, strict),
    ),
    rows: Type.Array(
      Type.Object(
        { unitCode: Type.String(), unitName: Type.String(), cells: Type.Array(Count), total: Count },
        strict,
      ),
    ),
    columnTotals: Type.Array(Count),
    total: Count,
    withheld: Type.Object({ primary: Type.Integer(), complementary: Type.Integer() }, strict),
  },
  strict,
);

export function registerPublishedRoutes(api: Api, { published }: Services): void {
  api.get(
    '/v1/published/tables',
    {
      schema: {
        tags,
        summary:
          'Bảng số liệu công bố: một chỉ tiêu đếm cho mọi xã của tỉnh, ô nhỏ hơn 10 và ô suy ra được đã ẩn (published table)',
        querystring: Query,
        response: { 200: Table, ...errorResponses },
      },
    },
    async (request) => published.table(sessionOf(request).actor, request.query),
  );

  api.get(
    '/v1/published/tables/csv',
    {
      schema: {
        tags,
        summary: 'Bảng số liệu công bố dạng CSV; ô không công bố ghi "x" (published table as CSV)',
        querystring: Query,
        response: { 200: Type.String({ description: 'CSV, UTF-8 có BOM' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const table = await published.table(sessionOf(request).actor, request.query);
      const name = `bang-cong-bo-${table.indicator.code}-${table.province.code}-${table.period.from}-${table.period.to}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(publishedTableCsv(table));
    },
  );
}
