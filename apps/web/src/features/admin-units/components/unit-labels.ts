import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SuccessionKind } from '../api/admin-units-api.ts';

export function useSuccessionKindLabel(): (kind: SuccessionKind) => string {
  const { t } = useTranslation();
  return useCallback((kind: SuccessionKind) => t(`units.successionKinds.${kind}`), [t]);
}

export function unitPath(code: string, asOf: string): string {
  return `/units/${encodeURIComponent(code)}?asOf=${encodeURIComponent(asOf)}`;
}
