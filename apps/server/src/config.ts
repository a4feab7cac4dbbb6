import path from 'node:path';

/** Everything the server reads from its environment, validated once at start-up. */
export interface Config {
  /** PostgreSQL server URL; absent means the embedded database (PGlite) in `dataDir`. */
  databaseUrl: string | null;
  /** Directory of the embedded database. `memory://` keeps it in memory (tests only). */
  dataDir: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Set the Secure flag on cookies (on behind HTTPS). */
  cookieSecure: boolean;
  /** Load the demo province into an empty database at start-up. */
  demo: boolean;
  demoProvince: string;
  demoPeople: number;
  demoSeed: number;
  /** Months of changes simulated in the background after the demo province is first seeded (0: none). */
  demoMonths: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Failed sign-ins per account name, and per client address, before a lock-out. */
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginLockMinutes: number;
  /** Built web app to serve; absent directory means the API only. */
  webDist: string;
  /** Trust X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  /** The day of the following month by which a collaborator's month submission (P0) is due. */
  submissionDueDay: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Reads and checks every variable; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(
        `${name}="${raw}": phải là số nguyên từ ${min} đến ${max} (must be an integer ${min}–${max})`,
      );
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}="${raw}": phải là true hoặc false (must be true or false)`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name}="${raw}": phải là một trong ${allowed.join(', ')} (must be one of them)`);
    return fallback;
  };

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('protocol');
    } catch {
      problems.push(
        'DATABASE_URL: phải là URL dạng postgres://user@host:port/database (must be a postgres:// URL)',
      );
      databaseUrl = null;
    }
  }

  const demoProvince = env.DANSO_DEMO_PROVINCE?.trim() || '20';
  if (!/^\d{2}$/.test(demoProvince)) {
    problems.push(
      `DANSO_DEMO_PROVINCE="${demoProvince}": phải là mã tỉnh 2 chữ số (must be a 2-digit province code)`,
    );
  }

  const config: Config = {
    databaseUrl,
    dataDir: env.DANSO_DATA_DIR?.trim() || path.join(repoRoot, 'data'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel: oneOf('DANSO_LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    sessionIdleMinutes: int('DANSO_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int('DANSO_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    cookieSecure: bool('DANSO_COOKIE_SECURE', false),
    demo: bool('DANSO_DEMO', true),
    demoProvince,
    demoPeople: int('DANSO_DEMO_PEOPLE', 20000, 100, 20_000_000),
    demoSeed: int('DANSO_DEMO_SEED', 2025, 0, 2 ** 31 - 1),
    demoMonths: int('DANSO_DEMO_MONTHS', 6, 0, 36),
    bodyLimit: int('DANSO_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    loginMaxFailuresPerAccount: int('DANSO_LOGIN_MAX_FAILURES_ACCOUNT', 5, 1, 1000),
    loginMaxFailuresPerAddress: int('DANSO_LOGIN_MAX_FAILURES_ADDRESS', 30, 1, 100000),
    loginLockMinutes: int('DANSO_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    webDist: env.DANSO_WEB_DIST?.trim() || path.join(repoRoot, 'apps/web/dist'),
    trustProxy: bool('DANSO_TRUST_PROXY', false),
    submissionDueDay: int('DANSO_SUBMISSION_DUE_DAY', 3, 1, 28),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
