import type { PlaceScope } from '@danso/domain';
import type { UserRow } from './users.repository.ts';

/** The place scope stored on an account row (and its areas, for a collaborator). */
export function scopeFromRow(user: UserRow, areaIds: string[]): PlaceScope {
  const province = user.scope_province_code ?? '';
  const commune = user.scope_commune_code ?? '';
  switch (user.role) {
    case 'collaborator':
      return { kind: 'areas', provinceCode: province, communeCode: commune, areaIds };
    case 'commune_officer':
      return { kind: 'commune', provinceCode: province, communeCode: commune };
    case 'province_officer':
      return { kind: 'province', provinceCode: province };
    case 'central_viewer':
      return { kind: 'national' };
    case 'admin':
      return user.scope_province_code ? { kind: 'province', provinceCode: province } : { kind: 'national' };
  }
}
