import { generateSigningKey, type ReportDocument, signDocument } from '@danso/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import {
  appFor,
  buildWorld,
  type Client,
  everyone,
  places,
  signInEveryone,
  type Who,
} from '../../../test/fixtures.ts';

/**
 * The report routes × every role × own and other places. Reports are aggregates: everyone whose scope holds
 * the unit reads them (a collaborator her commune's); a unit outside the scope is not found. Only the
 * commune officer submits her commune's reports; only the province officer approves, returns, locks and
 * accepts revisions of her communes'; monitoring is for province-wide readers.
 */

const PERIOD = '2025-12';
const provinceWide: Who[] = ['admin', 'provinceAdmin', 'central', 'province'];
const communeReaders: Who[] = [...provinceWide, 'commune', 'collaborator'];
/** `status` for the readers of a unit, 404 (not found) for everyone else. */
const within = (readers: readonly Who[], status = 200) =>
  Object.fromEntries(everyone.map((w) => [w, readers.includes(w) ? status : 404])) as Record<Who, number>;
const only = (who: Partial<Record<Who, number>>, otherwise: number) =>
  Object.fromEntries(everyone.map((w) => [w, who[w] ?? otherwise])) as Record<Who, number>;

interface Case {
  method: 'GET' | 'POST';
  url: () => string;
  body?: () => unknown;
  expect: Record<Who, number>;
}

describe.each(engines)('report routes × role × place on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients: Map<Who, Client>;
  let signed: { document: ReportDocument; keyId: string; signature: string };
  let yearbook = '';
  const report = () => `/api/v1/reports/DS-XA-THANG/${places.commune}/${PERIOD}`;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    app = await appFor(t.database);
    clients = await signInEveryone(app);
    // The commune officer submits December 2025, signed with her registered key.
    const officer = clients.get('commune') as Client;
    const keys = await generateSigningKey();
    const key = await officer.request('POST', '/api/v1/signing-keys', {
      publicKey: keys.publicKey,
      label: 'Xã',
    });
    expect(key.statusCode).toBeLessThan(300);
    const keyId = key.json().id as string;
    const view = (await officer.request('GET', report())).json();
    const document = view.toSign as ReportDocument;
    signed = { document, keyId, signature: await signDocument(keys.secretKey, document) };
    const submitted = await officer.request('POST', `${report()}/submit`, signed);
    expect(submitted.statusCode, submitted.body).toBe(200);
    // The province officer makes the 2025 yearbook.
    const provinceOfficer = clients.get('province') as Client;
    const started = await provinceOfficer.request('POST', '/api/v1/yearbooks', {
      province: '20',
      year: '2025',
      format: 'xlsx',
    });
    expect(started.statusCode, started.body).toBe(202);
    yearbook = started.json().id;
    for (let i = 0; i < 600; i++) {
      const job = await provinceOfficer.request('GET', `/api/v1/yearbooks/${yearbook}`);
      if (job.json().status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const reads = () => within(communeReaders);
  const cases: Case[] = [
    { method: 'GET', url: () => '/api/v1/reports/forms', expect: within(everyone) },
    { method: 'GET', url: () => `/api/v1/reports?unit=${places.commune}&year=2025`, expect: reads() },
    {
      method: 'GET',
      url: () => '/api/v1/reports?unit=20&year=2025',
      expect: within(provinceWide),
    },
    {
      method: 'GET',
      url: () => '/api/v1/reports/monitoring?province=20&form=DS-XA-THANG&year=2025',
      expect: within(provinceWide),
    },
    { method: 'GET', url: report, expect: reads() },
    {
      method: 'GET',
      url: () => `/api/v1/reports/DS-TINH-QUY/20/2025-Q4`,
      expect: within(provinceWide),
    },
    { method: 'GET', url: () => `${report()}/verify`, expect: reads() },
    { method: 'GET', url: () => `${report()}/versions/1`, expect: reads() },
    { method: 'GET', url: () => `${report()}/export.xlsx`, expect: reads() },
    { method: 'GET', url: () => `${report()}/export.pdf`, expect: reads() },
    { method: 'GET', url: () => `${report()}/export.csv`, expect: reads() },
    // Submitting again is refused by the workflow for its officer; others may not submit it at all.
    {
      method: 'POST',
      url: () => `${report()}/submit`,
      body: () => signed,
      expect: only({ commune: 409, otherCommune: 404 }, 403),
    },
    // The province decides: approve (without locking), then lock; a locked report cannot be returned.
    {
      method: 'POST',
      url: () => `${report()}/approve`,
      body: () => ({ lock: false }),
      expect: only({ province: 200, otherProvince: 404 }, 403),
    },
    {
      method: 'POST',
      url: () => `${report()}/lock`,
      body: () => ({}),
      expect: only({ province: 200, otherProvince: 404 }, 403),
    },
    {
      method: 'POST',
      url: () => `${report()}/return`,
      body: () => ({ reason: 'Sai số liệu' }),
      expect: only({ province: 409, otherProvince: 404 }, 403),
    },
    // No change since the lock: nothing to accept (a stale document for the province).
    {
      method: 'POST',
      url: () => `${report()}/revisions`,
      body: () => signed,
      expect: only({ province: 409, otherProvince: 404 }, 403),
    },
    {
      method: 'POST',
      url: () => '/api/v1/yearbooks',
      body: () => ({ province: '20', year: '2025', format: 'xlsx' }),
      expect: within(provinceWide, 202),
    },
    { method: 'GET', url: () => `/api/v1/yearbooks/${yearbook}`, expect: only({ province: 200 }, 404) },
    { method: 'GET', url: () => `/api/v1/yearbooks/${yearbook}/file`, expect: only({ province: 200 }, 404) },
  ];

  it('refuses every report route without a session', async () => {
    for (const c of cases) {
      const res = await app.inject({
        method: c.method,
        url: c.url(),
        ...(c.body ? { payload: c.body() as object } : {}),
      });
      expect(res.statusCode, `${c.method} ${c.url()}`).toBe(401);
    }
  });

  it('answers every role as the matrix says, in order', async () => {
    for (const who of everyone) {
      for (const c of cases) {
        const res = await (clients.get(who) as Client).request(c.method, c.url(), c.body?.());
        expect(res.statusCode, `${who}: ${c.method} ${c.url()} → ${res.body.slice(0, 200)}`).toBe(
          c.expect[who],
        );
      }
    }
  });
});
