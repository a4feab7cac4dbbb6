import { lazy, type ReactNode, Suspense } from 'react';
import { Loading } from '../components/loading.tsx';
import { NotFoundPage } from '../components/not-found-page.tsx';
import { UnitDetailPage } from '../features/admin-units/components/unit-detail-page.tsx';
import { UnitSearchPage } from '../features/admin-units/components/unit-search-page.tsx';
import {
  ChangeEntryRoute,
  ChangeInboxRoute,
  ChangeRoute,
} from '../features/changes/components/change-routes.tsx';
import { CollectorDashboard } from '../features/collector/components/collector-dashboard.tsx';
import { CollectorHome } from '../features/collector/components/collector-home.tsx';
import { AreaPage } from '../features/places/components/area-page.tsx';
import { HomePage } from '../features/places/components/home-page.tsx';
import { CommunePage, PlacesRootPage, ProvincePage } from '../features/places/components/place-page.tsx';
import { HouseholdBookLink, readsRegister } from '../features/register/components/household-book-link.tsx';
import { HouseholdBookPage } from '../features/register/components/household-book-page.tsx';
import { HouseholdPage } from '../features/register/components/household-page.tsx';
import { PersonPage } from '../features/register/components/person-page.tsx';
import { SearchPage } from '../features/register/components/search-page.tsx';
import { UserCreatePage } from '../features/users/components/user-create-page.tsx';
import { UserEditPage } from '../features/users/components/user-edit-page.tsx';
import { UsersPage } from '../features/users/components/users-page.tsx';
import type { UserView } from '../lib/api-types.ts';
import { useOfflineMode } from '../lib/offline/offline-mode.tsx';
import { matchPath, useLocation } from '../lib/router.tsx';
import { collectorRoutes } from './collector-routes.tsx';
import { UnitBrowserTabs } from './unit-browser-tabs.tsx';

interface Route {
  path: string;
  adminOnly?: boolean;
  render: (params: Record<string, string>, user: UserView) => ReactNode;
}

function browser(page: ReactNode): ReactNode {
  return (
    <>
      <UnitBrowserTabs />
      {page}
    </>
  );
}

// The projection screen and its charts load only when opened, to keep the first load small.
const ProjectionsPage = lazy(() =>
  import('../features/projections/components/projections-page.tsx').then((m) => ({
    default: m.ProjectionsPage,
  })),
);

// The report screens load only when opened.
const ReportsPage = lazy(() =>
  import('../features/reports/components/reports-page.tsx').then((m) => ({ default: m.ReportsPage })),
);
const ReportPage = lazy(() =>
  import('../features/reports/components/report-page.tsx').then((m) => ({ default: m.ReportPage })),
);
const MonitoringPage = lazy(() =>
  import('../features/reports/components/monitoring-page.tsx').then((m) => ({ default: m.MonitoringPage })),
);

// The dashboards and the population map load only when opened: ECharts' map and charts stay out of the first load.
const DashboardPage = lazy(() =>
  import('../features/dashboards/components/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })),
);
const MapPage = lazy(() =>
  import('../features/dashboards/components/map-page.tsx').then((m) => ({ default: m.MapPage })),
);

const routes: Route[] = [
  {
    path: '/',
    render: (_, user) =>
      user.role === 'collaborator' ? (
        <HomePage user={user}>
          <CollectorDashboard />
        </HomePage>
      ) : (
        <HomePage user={user} />
      ),
  },
  { path: '/places', render: (_, user) => browser(<PlacesRootPage scope={user.scope} />) },
  {
    path: '/places/provinces/:code',
    render: (params, user) => browser(<ProvincePage code={params.code ?? ''} scope={user.scope} />),
  },
  {
    path: '/places/communes/:code',
    render: (params, user) => browser(<CommunePage code={params.code ?? ''} scope={user.scope} />),
  },
  {
    path: '/places/areas/:id',
    render: (params, user) =>
      browser(
        <>
          {readsRegister(user.role) ? <HouseholdBookLink areaId={params.id ?? ''} /> : null}
          <AreaPage id={params.id ?? ''} scope={user.scope} />
        </>,
      ),
  },
  {
    path: '/register/areas/:areaId',
    render: (params) => <HouseholdBookPage areaId={params.areaId ?? ''} />,
  },
  { path: '/register/households/:id', render: (params) => <HouseholdPage id={params.id ?? ''} /> },
  { path: '/register/people/:id', render: (params) => <PersonPage id={params.id ?? ''} /> },
  { path: '/register/search', render: () => <SearchPage /> },
  { path: '/units', render: () => browser(<UnitSearchPage />) },
  { path: '/units/:code', render: (params) => browser(<UnitDetailPage code={params.code ?? ''} />) },
  { path: '/changes', render: (_, user) => <ChangeInboxRoute user={user} /> },
  { path: '/changes/new', render: (_, user) => <ChangeEntryRoute user={user} /> },
  { path: '/changes/:id', render: (params, user) => <ChangeRoute id={params.id ?? ''} user={user} /> },
  {
    path: '/projections',
    render: (_, user) => (
      <Suspense fallback={<Loading />}>
        <ProjectionsPage role={user.role} />
      </Suspense>
    ),
  },
  {
    path: '/reports',
    render: (_, user) => (
      <Suspense fallback={<Loading />}>
        <ReportsPage user={user} />
      </Suspense>
    ),
  },
  {
    path: '/reports/monitoring',
    render: (_, user) => (
      <Suspense fallback={<Loading />}>
        <MonitoringPage user={user} />
      </Suspense>
    ),
  },
  {
    path: '/reports/:form/:unit/:period',
    render: (params, user) => (
      <Suspense fallback={<Loading />}>
        <ReportPage
          reportKey={{ form: params.form ?? '', unit: params.unit ?? '', period: params.period ?? '' }}
          user={user}
        />
      </Suspense>
    ),
  },
  {
    path: '/dashboards',
    render: () => (
      <Suspense fallback={<Loading />}>
        <DashboardPage unitCode={null} />
      </Suspense>
    ),
  },
  {
    path: '/dashboards/:unit',
    render: (params) => (
      <Suspense fallback={<Loading />}>
        <DashboardPage unitCode={params.unit ?? null} />
      </Suspense>
    ),
  },
  {
    path: '/map',
    render: () => (
      <Suspense fallback={<Loading />}>
        <MapPage provinceCode={null} />
      </Suspense>
    ),
  },
  {
    path: '/map/:province',
    render: (params) => (
      <Suspense fallback={<Loading />}>
        <MapPage provinceCode={params.province ?? null} />
      </Suspense>
    ),
  },
  { path: '/users', adminOnly: true, render: () => <UsersPage /> },
  { path: '/users/new', adminOnly: true, render: () => <UserCreatePage /> },
  {
    path: '/users/:id',
    adminOnly: true,
    render: (params, user) => <UserEditPage id={params.id ?? ''} currentUserId={user.id} />,
  },
  ...collectorRoutes,
];

export function AppRoutes({ user }: { user: UserView }) {
  const { pathname } = useLocation();
  // Started without network: the collaborator's home is built from her phone alone.
  const offline = useOfflineMode();
  if (offline && pathname === '/' && user.role === 'collaborator') return <CollectorHome user={user} />;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.adminOnly && user.role !== 'admin') return <NotFoundPage reason="forbidden" />;
    // A new address starts the page afresh (form drafts, confirmations), even when the page is the same.
    return <div key={pathname}>{route.render(params, user)}</div>;
  }
  return <NotFoundPage />;
}
