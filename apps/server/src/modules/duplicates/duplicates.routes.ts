import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['duplicates'];
const strict = { additionalProperties: false } as const;
const Person = Type.Object(
  {
    id: Type.String(),
    fullName: Type.String(),
    sex: Type.Integer(),
    birthDate: Type.String(),
    householdId: Type.String(),
    householdCode: Type.String(),
    areaId: Type.String(),
    vitalStatus: Type.String(),
    presence: Type.String(),
  },
  strict,
);

export function registerDuplicateRoutes(api: Api, services: Services): void {
  const { duplicates } = services;
  api.get(
    '/v1/duplicates',
    {
      schema: {
        tags,
        summary: 'Các hồ sơ có thể trùng trong xã (possible duplicate records in a commune)',
        querystring: Type.Object({ communeCode: Type.String({ pattern: '^\\d{5}$' }) }, strict),
        response: {
          200: Type.Object(
            {
              communeCode: Type.String(),
              pairs: Type.Array(
                Type.Object(
                  { a: Person, b: Person, score: Type.Number(), reasons: Type.Array(Type.String()) },
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
    async (request) => duplicates.list(sessionOf(request).actor, request.query.communeCode),
  );
  api.post(
    '/v1/duplicates/merge',
    {
      schema: {
        tags,
        summary: 'Gộp hai hồ sơ của cùng một người, giữ lịch sử của cả hai (merge two records of one person)',
        body: Type.Object(
          {
            keptId: Type.String({ format: 'uuid', description: 'Hồ sơ giữ lại' }),
            mergedId: Type.String({ format: 'uuid', description: 'Hồ sơ gộp vào hồ sơ giữ lại' }),
            reason: Type.String({ minLength: 1, maxLength: 500, description: 'Lý do gộp' }),
          },
          strict,
        ),
        response: {
          200: Type.Object({ keptId: Type.String(), mergedId: Type.String() }, strict),
          ...errorResponses,
        },
      },
    },
    async (request) => duplicates.merge(sessionOf(request).actor, request.body),
  );
}
