import type { Role } from '@danso/domain';

export interface NavItem {
  to: string;
  label:
    | 'nav.home'
    | 'nav.places'
    | 'nav.users'
    | 'nav.registerSearch'
    | 'changes.nav'
    | 'projections.nav'
    | 'reports.nav'
    | 'dashboards.nav'
    | 'dashboards.mapNav'
    | 'collector.nav.changes'
    | 'collector.nav.month'
    | 'collector.nav.collaborators';
  isActive: (pathname: string) => boolean;
}

const home: NavItem = { to: '/', label: 'nav.home', isActive: (p) => p === '/' };
const places: NavItem = {
  to: '/places',
  label: 'nav.places',
  isActive: (p) => p.startsWith('/places') || p.startsWith('/units'),
};
const changes: NavItem = { to: '/changes', label: 'changes.nav', isActive: (p) => p.startsWith('/changes') };
const registerSearch: NavItem = {
  to: '/register/search',
  label: 'nav.registerSearch',
  isActive: (p) => p.startsWith('/register/search'),
};
const projections: NavItem = {
  to: '/projections',
  label: 'projections.nav',
  isActive: (p) => p.startsWith('/projections'),
};
const dashboards: NavItem = {
  to: '/dashboards',
  label: 'dashboards.nav',
  isActive: (p) => p.startsWith('/dashboards'),
};
const map: NavItem = { to: '/map', label: 'dashboards.mapNav', isActive: (p) => p.startsWith('/map') };
const users: NavItem = { to: '/users', label: 'nav.users', isActive: (p) => p.startsWith('/users') };
const reports: NavItem = { to: '/reports', label: 'reports.nav', isActive: (p) => p.startsWith('/reports') };
const myChanges: NavItem = {
  to: '/collector/changes',
  label: 'collector.nav.changes',
  isActive: (p) => p.startsWith('/collector/changes'),
};
const month: NavItem = {
  to: '/collector/month',
  label: 'collector.nav.month',
  isActive: (p) => p.startsWith('/collector/month'),
};
const collaborators: NavItem = {
  to: '/collaborators',
  label: 'collector.nav.collaborators',
  isActive: (p) => p.startsWith('/collaborators'),
};

/** The menu of each role: everyone browses places; officers review changes; only administrators manage users. */
export function navItemsFor(role: Role): NavItem[] {
  switch (role) {
    case 'admin':
      return [home, places, dashboards, map, projections, users];
    case 'commune_officer':
      return [home, places, changes, collaborators, registerSearch, reports, dashboards, projections];
    case 'province_officer':
      return [home, places, changes, collaborators, registerSearch, reports, dashboards, map, projections];
    case 'collaborator':
      return [home, myChanges, month, places, registerSearch, projections];
    case 'central_viewer':
      return [home, places, dashboards, map, projections];
  }
}
