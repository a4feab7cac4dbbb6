/** Roles and place scopes: who a user is and which places they may see. */

export const roles = [
  'collaborator',
  'commune_officer',
  'province_officer',
  'central_viewer',
  'admin',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, { vi: string; en: string }> = {
  collaborator: { vi: 'Cộng tác viên dân số', en: 'Collaborator' },
  commune_officer: { vi: 'Viên chức dân số xã', en: 'Commune officer' },
  province_officer: { vi: 'Cán bộ dân số tỉnh', en: 'Province officer' },
  central_viewer: { vi: 'Cục Dân số (chỉ số liệu tổng hợp)', en: 'Central viewer (aggregates only)' },
  admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
};

/** Roles that must use a second factor (TOTP) before they can do anything. */
export function roleRequiresTotp(role: Role): boolean {
  return role === 'province_officer' || role === 'admin';
}

/**
 * The places a user may see. A collaborator sees her areas, a commune officer a commune,
 * a province officer a province; central viewers and national administrators see every place.
 */
export type PlaceScope =
  | { kind: 'national' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'commune'; provinceCode: string; communeCode: string }
  | { kind: 'areas'; provinceCode: string; communeCode: string; areaIds: string[] };

/** A place a piece of data belongs to: always a province, then narrower where known. */
export interface Place {
  provinceCode: string;
  communeCode?: string;
  areaId?: string;
}

/** The scope kind each role must have. Administrators may be national or one province. */
export function scopeKindsForRole(role: Role): PlaceScope['kind'][] {
  switch (role) {
    case 'collaborator':
      return ['areas'];
    case 'commune_officer':
      return ['commune'];
    case 'province_officer':
      return ['province'];
    case 'central_viewer':
      return ['national'];
    case 'admin':
      return ['national', 'province'];
  }
}

/** True when the place lies inside the scope. A place known only to a coarser level than the scope is outside. */
export function scopeContains(scope: PlaceScope, place: Place): boolean {
  switch (scope.kind) {
    case 'national':
      return true;
    case 'province':
      return place.provinceCode === scope.provinceCode;
    case 'commune':
      return place.provinceCode === scope.provinceCode && place.communeCode === scope.communeCode;
    case 'areas':
      return (
        place.provinceCode === scope.provinceCode &&
        place.communeCode === scope.communeCode &&
        place.areaId !== undefined &&
        scope.areaIds.includes(place.areaId)
      );
  }
}
