import type { PlaceScope } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs, type Crumb } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { PlaceSummary, PlaceWithChildren } from '../api/places-api.ts';
import { useCommunePlace, useHomePlace, useProvincePlace } from '../hooks/use-places.ts';
import { PlaceChildrenTable } from './place-children-table.tsx';
import { PlaceOverview } from './place-overview.tsx';
import { canOpenProvince, placePath } from './place-paths.ts';
import { PlaceSubtitle } from './place-subtitle.tsx';

function trail(rootLabel: string, place: PlaceSummary, scope: PlaceScope): Crumb[] {
  const crumbs: Crumb[] = [{ label: rootLabel, to: '/places' }];
  if (place.kind === 'commune' && place.parentId && place.parentName) {
    crumbs.push({
      label: place.parentName,
      ...(canOpenProvince(scope, place.parentId) ? { to: placePath('province', place.parentId) } : {}),
    });
  }
  if (place.kind !== 'country') crumbs.push({ label: place.name });
  return crumbs;
}

function PlaceView({
  query,
  scope,
}: {
  query: { data?: PlaceWithChildren | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  scope: PlaceScope;
}) {
  const { t } = useTranslation();
  const title = query.data?.place.name ?? t('places.root');
  useDocumentTitle(title);
  if (query.isPending) return <Loading />;
  if (!query.data) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  const { place, children } = query.data;
  return (
    <>
      <PageHeader title={place.name} subtitle={<PlaceSubtitle place={place} />}>
        <Breadcrumbs items={trail(t('places.root'), place, scope)} />
      </PageHeader>
      <PlaceOverview place={place} childCount={children.length} />
      <PlaceChildrenTable items={children} />
    </>
  );
}

export function ProvincePage({ code, scope }: { code: string; scope: PlaceScope }) {
  return <PlaceView query={useProvincePlace(code)} scope={scope} />;
}

export function CommunePage({ code, scope }: { code: string; scope: PlaceScope }) {
  return <PlaceView query={useCommunePlace(code)} scope={scope} />;
}

/** The unit browser's first page: the place the user is responsible for, and what lies inside it. */
export function PlacesRootPage({ scope }: { scope: PlaceScope }) {
  return <PlaceView query={useHomePlace()} scope={scope} />;
}
