import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useLabels } from '../../../lib/labels.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useHomePlace } from '../hooks/use-places.ts';
import { PlaceChildrenTable } from './place-children-table.tsx';
import { PlaceOverview } from './place-overview.tsx';
import { PlaceSubtitle } from './place-subtitle.tsx';

/**
 * Trang chủ: who is signed in, the place they answer for, and the places inside it. `children` (the
 * collaborator's phone dashboard) comes first under the greeting.
 */
export function HomePage({ user, children }: { user: UserView; children?: ReactNode }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const home = useHomePlace();
  useDocumentTitle(t('nav.home'));

  return (
    <>
      <header className="page-header greeting">
        <p className="eyebrow">{labels.role(user.role)}</p>
        <h1>{t('home.greeting', { name: user.displayName })}</h1>
        <p className="page-subtitle">{t('home.scope', { place: user.placeName })}</p>
      </header>
      {children}
      {home.isPending ? <Loading /> : null}
      {home.isError ? <ErrorPanel error={home.error} onRetry={() => void home.refetch()} /> : null}
      {home.data ? (
        <>
          <section className="place-heading">
            <h2>{home.data.place.name}</h2>
            <p className="muted">
              <PlaceSubtitle place={home.data.place} />
            </p>
          </section>
          <PlaceOverview place={home.data.place} childCount={home.data.children.length} />
          <PlaceChildrenTable items={home.data.children} />
        </>
      ) : null}
    </>
  );
}
