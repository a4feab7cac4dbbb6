import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, buildWorld, Client, password, type World } from '../../../test/fixtures.ts';
import { currentTotpCode, demoTotpSecret } from './totp.ts';

describe.each(engines)('sign-in and sessions on %s', (engine) => {
  let t: TestDatabase;
  let world: World;
  let app: Awaited<ReturnType<typeof appFor>>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    world = await buildWorld(t.database);
    app = await appFor(t.database, {
      DANSO_LOGIN_MAX_FAILURES_ACCOUNT: '3',
      DANSO_LOGIN_MAX_FAILURES_ADDRESS: '1000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('signs in with a random httpOnly SameSite session cookie and answers the session', async () => {
    const client = new Client(app);
    const res = await client.login('xa.a');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'danso_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits, base64url
    const body = res.json();
    expect(body.stage).toBe('active');
    expect(body.user).toMatchObject({
      username: 'xa.a',
      role: 'commune_officer',
      scope: { kind: 'commune' },
    });
    expect(body.user.placeName).toContain('Lạng Sơn');
    const session = await client.request('GET', '/api/v1/auth/session');
    expect(session.json().user.id).toBe(world.users.commune?.id);
    // The token itself is never stored, only its hash.
    const stored = await t.database.db.selectFrom('user_session').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie?.value);
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const unknown = await new Client(app).login('khong.ton.tai', password);
    const wrong = await new Client(app).login('xa.b', 'sai-mat-khau-123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().error.code).toBe('DANSO_ERR_BAD_CREDENTIALS');
    expect(wrong.json().error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('locks an account name after repeated failures, whether or not it exists, and logs each failure', async () => {
    for (const username of ['ctv.a1', 'khong.co.ai']) {
      for (let i = 0; i < 3; i++)
        expect((await new Client(app).login(username, 'sai-mat-khau-123')).statusCode).toBe(401);
      const locked = await new Client(app).login(username, username === 'ctv.a1' ? password : 'x-y-z-w-1234');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('DANSO_ERR_TOO_MANY_ATTEMPTS');
    }
    const failures = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'auth.login_failed')
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBeGreaterThanOrEqual(6);
    await t.database.db.deleteFrom('login_throttle').execute();
  });

  it('throttles per client address too', async () => {
    const strict = await appFor(t.database, {
      DANSO_LOGIN_MAX_FAILURES_ACCOUNT: '100',
      DANSO_LOGIN_MAX_FAILURES_ADDRESS: '4',
    });
    for (let i = 0; i < 4; i++) await new Client(strict).login(`nguoi.${i}`, 'sai-mat-khau-123');
    expect((await new Client(strict).login('xa.b')).statusCode).toBe(429);
    await strict.close();
    await t.database.db.deleteFrom('login_throttle').execute();
  });

  it('requires the TOTP code of a province officer before anything else', async () => {
    const client = new Client(app);
    const first = await client.request('POST', '/api/v1/auth/login', { username: 'tinh.20', password });
    expect(first.json().stage).toBe('totp_required');
    client.cookie = first.cookies.find((c) => c.name === 'danso_session')?.value ?? '';
    client.csrf = first.json().csrfToken;
    const blocked = await client.request('GET', '/api/v1/places/home');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('DANSO_ERR_TOTP_REQUIRED');
    const wrong = await client.request('POST', '/api/v1/auth/totp/verify', { code: '000000' });
    expect(wrong.json().error.code).toBe('DANSO_ERR_TOTP_INVALID');
    const ok = await client.request('POST', '/api/v1/auth/totp/verify', {
      code: currentTotpCode(demoTotpSecret('tinh.20')),
    });
    expect(ok.json().stage).toBe('active');
    const newCookie = ok.cookies.find((c) => c.name === 'danso_session')?.value;
    expect(newCookie).toBeDefined();
    expect(newCookie).not.toBe(client.cookie); // a new token once the second factor is proven
    const stale = await client.request('GET', '/api/v1/places/home');
    expect(stale.statusCode).toBe(401);
    client.cookie = newCookie as string;
    client.csrf = ok.json().csrfToken;
    expect((await client.request('GET', '/api/v1/places/home')).statusCode).toBe(200);
  });

  it('makes an administrator without TOTP enrol before using the system', async () => {
    const admin = new Client(app);
    await admin.login('quantri');
    const created = await admin.request('POST', '/api/v1/users', {
      username: 'quantri.moi',
      displayName: 'Quản trị mới',
      role: 'admin',
      password: 'Mot-mat-khau-dai-2026',
    });
    expect(created.statusCode).toBe(200);
    const client = new Client(app);
    const login = await client.login('quantri.moi', 'Mot-mat-khau-dai-2026');
    expect(login.json().stage).toBe('totp_enrolment_required');
    expect((await client.request('GET', '/api/v1/users')).json().error.code).toBe(
      'DANSO_ERR_TOTP_ENROLMENT_REQUIRED',
    );
    const enrol = await client.request('POST', '/api/v1/auth/totp/enrol', {});
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json();
    expect(uri).toContain('otpauth://totp/');
    const confirmed = await client.request('POST', '/api/v1/auth/totp/confirm', {
      code: currentTotpCode(secret),
    });
    expect(confirmed.json().stage).toBe('active');
    expect(confirmed.json().user.totpEnabled).toBe(true);
    client.cookie = confirmed.cookies.find((c) => c.name === 'danso_session')?.value ?? '';
    client.csrf = confirmed.json().csrfToken;
    expect((await client.request('GET', '/api/v1/users')).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const client = new Client(app);
    await client.login('quantri');
    const target = world.users.otherCommune?.id;
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${target}/disable`,
      payload: {},
      headers: { cookie: `danso_session=${client.cookie}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('DANSO_ERR_CSRF');
    const forged = await client.request(
      'POST',
      `/api/v1/users/${target}/disable`,
      {},
      { 'x-csrf-token': 'forged' },
    );
    expect(forged.json().error.code).toBe('DANSO_ERR_CSRF');
    const user = await t.database.db
      .selectFrom('app_user')
      .select('disabled_at')
      .where('id', '=', target as string)
      .executeTakeFirst();
    expect(user?.disabled_at).toBeNull();
  });

  it('ends a session after the idle time and after the absolute time', async () => {
    const client = new Client(app);
    await client.login('xa.b');
    const hash = (
      await t.database.db
        .selectFrom('user_session')
        .select(['token_hash', 'user_id'])
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).token_hash;
    await sql`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = ${hash}`.execute(
      t.database.db,
    );
    expect((await client.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);

    await client.login('xa.b');
    await sql`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = ${world.users.otherCommune?.id}`.execute(
      t.database.db,
    );
    expect((await client.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('ends the session at logout', async () => {
    const client = new Client(app);
    await client.login('ctv.a1');
    expect((await client.request('POST', '/api/v1/auth/logout', {})).json()).toEqual({ ok: true });
    expect((await client.request('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('ends every session of a user the moment an administrator disables her', async () => {
    const victim = new Client(app);
    await victim.login('xa.b');
    expect((await victim.request('GET', '/api/v1/places/home')).statusCode).toBe(200);
    const admin = new Client(app);
    await admin.login('quantri');
    const disabled = await admin.request('POST', `/api/v1/users/${world.users.otherCommune?.id}/disable`, {});
    expect(disabled.json().disabled).toBe(true);
    expect((await victim.request('GET', '/api/v1/places/home')).statusCode).toBe(401);
    expect((await new Client(app).login('xa.b')).statusCode).toBe(401);
    await admin.request('POST', `/api/v1/users/${world.users.otherCommune?.id}/enable`, {});
    expect((await new Client(app).login('xa.b')).statusCode).toBe(200);
  });
});
