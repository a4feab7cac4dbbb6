import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fertilityFromJson, lifeTableFromJson } from '@danso/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemographyMethod } from './demography.ts';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const main = path.resolve(import.meta.dirname, '../main.ts');
const workDir = mkdtempSync(path.join(tmpdir(), 'danso-demography-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function danso(args: string[], stdin = '') {
  return spawnSync(process.execPath, [tsx, main, ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const lifeTableInput = { ages: [0, 1, 5, 10], mx: [0.02, 0.001, 0.0005, 0.1], sex: 'male' };

describe('danso demography', () => {
  it('reads a file and writes one JSON object', () => {
    const file = path.join(workDir, 'life-table.json');
    writeFileSync(file, JSON.stringify(lifeTableInput));
    const run = danso(['demography', 'life-table', '--input', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(lifeTableFromJson(lifeTableInput));
  });

  it('reads stdin when no file is given', () => {
    const input = { ages: [20, 25], n: 5, asfr: [0.1, 0.12] };
    const run = danso(['demography', 'fertility'], JSON.stringify(input));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(fertilityFromJson(input));
  });

  it('exits non-zero and lists the problems in Vietnamese on bad input', () => {
    const bad = { ages: [0, 1, 5], mx: [0.01, -0.002], sex: 'nam', axRule: { young: 'xyz' } };
    const run = danso(['demography', 'life-table'], JSON.stringify(bad));
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('DANSO_ERR_VALIDATION: Dữ liệu gửi lên không hợp lệ.');
    expect(run.stderr).toContain('/sex [enum] Giá trị không hợp lệ; chỉ nhận: male, female, total.');
    expect(run.stderr).toContain('/axRule/young [enum]');
    expect(run.stderr).toContain('/mx [length_mismatch] Có 2 phần tử, cần 3');
    expect(run.stderr).toContain('/mx/1 [negative] Tỷ suất chết không được âm.');
  });

  it('exits non-zero on text that is not JSON and on a missing file', () => {
    const notJson = danso(['demography', 'project'], '{ step: 5');
    expect(notJson.status).not.toBe(0);
    expect(notJson.stderr).toContain('DANSO_ERR_MALFORMED_JSON');
    const missing = danso(['demography', 'age-heaping', '--input', path.join(workDir, 'none.json')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('Không đọc được dữ liệu vào');
  });
});

describe('runDemographyMethod', () => {
  it('answers each method with the JSON of the domain function', () => {
    const run = runDemographyMethod('life-table', JSON.stringify(lifeTableInput));
    expect(run).toEqual({ ok: true, stdout: `${JSON.stringify(lifeTableFromJson(lifeTableInput))}\n` });
  });

  it('returns the problems with their codes', () => {
    const run = runDemographyMethod(
      'age-heaping',
      JSON.stringify({ ages: [0], population: [1], method: 'bachi' }),
    );
    expect(run.ok).toBe(false);
    if (!run.ok)
      expect(run.stderr).toContain('/method [enum] Giá trị không hợp lệ; chỉ nhận: whipple, myers.');
  });
});
