import { useTranslation } from 'react-i18next';
import { isApiError } from './api-client.ts';

/** Reasons the API gives for a field (schema keywords and domain checks) that have a sentence of their own. */
const knownReasons = [
  'required',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'type',
  'taken',
  'too_short',
  'too_long',
  'common',
  'contains_username',
  'areas_required',
  'commune_required',
  'province_required',
  'unknown_province',
  'unknown_commune',
  'unknown_area',
] as const;
type KnownReason = (typeof knownReasons)[number];

/** Rules an empty field fails only because it is empty. */
const emptyReasons = new Set(['required', 'minLength', 'minItems', 'pattern', 'format']);

function isKnownReason(reason: string): reason is KnownReason {
  return (knownReasons as readonly string[]).includes(reason);
}

/**
 * Spreads an API error over a form's fields, as sentences to show next to them. A detail's path
 * ('body/username', '/areaIds/0', 'password') names the field by its first segment; a code such as
 * DANSO_ERR_WEAK_PASSWORD belongs to one field even without details. The form still shows the error's
 * own message on top.
 */
export function useFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  options: { fieldOfCode?: Partial<Record<string, F>>; values?: Partial<Record<F, unknown>> } = {},
): Partial<Record<F, string>> {
  const { t } = useTranslation();
  const messages: Partial<Record<F, string[]>> = {};
  if (!isApiError(error)) return {};
  const isEmpty = (field: F) => {
    const value = options.values?.[field];
    return value === '' || (Array.isArray(value) && value.length === 0);
  };
  const add = (field: F, text: string) => {
    const list = messages[field] ?? [];
    if (!list.includes(text)) list.push(text);
    messages[field] = list;
  };

  for (const detail of error.details) {
    const segments = (detail.path ?? '').split(/[/.[\]]+/).filter((s) => s !== '' && s !== 'body');
    const field = fields.find((f) => f === segments[0]);
    if (!field) continue;
    const value = options.values?.[field];
    if (isEmpty(field) && emptyReasons.has(detail.reason)) {
      // An empty field breaks several rules at once (length, pattern); one sentence says it all.
      add(field, Array.isArray(value) ? t('validation.minItems') : t('validation.required'));
    } else if (isKnownReason(detail.reason)) {
      add(field, t(`validation.${detail.reason}`));
    } else {
      add(field, detail.message ?? error.serverMessage ?? t('validation.invalid'));
    }
  }
  const codeField = options.fieldOfCode?.[error.code];
  if (codeField && !messages[codeField]) add(codeField, error.serverMessage ?? t('validation.invalid'));

  const result: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const list = messages[field];
    if (list) result[field] = list.join(' ');
  }
  return result;
}
