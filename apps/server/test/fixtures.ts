import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '@danso/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { loadNationalUnits } from '../src/modules/admin-units/national.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';
import { currentTotpCode, demoTotpSecret } from '../src/modules/auth/totp.ts';

export const password = 'Hoa-sen-no-2026';
let passwordHash: Promise<string> | null = null;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DANSO_LOG_LEVEL: 'silent',
    DANSO_DEMO: 'false',
    DANSO_WEB_DIST: '/nonexistent',
    ...overrides,
  });
}

/** Two communes of Lạng Sơn (20) and one of Cao Bằng (04), each with areas, households and people. */
export const places = {
  province: '20',
  otherProvince: '04',
  commune: '',
  otherCommune: '',
  foreignCommune: '',
  areas: [] as string[],
  otherCommuneArea: '',
  foreignArea: '',
};

export interface World {
  users: Record<string, { id: string; username: string; role: Role }>;
}

async function addArea(
  database: Database,
  province: string,
  commune: string,
  number: number,
  people: number,
) {
  const id = randomUUID();
  const hamlet = randomUUID();
  const { db } = database;
  await db
    .insertInto('area')
    .values({ id, province_code: province, commune_code: commune, number, name: `Địa bàn số ${number}` })
    .execute();
  await db
    .insertInto('hamlet')
    .values({ id: hamlet, province_code: province, commune_code: commune, name: `Thôn ${commune}-${number}` })
    .execute();
  await db
    .insertInto('area_listing')
    .values({
      area_id: id,
      seq: 1,
      hamlet_id: hamlet,
      street: null,
      household_from: 1,
      household_to: people,
      province_code: province,
      commune_code: commune,
    })
    .execute();
  for (let h = 1; h <= people; h++) {
    const household = randomUUID();
    await db
      .insertInto('household')
      .values({
        id: household,
        province_code: province,
        commune_code: commune,
        area_id: id,
        hamlet_id: hamlet,
        code: `${commune}-${number}-${h}`,
        number: h,
        created_on: '2025-01-01',
      })
      .execute();
    await db
      .insertInto('person')
      .values({
        id: randomUUID(),
        province_code: province,
        commune_code: commune,
        area_id: id,
        household_id: household,
        row_number: 1,
        full_name: `Nguyễn Văn ${h}`,
        relation_to_head: 'head',
        sex: 1,
        birth_date: '1980-05-01',
        ethnicity_code: '01',
        marital_status: 'married',
      })
      .execute();
  }
  return id;
}

export async function addUser(
  database: Database,
  input: {
    username: string;
    role: Role;
    province?: string;
    commune?: string;
    areas?: string[];
    totp?: boolean;
  },
) {
  const id = randomUUID();
  passwordHash ??= hashPassword(password);
  await database.db
    .insertInto('app_user')
    .values({
      id,
      username: input.username,
      display_name: `Người dùng ${input.username}`,
      role: input.role,
      scope_province_code: input.province ?? null,
      scope_commune_code: input.commune ?? null,
      password_hash: await passwordHash,
      totp_secret: input.totp ? demoTotpSecret(input.username) : null,
      totp_enabled: input.totp ?? false,
      is_demo: true,
    })
    .execute();
  for (const area of input.areas ?? [])
    await database.db.insertInto('user_area').values({ user_id: id, area_id: area }).execute();
  return { id, username: input.username, role: input.role };
}

/** Loads the national list and builds a small world with one user of every role. */
export async function buildWorld(database: Database): Promise<World> {
  await loadNationalUnits(database);
  const communes = await database.db
    .selectFrom('admin_unit')
    .select(['code', 'parent_code'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .where('parent_code', 'in', ['20', '04'])
    .orderBy('code')
    .execute();
  const lang = communes.filter((c) => c.parent_code === '20');
  places.commune = lang[0]?.code ?? '';
  places.otherCommune = lang[1]?.code ?? '';
  places.foreignCommune = communes.find((c) => c.parent_code === '04')?.code ?? '';
  places.areas = [
    await addArea(database, '20', places.commune, 1, 3),
    await addArea(database, '20', places.commune, 2, 2),
  ];
  places.otherCommuneArea = await addArea(database, '20', places.otherCommune, 1, 4);
  places.foreignArea = await addArea(database, '04', places.foreignCommune, 1, 5);
  const users = {
    admin: await addUser(database, { username: 'quantri', role: 'admin', totp: true }),
    provinceAdmin: await addUser(database, {
      username: 'quantri.20',
      role: 'admin',
      province: '20',
      totp: true,
    }),
    central: await addUser(database, { username: 'trunguong', role: 'central_viewer' }),
    province: await addUser(database, {
      username: 'tinh.20',
      role: 'province_officer',
      province: '20',
      totp: true,
    }),
    otherProvince: await addUser(database, {
      username: 'tinh.04',
      role: 'province_officer',
      province: '04',
      totp: true,
    }),
    commune: await addUser(database, {
      username: 'xa.a',
      role: 'commune_officer',
      province: '20',
      commune: places.commune,
    }),
    otherCommune: await addUser(database, {
      username: 'xa.b',
      role: 'commune_officer',
      province: '20',
      commune: places.otherCommune,
    }),
    collaborator: await addUser(database, {
      username: 'ctv.a1',
      role: 'collaborator',
      province: '20',
      commune: places.commune,
      areas: [places.areas[0] as string],
    }),
  };
  return { users };
}

/** A signed-in client for `app.inject()`: keeps the cookie and sends the CSRF token on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, pass = password): Promise<LightMyRequestResponse> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password: pass });
    this.take(res);
    if (res.statusCode === 200 && res.json().stage === 'totp_required') {
      const code = currentTotpCode(demoTotpSecret(username));
      const verified = await this.request('POST', '/api/v1/auth/totp/verify', { code });
      this.take(verified);
      return verified;
    }
    return res;
  }

  private take(res: LightMyRequestResponse) {
    const cookie = res.cookies.find((c) => c.name === 'danso_session');
    if (cookie) this.cookie = cookie.value;
    if (res.statusCode === 200) {
      const body = res.json() as { csrfToken?: string };
      if (body.csrfToken) this.csrf = body.csrfToken;
    }
  }

  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: {
        ...(this.cookie ? { cookie: `danso_session=${this.cookie}` } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
  }
}

export async function appFor(
  database: Database,
  overrides: Record<string, string> = {},
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), database);
  await app.ready();
  return app;
}

/** The accounts of the test world (see buildWorld), by what they are for in an authorization matrix. */
export type Who =
  | 'admin'
  | 'provinceAdmin'
  | 'central'
  | 'province'
  | 'otherProvince'
  | 'commune'
  | 'otherCommune'
  | 'collaborator';

export const worldAccounts: Readonly<Record<Who, string>> = {
  admin: 'quantri',
  provinceAdmin: 'quantri.20',
  central: 'trunguong',
  province: 'tinh.20',
  otherProvince: 'tinh.04',
  commune: 'xa.a',
  otherCommune: 'xa.b',
  collaborator: 'ctv.a1',
};

export const everyone = Object.keys(worldAccounts) as readonly Who[];

/** Signs in every account of the world, one client each; fails if any sign-in does not succeed. */
export async function signInEveryone(app: FastifyInstance): Promise<Map<Who, Client>> {
  const clients = new Map<Who, Client>();
  for (const who of everyone) {
    const client = new Client(app);
    const res = await client.login(worldAccounts[who]);
    if (res.statusCode !== 200) throw new Error(`${who} could not sign in: ${res.statusCode} ${res.body}`);
    clients.set(who, client);
  }
  return clients;
}

/** The first commune officer of a seeded province (by username), as the services' actor, and her commune. */
export async function firstCommuneOfficer(
  database: Database,
  provinceCode = '20',
): Promise<{ officer: Actor; commune: string }> {
  const user = await database.db
    .selectFrom('app_user')
    .select(['id', 'scope_commune_code'])
    .where('role', '=', 'commune_officer')
    .where('scope_province_code', '=', provinceCode)
    .orderBy('username')
    .executeTakeFirstOrThrow();
  const commune = user.scope_commune_code as string;
  return {
    officer: {
      userId: user.id,
      role: 'commune_officer',
      scope: { kind: 'commune', provinceCode, communeCode: commune },
    },
    commune,
  };
}

/** A woman moving in from another province: the person of a valid move-in. */
export const movingInWoman = {
  fullName: 'Triệu Thị Mai',
  relationToHead: 'other',
  sex: 2,
  birthDate: '1990-03-03',
  birthDatePrecision: 'day',
  ethnicityCode: '09',
  maritalStatus: 'never_married',
  residenceStatus: 'temporary',
} as const;
