/**
 * The collaborator app's first load (DESIGN.md §5, issue 5): the JavaScript a phone downloads for the login
 * page and then her home screen, as the server sends it (Brotli, from the build's precompressed copies), with
 * the gzip size of the same files beside it; and the Lighthouse mobile performance score (simulated slow 4G
 * and a 4× slower CPU, the `lighthouse` package driving Debian's Chromium) of both pages, the median of three
 * runs each (the CPU times it scales are measured on this machine, so a busy machine scores lower). The real server and
 * a seeded province (the end-to-end harness) answer; the app is built first.
 * Targets: ≤ 300 KB of compressed JavaScript; Lighthouse performance ≥ 90.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { demoPassword, loginAs, seededCommunes, startHarness, webDist } from '../../e2e/harness.ts';
import type { BenchmarkResult } from '../benchmark.ts';

export const id = 'web-first-load';
export const title = 'Collaborator app first load: compressed JavaScript and Lighthouse mobile score';
export const unit = 'KB';
export const target = '≤ 300 KB compressed JS; Lighthouse mobile performance ≥ 90';

const maxKb = 300;
const minScore = 90;
const lighthouseRepeats = 3;
const repoRoot = path.resolve(import.meta.dirname, '../..');

interface Script {
  url: string;
  phase: 'login' | 'home';
  /** Bytes on the wire: the build's Brotli copy, which the server sends. */
  transfer: number;
  /** Bytes after decoding. */
  raw: number;
  gzip: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** What the service worker then keeps for offline use (not part of the first load: fetched in the background). */
function precacheSize(): { files: number; brotliKb: number } {
  const worker = readFileSync(path.join(webDist, 'sw.js'), 'utf8');
  const match = /const build = (\{.*?\});/.exec(worker);
  const files: string[] = match?.[1] ? (JSON.parse(match[1]) as { files: string[] }).files : [];
  let bytes = 0;
  for (const file of files) {
    const full = path.join(webDist, file);
    try {
      bytes += readFileSync(`${full}.br`).length;
    } catch {
      bytes += readFileSync(full).length;
    }
  }
  return { files: files.length, brotliKb: kb(bytes) };
}

async function sessionCookie(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  if (!response.ok) throw new Error(`Signing in as ${username} failed: ${response.status}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('danso_session='));
  if (!cookie) throw new Error('The login answer set no session cookie');
  return cookie.split(';')[0] ?? '';
}

interface LighthouseRun {
  page: string;
  score: number;
  metrics: Record<string, number | null>;
}

async function runLighthouse(url: string, page: string, cookie: string | null): Promise<LighthouseRun> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
      },
      // Lighthouse's default config: mobile form factor, simulated throttling.
      undefined,
    );
    if (!result) throw new Error('Lighthouse returned nothing');
    const audits = result.lhr.audits;
    const metric = (key: string) => {
      const value = audits[key]?.numericValue;
      return typeof value === 'number' ? Math.round(value) : null;
    };
    return {
      page,
      score: Math.round((result.lhr.categories.performance?.score ?? 0) * 100),
      metrics: {
        firstContentfulPaintMs: metric('first-contentful-paint'),
        largestContentfulPaintMs: metric('largest-contentful-paint'),
        totalBlockingTimeMs: metric('total-blocking-time'),
        cumulativeLayoutShift: audits['cumulative-layout-shift']?.numericValue ?? null,
        speedIndexMs: metric('speed-index'),
      },
    };
  } finally {
    chrome.kill();
  }
}

export async function run(): Promise<BenchmarkResult> {
  execFileSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: repoRoot, stdio: 'ignore' });
  const harness = await startHarness();
  try {
    const communes = await seededCommunes(harness.database);
    const collaborator = communes.flatMap((c) => c.areas).find((a) => a.collaborators.length > 0)
      ?.collaborators[0];
    if (!collaborator) throw new Error('The seeded province has no collaborator');

    // What a phone downloads: the login page, then her home screen once signed in.
    const page = await harness.newPage({ viewport: { width: 390, height: 844 } });
    // Every script the page asks for (from the network or, once installed, through the service worker),
    // sized as the build's files: the Brotli copy is what the server sends to a browser that accepts it.
    const requested = new Map<string, Script['phase']>();
    let phase: Script['phase'] = 'login';
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (
        request.resourceType() === 'script' &&
        url.origin === harness.baseUrl &&
        !requested.has(url.pathname)
      ) {
        requested.set(url.pathname, phase);
      }
    });
    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.waitForLoadState('networkidle');
    phase = 'home';
    await loginAs(page, collaborator);
    await page.getByTestId('sync-panel').waitFor();
    await page.waitForLoadState('networkidle');
    await page.context().close();
    const scripts: Script[] = [...requested].map(([url, at]) => {
      const file = path.join(webDist, url);
      const raw = readFileSync(file);
      const sizeOf = (suffix: string) => {
        try {
          return readFileSync(`${file}${suffix}`).length;
        } catch {
          return raw.length;
        }
      };
      return { url, phase: at, transfer: sizeOf('.br'), raw: raw.length, gzip: sizeOf('.gz') };
    });

    const sum = (list: Script[], key: 'transfer' | 'raw' | 'gzip') => list.reduce((s, x) => s + x[key], 0);
    const transferKb = kb(sum(scripts, 'transfer'));
    const gzipKb = kb(sum(scripts, 'gzip'));

    const cookie = await sessionCookie(harness.baseUrl, collaborator);
    // Lighthouse's own advice: scores vary from run to run, so take the median of several.
    const lighthouseRuns: LighthouseRun[] = [];
    for (let i = 0; i < lighthouseRepeats; i++) {
      lighthouseRuns.push(await runLighthouse(`${harness.baseUrl}/`, 'login', null));
      lighthouseRuns.push(await runLighthouse(`${harness.baseUrl}/`, 'collaborator home', cookie));
    }
    const median = (page: string) => {
      const scores = lighthouseRuns
        .filter((r) => r.page === page)
        .map((r) => r.score)
        .sort((a, b) => a - b);
      return scores[Math.floor(scores.length / 2)] ?? 0;
    };
    const medians = { login: median('login'), home: median('collaborator home') };
    const score = Math.min(medians.login, medians.home);
    const ok = transferKb <= maxKb && gzipKb <= maxKb && score >= minScore;
    return {
      value: Math.max(transferKb, gzipKb),
      ok,
      details: {
        summary: `${transferKb} KB of JavaScript as sent (Brotli; ${gzipKb} KB gzip, ${kb(sum(scripts, 'raw'))} KB decoded) in ${scripts.length} files for the login page and her home; Lighthouse mobile performance (median of ${lighthouseRepeats}) login ${medians.login}, collaborator home ${medians.home}; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs`,
        compressedKb: { brotliAsSent: transferKb, gzip: gzipKb, decoded: kb(sum(scripts, 'raw')) },
        byPhase: {
          login: kb(
            sum(
              scripts.filter((s) => s.phase === 'login'),
              'transfer',
            ),
          ),
          home: kb(
            sum(
              scripts.filter((s) => s.phase === 'home'),
              'transfer',
            ),
          ),
        },
        scripts: scripts.map((s) => ({ ...s, transfer: kb(s.transfer), raw: kb(s.raw), gzip: kb(s.gzip) })),
        lighthouse: { medians, runs: lighthouseRuns },
        lighthouseScore: score,
        keptForOffline: precacheSize(),
        machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      },
    };
  } finally {
    await harness.close();
  }
}
