/// <reference path="../apps/server/src/types.d.ts" />
/**
 * End-to-end harness: the real server with a real (embedded or PostgreSQL) database holding the national
 * unit list and the seeded demo province, the built web app, and Chromium driven by Playwright.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { type Database, openDatabase } from '../apps/server/src/db/database.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { loadNationalUnits } from '../apps/server/src/modules/admin-units/national.ts';
import { currentTotpCode, demoTotpSecret } from '../apps/server/src/modules/auth/totp.ts';
import { seedProvince } from '../apps/server/src/modules/seed/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
export const webDist = path.join(repoRoot, 'apps/web/dist');
export const resultsDir = path.join(repoRoot, 'test-results');

export const demoPassword = 'DanSo@2026';
export const demoProvince = '20';

export interface Harness {
  baseUrl: string;
  database: Database;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) per person, so that sessions never mix. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error('The web app is not built: run `npm run build -w apps/web` before the end-to-end tests.');
  }
  const database = await openDatabase({
    databaseUrl: process.env.E2E_DATABASE_URL ?? null,
    dataDir: 'memory://',
  });
  const contexts: BrowserContext[] = [];
  let browser: Browser | null = null;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    await migrate(database);
    await loadNationalUnits(database);
    await seedProvince(database, { provinceCode: demoProvince, people: 3000, seed: 7 });

    const config = loadConfig({
      DANSO_LOG_LEVEL: 'silent',
      DANSO_DEMO: 'false',
      DANSO_WEB_DIST: webDist,
      HOST: '127.0.0.1',
      PORT: '0',
    });
    app = await buildApp(config, database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('The server did not report its port');
    const baseUrl = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    });
    const launched = browser;
    const server = app;

    return {
      baseUrl,
      database,
      browser: launched,
      async newPage(options) {
        const context = await launched.newContext({
          baseURL: baseUrl,
          viewport: options?.viewport ?? { width: 1366, height: 860 },
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
        });
        contexts.push(context);
        context.setDefaultTimeout(15_000);
        return context.newPage();
      },
      async close() {
        for (const context of contexts) await context.close().catch(() => {});
        await launched.close();
        await server.close();
        await database.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

/** The code a demo account's authenticator app shows now. */
export function demoTotpCode(username: string): string {
  return currentTotpCode(demoTotpSecret(username));
}

/** What a person sees after the password step. */
type AfterPassword = 'signed-in' | 'totp' | 'enrolment' | 'error';

/** Types the user name and password on the login page, presses Đăng nhập and waits for the answer. */
export async function submitCredentials(
  page: Page,
  username: string,
  password: string,
): Promise<AfterPassword> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  const answer = page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/auth/login') && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  if (!(await answer).ok()) {
    await page.getByRole('alert').waitFor();
    return 'error';
  }
  // Signed in, the app shows the page the address names under its header.
  const signedIn = page.getByRole('banner');
  const totp = page.getByRole('heading', { name: 'Mã xác thực hai lớp' });
  const enrolment = page.getByRole('heading', { name: 'Đăng ký xác thực hai lớp' });
  await signedIn.or(totp).or(enrolment).first().waitFor();
  if (await signedIn.isVisible()) return 'signed-in';
  if (await totp.isVisible()) return 'totp';
  return 'enrolment';
}

/** Waits until the page's alert says exactly `text` (an earlier alert may still be on its way out). */
export async function expectAlert(page: Page, text: string): Promise<void> {
  await page
    .getByRole('alert')
    .and(page.getByText(text, { exact: true }))
    .waitFor();
}

/** Signs a demo account in the way its owner would, typing the TOTP code when asked for one. */
export async function loginAs(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.goto('/');
  const next = await submitCredentials(page, username, password);
  if (next === 'totp') {
    await page.getByLabel('Mã xác thực (6 chữ số)').fill(demoTotpCode(username));
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  } else if (next !== 'signed-in') {
    throw new Error(`Signing in as ${username} did not reach the home page (${next})`);
  }
  await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true });
}

export interface SeededCommune {
  code: string;
  name: string;
  officer: string;
  areas: { id: string; name: string; collaborators: string[] }[];
}

/**
 * The communes the seeder filled, with their officer, areas and collaborators: what the tests sign in as
 * and what each account should (and should not) see.
 */
export async function seededCommunes(database: Database): Promise<SeededCommune[]> {
  const db = database.db;
  const officers = await db
    .selectFrom('app_user')
    .select(['username', 'scope_commune_code'])
    .where('role', '=', 'commune_officer')
    .where('is_demo', '=', true)
    .orderBy('username')
    .execute();
  const areas = await db
    .selectFrom('area')
    .select(['id', 'name', 'commune_code', 'number'])
    .where('province_code', '=', demoProvince)
    .where('valid_to', 'is', null)
    .orderBy('commune_code')
    .orderBy('number')
    .execute();
  const links = await db
    .selectFrom('user_area')
    .innerJoin('app_user', 'app_user.id', 'user_area.user_id')
    .select(['user_area.area_id', 'app_user.username'])
    .where('app_user.is_demo', '=', true)
    .orderBy('app_user.username')
    .execute();
  const units = await db
    .selectFrom('admin_unit')
    .select(['code', 'name'])
    .where('parent_code', '=', demoProvince)
    .where('valid_to', 'is', null)
    .execute();
  const nameOf = new Map(units.map((u) => [u.code, u.name]));
  return officers
    .filter((o): o is { username: string; scope_commune_code: string } => o.scope_commune_code !== null)
    .map((o) => ({
      code: o.scope_commune_code,
      name: nameOf.get(o.scope_commune_code) ?? o.scope_commune_code,
      officer: o.username,
      areas: areas
        .filter((a) => a.commune_code === o.scope_commune_code)
        .map((a) => ({
          id: a.id,
          name: a.name,
          collaborators: links.filter((l) => l.area_id === a.id).map((l) => l.username),
        })),
    }));
}

/** Rows of a table the page shows, as trimmed cell texts, once the table is there. */
export async function tableRows(page: Page, testId: string): Promise<string[][]> {
  const table = page.getByTestId(testId);
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

/** Waits until a table's rows satisfy `done` (the list may still show the previous answer), and returns them. */
export async function waitForRows(
  page: Page,
  testId: string,
  done: (rows: string[][]) => boolean,
  timeoutMs = 10_000,
): Promise<string[][]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await tableRows(page, testId);
    if (done(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(`Table ${testId} never showed the expected rows: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);
  }
}
