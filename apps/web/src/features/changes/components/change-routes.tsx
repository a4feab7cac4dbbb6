/**
 * The change pages, loaded on first use: officers open them, and the bundle every other user loads first
 * (the collaborator's phone above all) stays without them.
 */
import { lazy, Suspense } from 'react';
import { Loading } from '../../../components/loading.tsx';
import type { UserView } from '../../../lib/api-types.ts';

const InboxPage = lazy(() => import('./inbox-page.tsx').then((m) => ({ default: m.InboxPage })));
const ChangePage = lazy(() => import('./change-page.tsx').then((m) => ({ default: m.ChangePage })));
const EntryPage = lazy(() => import('./entry-page.tsx').then((m) => ({ default: m.EntryPage })));

export function ChangeInboxRoute({ user }: { user: UserView }) {
  return (
    <Suspense fallback={<Loading />}>
      <InboxPage user={user} />
    </Suspense>
  );
}

export function ChangeRoute({ id, user }: { id: string; user: UserView }) {
  return (
    <Suspense fallback={<Loading />}>
      <ChangePage id={id} user={user} />
    </Suspense>
  );
}

export function ChangeEntryRoute({ user }: { user: UserView }) {
  return (
    <Suspense fallback={<Loading />}>
      <EntryPage user={user} />
    </Suspense>
  );
}
