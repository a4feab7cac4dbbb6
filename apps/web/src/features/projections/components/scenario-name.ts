import type { TFunction } from 'i18next';

const standardIds = ['low', 'medium', 'high'] as const;

/** The standard scenarios' names in the reader's language; a stored scenario keeps the name it was given. */
export function scenarioName(
  t: TFunction,
  scenario: { id: string; name: string; standard: boolean },
): string {
  const id = standardIds.find((s) => s === scenario.id);
  return scenario.standard && id ? t(`projections.standard.${id}`) : scenario.name;
}
