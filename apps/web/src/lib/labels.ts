import { type Role, roles, type UnitType, type Urbanity, unitTypes } from '@danso/domain';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

function isUnitType(value: string): value is UnitType {
  return (unitTypes as readonly string[]).includes(value);
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Labels of the domain's code lists in the user's language; unknown codes show as they are. */
export function useLabels() {
  const { t } = useTranslation();
  const unitType = useCallback(
    (type: string | null | undefined) => (type ? (isUnitType(type) ? t(`unitTypes.${type}`) : type) : ''),
    [t],
  );
  const urbanity = useCallback(
    (value: Urbanity | null | undefined) => (value ? t(`urbanity.${value}`) : ''),
    [t],
  );
  const role = useCallback((value: string) => (isRole(value) ? t(`roles.${value}`) : value), [t]);
  return useMemo(() => ({ unitType, urbanity, role }), [unitType, urbanity, role]);
}
