import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../errors.ts';
import { conflictReasonCatalogue } from './conflicts.ts';
import {
  hasBlockingRuleResult,
  registerRules,
  ruleCodes,
  ruleResult,
  unacknowledgedWarnings,
} from './rules.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the rule catalogue', () => {
  it('has unique DANSO_RULE_ codes, distinct from the error and conflict codes', () => {
    expect(new Set(ruleCodes).size).toBe(ruleCodes.length);
    for (const code of ruleCodes) expect(code).toMatch(/^DANSO_RULE_[A-Z0-9_]+$/);
    const others = new Set([...Object.keys(errorCatalogue), ...Object.keys(conflictReasonCatalogue)]);
    expect(ruleCodes.filter((c) => others.has(c))).toEqual([]);
    for (const code of Object.keys(conflictReasonCatalogue)) expect(code).toMatch(/^DANSO_CONFLICT_[A-Z_]+$/);
  });

  it('gives every code a severity and a Vietnamese and an English message with the same parameters', () => {
    for (const code of ruleCodes) {
      const rule = registerRules[code];
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.vi.trim().length).toBeGreaterThan(0);
      expect(rule.en.trim().length).toBeGreaterThan(0);
      expect(rule.vi).not.toBe(rule.en);
      expect(placeholders(rule.vi)).toEqual(placeholders(rule.en));
    }
    for (const reason of Object.values(conflictReasonCatalogue)) {
      expect(reason.vi.trim().length).toBeGreaterThan(0);
      expect(reason.en.trim().length).toBeGreaterThan(0);
    }
  });

  it('fills a message’s parameters, and leaves it whole without them', () => {
    const r = ruleResult('DANSO_RULE_DATE_IN_FUTURE', 'occurredOn', { today: '2026-03-15' });
    expect(r).toEqual({
      code: 'DANSO_RULE_DATE_IN_FUTURE',
      severity: 'error',
      path: 'occurredOn',
      vi: 'Ngày xảy ra không được sau ngày hôm nay (2026-03-15).',
      en: 'The date cannot be after today (2026-03-15).',
      params: { today: '2026-03-15' },
    });
    expect(ruleResult('DANSO_RULE_MOTHER_NOT_FEMALE', 'payload.mother.personId')).not.toHaveProperty(
      'params',
    );
  });

  it('property: with every parameter given, no placeholder is left in either language', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ruleCodes), fc.string({ maxLength: 12 }), (code, value) => {
        const params = Object.fromEntries(
          placeholders(registerRules[code].vi).map((p) => [p, value.replace(/[{}]/g, '')]),
        );
        const r = ruleResult(code, 'x', params);
        expect(placeholders(r.vi)).toEqual([]);
        expect(placeholders(r.en)).toEqual([]);
      }),
    );
  });
});

describe('results', () => {
  const error = ruleResult('DANSO_RULE_DATE_INVALID', 'occurredOn');
  const warning = ruleResult('DANSO_RULE_MOTHER_AGE_UNUSUAL', 'payload.mother.personId', { age: 50 });

  it('block when one is an error', () => {
    expect(hasBlockingRuleResult([warning])).toBe(false);
    expect(hasBlockingRuleResult([warning, error])).toBe(true);
    expect(hasBlockingRuleResult([])).toBe(false);
  });

  it('warnings wait for an acknowledgement of their code at their path', () => {
    expect(unacknowledgedWarnings([error, warning], [])).toEqual([warning]);
    expect(
      unacknowledgedWarnings(
        [warning],
        [{ code: 'DANSO_RULE_MOTHER_AGE_UNUSUAL', path: 'payload.mother.personId' }],
      ),
    ).toEqual([]);
    expect(
      unacknowledgedWarnings([warning], [{ code: 'DANSO_RULE_MOTHER_AGE_UNUSUAL', path: 'personId' }]),
    ).toEqual([warning]);
  });
});
