import { DomainError } from './errors.ts';
import { type Place, type PlaceScope, type Role, scopeContains } from './roles.ts';

/** Who is acting: every service call takes one. */
export interface Actor {
  userId: string;
  role: Role;
  scope: PlaceScope;
}

/**
 * What an actor may do. Personal data (names, households, people) is never open to central viewers;
 * aggregates are open to everyone inside their scope.
 */
export type Permission =
  | 'place.read' // places, areas, and their aggregate counts
  | 'personal.read' // households and people
  | 'personal.write'
  | 'aggregate.read'
  | 'units.manage' // administrative units, successions, areas
  | 'users.manage'
  | 'audit.read'
  | 'report.submit' // close and sign the unit's reports
  | 'report.approve'; // approve, return and lock communes' reports; accept revisions

const rolePermissions: Record<Role, readonly Permission[]> = {
  collaborator: ['place.read', 'personal.read', 'personal.write', 'aggregate.read'],
  commune_officer: ['place.read', 'personal.read', 'personal.write', 'aggregate.read', 'report.submit'],
  province_officer: [
    'place.read',
    'personal.read',
    'personal.write',
    'aggregate.read',
    'units.manage',
    'report.submit',
    'report.approve',
  ],
  central_viewer: ['place.read', 'aggregate.read'],
  admin: ['place.read', 'aggregate.read', 'units.manage', 'users.manage', 'audit.read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/**
 * The one access check every service makes before it touches data: the role must hold the permission,
 * and, when the data belongs to a place, the place must lie in the actor's scope.
 * Out-of-scope objects answer "not found" so that their existence is not revealed.
 */
export function assertAllowed(actor: Actor, permission: Permission, place?: Place): void {
  if (!hasPermission(actor.role, permission)) throw new DomainError('DANSO_ERR_FORBIDDEN');
  if (place && !scopeContains(actor.scope, place)) throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
}
