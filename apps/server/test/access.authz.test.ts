import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from './databases.ts';
import {
  addUser,
  appFor,
  buildWorld,
  type Client,
  everyone,
  places,
  signInEveryone,
  type Who,
  type World,
} from './fixtures.ts';

/**
 * Every route × every role × own place and another place. A new route that is not in this matrix fails the
 * coverage test below, so access rules cannot be forgotten.
 */
interface Case {
  route: string; // as in the OpenAPI document
  method: 'GET' | 'POST' | 'PATCH';
  url: () => string;
  body?: (who: Who) => unknown;
  expect: Partial<Record<Who, number>>;
}

const allowed = (who: readonly Who[], status = 200): Partial<Record<Who, number>> =>
  Object.fromEntries(everyone.map((w) => [w, who.includes(w) ? status : -1]));
const admins: Who[] = ['admin', 'provinceAdmin'];
const seesProvince20: Who[] = ['admin', 'provinceAdmin', 'central', 'province'];

let targetUser = '';
let foreignUser = '';

const cases: Case[] = [
  {
    route: '/api/v1/places/home',
    method: 'GET',
    url: () => '/api/v1/places/home',
    expect: allowed(everyone),
  },
  {
    route: '/api/v1/places/provinces/{code}',
    method: 'GET',
    url: () => '/api/v1/places/provinces/20',
    expect: {
      ...allowed(seesProvince20),
      otherProvince: 404,
      commune: 404,
      otherCommune: 404,
      collaborator: 404,
    },
  },
  {
    route: '/api/v1/places/communes/{code}',
    method: 'GET',
    url: () => `/api/v1/places/communes/${places.commune}`,
    expect: {
      ...allowed([...seesProvince20, 'commune', 'collaborator']),
      otherProvince: 404,
      otherCommune: 404,
    },
  },
  {
    route: '/api/v1/places/areas/{id}',
    method: 'GET',
    url: () => `/api/v1/places/areas/${places.areas[0]}`,
    expect: {
      ...allowed([...seesProvince20, 'commune', 'collaborator']),
      otherProvince: 404,
      otherCommune: 404,
    },
  },
  {
    route: '/api/v1/places/areas/{id}',
    method: 'GET',
    url: () => `/api/v1/places/areas/${places.areas[1]}`, // the same commune, not the collaborator's area
    expect: {
      ...allowed([...seesProvince20, 'commune']),
      otherProvince: 404,
      otherCommune: 404,
      collaborator: 404,
    },
  },
  {
    route: '/api/v1/users',
    method: 'GET',
    url: () => '/api/v1/users',
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/users/{id}',
    method: 'GET',
    url: () => `/api/v1/users/${foreignUser}`,
    expect: { admin: 200, provinceAdmin: 404, ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/users',
    method: 'POST',
    url: () => '/api/v1/users',
    body: (who) => ({
      username: `moi.${who.toLowerCase()}`,
      displayName: 'Cán bộ mới',
      role: 'commune_officer',
      provinceCode: '20',
      communeCode: places.commune,
      password: 'Mat-khau-rat-dai-2026',
    }),
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/users',
    method: 'POST',
    url: () => '/api/v1/users',
    body: (who) => ({
      username: `cb.${who.toLowerCase()}`,
      displayName: 'Cán bộ tỉnh khác',
      role: 'province_officer',
      provinceCode: '04',
      password: 'Mat-khau-rat-dai-2026',
    }),
    expect: { admin: 200, provinceAdmin: 404, ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/users/{id}',
    method: 'PATCH',
    url: () => `/api/v1/users/${targetUser}`,
    body: () => ({ displayName: 'Tên mới' }),
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  ...(['disable', 'enable', 'totp-reset'] as const).map(
    (action): Case => ({
      route: `/api/v1/users/{id}/${action}`,
      method: 'POST',
      url: () => `/api/v1/users/${targetUser}/${action}`,
      body: () => ({}),
      expect: { ...allowed(admins), ...forbiddenFor(admins) },
    }),
  ),
  {
    route: '/api/v1/users/{id}/password',
    method: 'POST',
    url: () => `/api/v1/users/${targetUser}/password`,
    body: () => ({ password: 'Mot-mat-khau-moi-2026' }),
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/admin-units',
    method: 'GET',
    url: () => '/api/v1/admin-units?parent=20',
    expect: allowed(everyone),
  },
  {
    route: '/api/v1/admin-units/tree',
    method: 'GET',
    url: () => '/api/v1/admin-units/tree?root=20',
    expect: allowed(everyone),
  },
  {
    route: '/api/v1/admin-units/{code}',
    method: 'GET',
    url: () => `/api/v1/admin-units/${places.commune}`,
    expect: allowed(everyone),
  },
  {
    route: '/api/v1/admin-units/import',
    method: 'POST',
    url: () => '/api/v1/admin-units/import',
    body: () => ({
      kind: 'areas',
      csv: `commune_code,area_number,hamlet\n${places.commune},50,Thôn Mới`,
      dryRun: true,
    }),
    expect: {
      ...allowed([...admins, 'province', 'otherProvince']),
      central: 403,
      commune: 403,
      otherCommune: 403,
      collaborator: 403,
    },
  },
  {
    route: '/api/v1/admin-units/import',
    method: 'POST',
    url: () => '/api/v1/admin-units/import',
    body: () => ({
      kind: 'units',
      csv: 'code,name,level,valid_from\n98,Tỉnh Mới,province,2030-01-01',
      dryRun: true,
    }),
    expect: {
      admin: 200,
      provinceAdmin: 403,
      province: 403,
      otherProvince: 403,
      central: 403,
      commune: 403,
      otherCommune: 403,
      collaborator: 403,
    },
  },
  {
    route: '/api/v1/audit',
    method: 'GET',
    url: () => '/api/v1/audit',
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  {
    route: '/api/v1/audit/verify',
    method: 'GET',
    url: () => '/api/v1/audit/verify',
    expect: { ...allowed(admins), ...forbiddenFor(admins) },
  },
  // The demography methods compute on what they are given and read no place-bound data: any signed-in user.
  ...(
    [
      ['life-table', { ages: [0, 1, 5], mx: [0.02, 0.001, 0.1], sex: 'total' }],
      ['fertility', { ages: [15, 20], n: 5, asfr: [0.05, 0.1] }],
      [
        'project',
        {
          step: 5,
          horizon: 5,
          ages: [0, 5],
          population: { male: [10, 20], female: [10, 20] },
          survival: { male: [0.99, 0.9], female: [0.99, 0.9] },
          asfr: [0, 0.05],
        },
      ],
      [
        'age-heaping',
        {
          ages: Array.from({ length: 30 }, (_, i) => 15 + i),
          population: Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? 6 : 4)),
          method: 'whipple',
          range: [20, 39],
        },
      ],
    ] as const
  ).map(
    ([method, input]): Case => ({
      route: `/api/v1/demography/${method}`,
      method: 'POST',
      url: () => `/api/v1/demography/${method}`,
      body: () => input,
      expect: allowed(everyone),
    }),
  ),
];

function forbiddenFor(except: readonly Who[]): Partial<Record<Who, number>> {
  return Object.fromEntries(everyone.filter((w) => !except.includes(w)).map((w) => [w, 403]));
}

/** Routes outside the matrix, and why. */
const elsewhere = new Map([
  ['/api/health', 'public'],
  ['/api/v1/auth/login', 'public; sign-in tests'],
  ['/api/v1/auth/session', 'any session; sign-in tests'],
  ['/api/v1/auth/totp/verify', 'own session; sign-in tests'],
  ['/api/v1/auth/totp/enrol', 'own session; sign-in tests'],
  ['/api/v1/auth/totp/confirm', 'own session; sign-in tests'],
  ['/api/v1/auth/logout', 'own session; sign-in tests'],
  ['/api/v1/changes', 'place-scoped; changes.test.ts (other household, other commune, central viewer)'],
  ['/api/v1/changes/{id}', 'place-scoped; changes.test.ts'],
  ['/api/v1/changes/{id}/review', 'officers only, place-scoped; changes.test.ts'],
  ['/api/v1/population', 'aggregates in scope; changes.test.ts'],
  ['/api/v1/population/residents', 'personal data in scope; changes.test.ts'],
  ['/api/v1/duplicates', 'personal data in scope; changes.test.ts'],
  ['/api/v1/duplicates/merge', 'officers only, place-scoped; changes.test.ts'],
  ['/api/v1/register/areas/{areaId}/households', 'register.authz.test.ts'],
  ['/api/v1/register/areas/{areaId}/a0.pdf', 'register.authz.test.ts'],
  ['/api/v1/register/households/{id}', 'register.authz.test.ts'],
  ['/api/v1/register/households/{id}/a0.pdf', 'register.authz.test.ts'],
  ['/api/v1/register/people/{id}', 'register.authz.test.ts'],
  ['/api/v1/register/search', 'register.authz.test.ts'],
  [
    '/api/v1/register/import',
    'officers of the commune or province; modules/register-import/register-import.authz.test.ts',
  ],
  ['/api/v1/projections', 'aggregates in scope; projections.authz.test.ts'],
  ['/api/v1/projections/scenarios', 'aggregates in scope; projections.authz.test.ts'],
  ['/api/v1/projections/{id}', 'aggregates in scope; projections.authz.test.ts'],
  ['/api/v1/projections/{id}/table.csv', 'aggregates in scope; projections.authz.test.ts'],
  ['/api/v1/projections/{id}/table.xlsx', 'aggregates in scope; projections.authz.test.ts'],
  ['/api/v1/indicators', 'catalogue, any signed-in user; modules/indicators/indicators.authz.test.ts'],
  ['/api/v1/published/tables', 'aggregates of the province in scope; modules/published/published.test.ts'],
  [
    '/api/v1/published/tables/csv',
    'aggregates of the province in scope; modules/published/published.test.ts',
  ],
  ['/api/v1/indicators/values', 'aggregates in scope; modules/indicators/indicators.authz.test.ts'],
  ['/api/v1/dashboards/overview', 'aggregates in scope; modules/dashboards/dashboards.test.ts'],
  ['/api/v1/boundaries', 'province-wide readers; modules/boundaries/boundaries.test.ts'],
  ['/api/v1/boundaries/import', 'units.manage in the province; modules/boundaries/boundaries.test.ts'],
  ['/api/v1/signing-keys', 'own keys of collaborators and officers; modules/sync/sync.test.ts'],
  ['/api/v1/signing-keys/{id}/revoke', 'own keys only; modules/sync/sync.test.ts'],
  ['/api/v1/sync/push', 'place-scoped per change; modules/sync/sync.test.ts'],
  ['/api/v1/sync/pull', "her areas, or an officer's commune; modules/sync/sync.test.ts"],
  [
    '/api/v1/submissions',
    'collaborators submit their own; officers of the commune or province list; modules/submissions/submissions.test.ts',
  ],
  [
    '/api/v1/submissions/{id}',
    'the author, officers of the commune or province; modules/submissions/submissions.test.ts',
  ],
  ['/api/v1/sync/devices', 'officers of the commune or province; modules/sync/sync.test.ts'],
  ['/api/v1/reports/forms', 'reports in scope; modules/reports/reports.authz.test.ts'],
  ['/api/v1/yearbooks', 'province-wide readers, own jobs; modules/reports/reports.authz.test.ts'],
  ['/api/v1/yearbooks/{id}', 'province-wide readers, own jobs; modules/reports/reports.authz.test.ts'],
  ['/api/v1/yearbooks/{id}/file', 'province-wide readers, own jobs; modules/reports/reports.authz.test.ts'],
  ['/api/v1/reports', 'reports in scope; modules/reports/reports.authz.test.ts'],
  ['/api/v1/reports/monitoring', 'reports in scope; modules/reports/reports.authz.test.ts'],
  ['/api/v1/reports/{form}/{unit}/{period}', 'reports in scope; modules/reports/reports.authz.test.ts'],
  [
    '/api/v1/reports/{form}/{unit}/{period}/submit',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/approve',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  ['/api/v1/reports/{form}/{unit}/{period}/lock', 'reports in scope; modules/reports/reports.authz.test.ts'],
  [
    '/api/v1/reports/{form}/{unit}/{period}/return',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/revisions',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/verify',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/versions/{version}',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/export.xlsx',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/export.pdf',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/reports/{form}/{unit}/{period}/export.csv',
    'reports in scope; modules/reports/reports.authz.test.ts',
  ],
  [
    '/api/v1/indicators/ranking',
    'aggregates of a province in scope; modules/indicators/indicators.authz.test.ts',
  ],
]);

describe.each(engines)('route × role × place on %s', (engine) => {
  let t: TestDatabase;
  let world: World;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    world = await buildWorld(t.database);
    targetUser = (
      await addUser(t.database, {
        username: 'muc.tieu',
        role: 'collaborator',
        province: '20',
        commune: places.commune,
        areas: [places.areas[1] as string],
      })
    ).id;
    foreignUser = world.users.otherProvince?.id ?? '';
    app = await appFor(t.database);
    clients = await signInEveryone(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('covers every route of the API', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (!covered.has(key) && !elsewhere.has(path)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses every non-public route without a session', async () => {
    for (const c of cases) {
      const res = await app.inject({
        method: c.method,
        url: c.url(),
        ...(c.body ? { payload: c.body('admin') as object } : {}),
      });
      expect(res.statusCode, `${c.method} ${c.url()}`).toBe(401);
    }
  });

  for (const who of everyone) {
    it(`answers ${who} as the matrix says`, async () => {
      const client = clients.get(who) as Client;
      for (const c of cases) {
        const expected = c.expect[who];
        if (expected === undefined || expected === -1)
          throw new Error(`matrix has no answer for ${who} on ${c.method} ${c.route}`);
        const res = await client.request(c.method, c.url(), c.body?.(who));
        expect(res.statusCode, `${who}: ${c.method} ${c.url()} → ${res.body.slice(0, 200)}`).toBe(expected);
      }
    });
  }

  it('shows a collaborator only her own area in her commune', async () => {
    const page = (
      await clients.get('collaborator')?.request('GET', `/api/v1/places/communes/${places.commune}`)
    )?.json();
    expect(page.children.map((a: { id: string }) => a.id)).toEqual([places.areas[0]]);
    expect(page.place.households).toBe(3);
  });
});
