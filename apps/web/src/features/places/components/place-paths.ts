import type { PlaceScope } from '@danso/domain';
import type { PlaceKind } from '../api/places-api.ts';

/** Where the unit browser shows a place. */
export function placePath(kind: PlaceKind, id: string): string {
  switch (kind) {
    case 'country':
      return '/places';
    case 'province':
      return `/places/provinces/${encodeURIComponent(id)}`;
    case 'commune':
      return `/places/communes/${encodeURIComponent(id)}`;
    case 'area':
      return `/places/areas/${encodeURIComponent(id)}`;
  }
}

/** Whether the user may open a province's page: used to link breadcrumbs only where the link works. */
export function canOpenProvince(scope: PlaceScope, code: string): boolean {
  return scope.kind === 'national' || (scope.kind === 'province' && scope.provinceCode === code);
}

/**
 * Whether the user may open a commune's page, given that the commune is above a place she sees.
 * A collaborator may open her own commune's page, which lists only her areas.
 */
export function canOpenCommune(scope: PlaceScope, code: string): boolean {
  switch (scope.kind) {
    case 'national':
    case 'province':
      return true;
    case 'commune':
    case 'areas':
      return scope.communeCode === code;
  }
}
