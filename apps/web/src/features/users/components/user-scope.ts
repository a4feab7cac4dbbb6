import type { Role } from '@danso/domain';
import type { ScopeInput } from '../api/users-api.ts';

export type ScopeLevel = 'province' | 'commune' | 'areas';

/** The scope choices a role needs: a collaborator is placed in areas, an officer in a commune or province. */
export function scopeLevelsForRole(role: Role): ScopeLevel[] {
  switch (role) {
    case 'collaborator':
      return ['province', 'commune', 'areas'];
    case 'commune_officer':
      return ['province', 'commune'];
    case 'province_officer':
    case 'admin':
      return ['province'];
    case 'central_viewer':
      return [];
  }
}

/** The scope fields to send for the chosen role; an administrator without a province is national. */
export function scopeInput(values: {
  role: Role;
  provinceCode: string;
  communeCode: string;
  areaIds: string[];
}): ScopeInput {
  const levels = scopeLevelsForRole(values.role);
  return {
    ...(levels.includes('province') && values.provinceCode ? { provinceCode: values.provinceCode } : {}),
    ...(levels.includes('commune') && values.communeCode ? { communeCode: values.communeCode } : {}),
    // No areas chosen is left out, so that the API names the missing choice rather than the list's length.
    ...(levels.includes('areas') && values.areaIds.length > 0 ? { areaIds: values.areaIds } : {}),
  };
}
