import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['population'];
const strict = { additionalProperties: false } as const;
const Query = {
  unitCode: Type.String({ pattern: '^(\\d{2}|\\d{5})$', description: 'Mã tỉnh (2 số) hoặc mã xã (5 số)' }),
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Ngày (YYYY-MM-DD)' }),
  boundaries: Type.Union([Type.Literal('current'), Type.Literal('historical')], {
    default: 'current',
    description: 'current: địa giới hiện nay; historical: địa giới có hiệu lực vào ngày đó',
  }),
};

export function registerPopulationRoutes(api: Api, services: Services): void {
  const { population } = services;
  api.get(
    '/v1/population',
    {
      schema: {
        tags,
        summary:
          'Dân số theo giới tính và từng độ tuổi tại một ngày (population by sex and single age on a date)',
        querystring: Type.Object(Query, strict),
        response: {
          200: Type.Object(
            {
              ...Query,
              total: Type.Integer(),
              male: Type.Integer(),
              female: Type.Integer(),
              bySexAge: Type.Array(
                Type.Object({ sex: Type.Integer(), age: Type.Integer(), n: Type.Integer() }, strict),
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => population.bySexAge(sessionOf(request).actor, request.query),
  );
  api.get(
    '/v1/population/residents',
    {
      schema: {
        tags,
        summary: 'Những người sống trong xã vào một ngày (who lived in a commune on a date)',
        querystring: Type.Object(
          {
            ...Query,
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              total: Type.Integer(),
              items: Type.Array(
                Type.Object(
                  {
                    personId: Type.String(),
                    fullName: Type.String(),
                    sex: Type.Integer(),
                    birthDate: Type.String(),
                    householdId: Type.String(),
                    householdCode: Type.String(),
                    areaId: Type.String(),
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
    async (request) => population.residents(sessionOf(request).actor, request.query),
  );
}
