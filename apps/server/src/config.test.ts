import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: the embedded database and the demo province', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.demoProvince).toBe('20');
    expect(config.sessionIdleMinutes).toBe(30);
    expect(config.sessionAbsoluteHours).toBe(12);
  });

  it('lists every bad value at once', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'tám nghìn',
        DATABASE_URL: 'mysql://x',
        DANSO_COOKIE_SECURE: 'có',
        DANSO_DEMO_PROVINCE: '1',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT.*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    expect(problems.some((p) => p.startsWith('DANSO_COOKIE_SECURE'))).toBe(true);
  });
});
