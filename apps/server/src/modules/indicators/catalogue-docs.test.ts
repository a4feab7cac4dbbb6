import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultIndicatorCatalogue } from '@danso/domain';
import { describe, expect, it } from 'vitest';

/** docs/indicators.md lists every indicator with its formula, and every measure, as the catalogue has them. */
describe('the indicator guide', () => {
  it('lists the catalogue as it is', async () => {
    const guide = await readFile(
      path.resolve(import.meta.dirname, '../../../../../docs/indicators.md'),
      'utf8',
    );
    const catalogue = defaultIndicatorCatalogue();
    for (const indicator of catalogue.indicators.values()) {
      const row = guide.split('\n').find((line) => line.startsWith(`| \`${indicator.code}\` |`));
      expect(row, indicator.code).toBeDefined();
      expect(row, indicator.code).toContain(`\`${indicator.formulaText.replaceAll('|', '\\|')}\``);
    }
    for (const measure of catalogue.measures.values()) {
      expect(guide, measure.code).toContain(`| \`${measure.code}\` |`);
    }
  });
});
