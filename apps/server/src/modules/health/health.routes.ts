import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Api } from '../../http/api.ts';
import { errorResponses } from '../../http/errors.ts';

const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    time: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export function registerHealthRoutes(api: Api, database: Database): void {
  api.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Tình trạng hệ thống (health check)',
        response: { 200: Health, ...errorResponses },
      },
      config: { access: 'public' },
    },
    async () => {
      await sql`SELECT 1`.execute(database.db);
      return { status: 'ok' as const, database: database.kind, time: new Date().toISOString() };
    },
  );
}
