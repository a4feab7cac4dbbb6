import { errorCatalogue } from '@danso/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { appFor, buildWorld, Client } from '../../test/fixtures.ts';

describe('HTTP contract', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    await buildWorld(t.database);
    app = await appFor(t.database, { DANSO_BODY_LIMIT_BYTES: '4096' });
    admin = new Client(app);
    await admin.login('quantri');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const userCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('app_user')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers health', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'pglite' });
  });

  it('rejects malformed JSON with a code and a Vietnamese message, changing nothing', async () => {
    const before = await userCount();
    const res = await admin.request('POST', '/api/v1/users', undefined, {
      'content-type': 'application/json',
    });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: '{"username": "a",',
      headers: {
        'content-type': 'application/json',
        cookie: `danso_session=${admin.cookie}`,
        'x-csrf-token': admin.csrf,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('DANSO_ERR_MALFORMED_JSON');
    expect(bad.json().error.message).toBe(errorCatalogue.DANSO_ERR_MALFORMED_JSON.vi);
    expect(await userCount()).toBe(before);
  });

  it('rejects unknown fields and wrong types, listing each problem', async () => {
    const before = await userCount();
    const res = await admin.request('POST', '/api/v1/users', {
      username: 'nguoi.moi',
      displayName: 'Người mới',
      role: 'sếp',
      password: 12345678,
      isAdmin: true,
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('DANSO_ERR_VALIDATION');
    const paths = error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('body/isAdmin');
    expect(paths.some((p: string) => p.startsWith('body/password'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('body/role'))).toBe(true);
    expect(await userCount()).toBe(before);
  });

  it('rejects oversized bodies', async () => {
    const res = await admin.request('POST', '/api/v1/admin-units/import', {
      kind: 'units',
      csv: 'x'.repeat(10_000),
      dryRun: true,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('DANSO_ERR_BODY_TOO_LARGE');
  });

  it('rejects a weak password with a clear reason', async () => {
    const res = await admin.request('POST', '/api/v1/users', {
      username: 'nguoi.moi',
      displayName: 'Người mới',
      role: 'central_viewer',
      password: 'password1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DANSO_ERR_WEAK_PASSWORD');
    expect(res.json().error.details).toContainEqual({ path: 'password', reason: 'common' });
    const short = await admin.request('POST', '/api/v1/users', {
      username: 'nguoi.moi',
      displayName: 'Người mới',
      role: 'central_viewer',
      password: 'ngắn',
    });
    expect(short.json().error.details).toContainEqual({ path: 'password', reason: 'too_short' });
  });

  it('answers in English when asked', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/places/home',
      headers: { 'accept-language': 'en-GB' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe(errorCatalogue.DANSO_ERR_UNAUTHENTICATED.en);
  });

  it('answers unknown API routes with a catalogue code', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('DANSO_ERR_ROUTE_NOT_FOUND');
  });

  it('publishes an OpenAPI 3.1 document where every route has its schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { path, method, op } of operations) {
      const responses = op.responses as Record<string, unknown>;
      // A success answer: 200, 201 for a creation, 202 for work started in the background.
      if (!['200', '201', '202'].some((code) => responses[code]))
        problems.push(`${method} ${path}: no 2xx schema`);
      if (!responses['400']) problems.push(`${method} ${path}: errors not documented`);
      if ((method === 'post' || method === 'patch') && !op.requestBody)
        problems.push(`${method} ${path}: no body schema`);
    }
    expect(problems).toEqual([]);
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('documents every error code in both languages with an HTTP status', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^DANSO_ERR_[A-Z_]+$/);
      expect(entry.vi.length).toBeGreaterThan(5);
      expect(entry.en.length).toBeGreaterThan(5);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });
});
