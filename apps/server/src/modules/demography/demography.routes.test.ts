import { type DemographyMethodName, DomainError, demographyMethods } from '@danso/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { addUser, appFor, Client } from '../../../test/fixtures.ts';

const inputs: Record<DemographyMethodName, unknown> = {
  'life-table': { ages: [0, 1, 5, 10, 15], mx: [0.02, 0.001, 0.0004, 0.0005, 0.1], sex: 'total', q0: 0.018 },
  fertility: {
    ages: [15, 20, 25, 30, 35, 40, 45],
    n: 5,
    births: [300, 1800, 2400, 1500, 600, 120, 10],
    womenExposure: [25000, 24000, 23000, 22000, 21000, 20000, 19000],
    femaleLx: [495000, 494000, 493000, 492000, 490000, 487000, 482000],
  },
  project: {
    step: 1,
    horizon: 3,
    ages: [0, 1, 2, 3],
    population: { male: [10, 10, 10, 30], female: [10, 10, 10, 30] },
    survival: { male: [0.99, 0.999, 0.999, 0.9], female: [0.99, 0.999, 0.999, 0.92] },
    asfr: [0, 0, 0.05, 0.05],
    migration: {
      male: [
        [1, 0, 0, 0],
        [0, 0, 0, 0],
        [-1, -1, -1, -1],
      ],
      female: [0, 0, 1, 1],
    },
  },
  'age-heaping': {
    ages: Array.from({ length: 100 }, (_, i) => i),
    population: Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? 130 : 100)),
    method: 'myers',
  },
};

function domainProblems(method: DemographyMethodName, input: unknown) {
  try {
    demographyMethods[method].run(input);
  } catch (error) {
    if (error instanceof DomainError) return error.details;
  }
  throw new Error('expected a validation error');
}

describe('POST /api/v1/demography/<method>', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let user: Client;

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    await addUser(t.database, { username: 'trunguong', role: 'central_viewer' });
    app = await appFor(t.database);
    user = new Client(app);
    const login = await user.login('trunguong');
    expect(login.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  for (const method of Object.keys(inputs) as DemographyMethodName[]) {
    it(`answers ${method} with the JSON the CLI prints`, async () => {
      const res = await user.request('POST', `/api/v1/demography/${method}`, inputs[method]);
      expect(res.statusCode).toBe(200);
      // The CLI writes JSON.stringify of the same domain function's answer.
      expect(res.body).toBe(JSON.stringify(demographyMethods[method].run(inputs[method])));
    });
  }

  it('answers 400 listing every problem, in Vietnamese, as the domain reports them', async () => {
    const bad = {
      ages: [0, 1, 5, 10],
      mx: [0.01, -0.002, 0.1],
      sex: 'nam',
      axRule: { young: 'cd-m0', older: 'bogus' },
      unknown: true,
    };
    const res = await user.request('POST', '/api/v1/demography/life-table', bad);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe('DANSO_ERR_VALIDATION');
    expect(body.error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    expect(body.error.details).toEqual(domainProblems('life-table', bad));
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/unknown', reason: 'unknown_field' }),
        expect.objectContaining({ path: '/sex', reason: 'enum' }),
        expect.objectContaining({ path: '/axRule/older', reason: 'enum' }),
        expect.objectContaining({ path: '/mx', reason: 'length_mismatch' }),
        expect.objectContaining({
          path: '/mx/1',
          reason: 'negative',
          message: 'Tỷ suất chết không được âm.',
        }),
      ]),
    );
  });

  it('answers 400 to ragged per-step projection rates', async () => {
    const input = {
      ...(inputs.project as object),
      asfr: [
        [0, 0, 0.05, 0.05],
        [0, 0.05],
      ],
    };
    const res = await user.request('POST', '/api/v1/demography/project', input);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ path: '/asfr', reason: 'length_mismatch' }),
      expect.objectContaining({ path: '/asfr/1', reason: 'length_mismatch' }),
    ]);
  });

  it('wants a signed-in user', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/demography/fertility',
      payload: inputs.fertility as object,
    });
    expect(res.statusCode).toBe(401);
  });

  it('documents the methods in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const method of Object.keys(inputs)) expect(paths).toContain(`/api/v1/demography/${method}`);
  });
});
