/**
 * The collaborators' screens on the phone and the officers' collaborators page, loaded when first opened
 * (the home screen's dashboard is in the first load; these are not), and offered only to those they serve.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { Loading } from '../components/loading.tsx';
import { NotFoundPage } from '../components/not-found-page.tsx';
import type { UserView } from '../lib/api-types.ts';

const LocalBookPage = lazy(() =>
  import('../features/collector/components/book-pages.tsx').then((m) => ({ default: m.LocalBookPage })),
);
const LocalHouseholdPage = lazy(() =>
  import('../features/collector/components/book-pages.tsx').then((m) => ({ default: m.LocalHouseholdPage })),
);
const MyChangesPage = lazy(() =>
  import('../features/collector/components/change-pages.tsx').then((m) => ({ default: m.MyChangesPage })),
);
const MyChangePage = lazy(() =>
  import('../features/collector/components/change-pages.tsx').then((m) => ({ default: m.MyChangePage })),
);
const MonthPage = lazy(() =>
  import('../features/collector/components/month-page.tsx').then((m) => ({ default: m.MonthPage })),
);
const RecordPage = lazy(() => import('./collector-record.tsx').then((m) => ({ default: m.RecordPage })));
const CorrectPage = lazy(() => import('./collector-record.tsx').then((m) => ({ default: m.CorrectPage })));
const CollaboratorsPage = lazy(() =>
  import('../features/collector/components/collaborators-page.tsx').then((m) => ({
    default: m.CollaboratorsPage,
  })),
);

function forCollaborator(user: UserView, page: ReactNode): ReactNode {
  if (user.role !== 'collaborator') return <NotFoundPage reason="forbidden" />;
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}

export const collectorRoutes: {
  path: string;
  render: (params: Record<string, string>, user: UserView) => ReactNode;
}[] = [
  {
    path: '/collector/areas/:id',
    render: (params, user) => forCollaborator(user, <LocalBookPage areaId={params.id ?? ''} />),
  },
  {
    path: '/collector/households/:id',
    render: (params, user) => forCollaborator(user, <LocalHouseholdPage householdId={params.id ?? ''} />),
  },
  {
    path: '/collector/households/:id/record',
    render: (params, user) => forCollaborator(user, <RecordPage householdId={params.id ?? ''} user={user} />),
  },
  { path: '/collector/changes', render: (_, user) => forCollaborator(user, <MyChangesPage />) },
  {
    path: '/collector/changes/:id',
    render: (params, user) => forCollaborator(user, <MyChangePage id={params.id ?? ''} />),
  },
  {
    path: '/collector/changes/:id/correct',
    render: (params, user) => forCollaborator(user, <CorrectPage id={params.id ?? ''} user={user} />),
  },
  { path: '/collector/month', render: (_, user) => forCollaborator(user, <MonthPage />) },
  {
    path: '/collaborators',
    render: (_, user) =>
      user.role === 'commune_officer' || user.role === 'province_officer' ? (
        <Suspense fallback={<Loading />}>
          <CollaboratorsPage user={user} />
        </Suspense>
      ) : (
        <NotFoundPage reason="forbidden" />
      ),
  },
];
