import type { PlaceScope } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs, type Crumb } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { AreaDetail, ListingRow } from '../api/places-api.ts';
import { useAreaPlace, useCommunePlace } from '../hooks/use-places.ts';
import { PlaceOverview } from './place-overview.tsx';
import { canOpenCommune, canOpenProvince, placePath } from './place-paths.ts';
import { PlaceSubtitle } from './place-subtitle.tsx';

const hamletKinds = ['thon', 'ap', 'ban', 'to_dan_pho', 'khu_pho', 'xom', 'other'] as const;

function isHamletKind(kind: string): kind is (typeof hamletKinds)[number] {
  return (hamletKinds as readonly string[]).includes(kind);
}

function householdRange(row: ListingRow, language: 'vi' | 'en'): string {
  if (row.householdFrom === null && row.householdTo === null) return '';
  const from = row.householdFrom === null ? '' : formatNumber(row.householdFrom, language);
  const to = row.householdTo === null ? '' : formatNumber(row.householdTo, language);
  return from === to ? from : `${from} – ${to}`;
}

function AreaContent({ detail }: { detail: AreaDetail }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const hamletKind = (kind: string) => (isHamletKind(kind) ? t(`places.hamletKinds.${kind}`) : kind);
  return (
    <>
      <PlaceOverview place={detail.place} />
      <div className="columns">
        <section className="panel">
          <h2>{t('places.hamlets')}</h2>
          {detail.hamlets.length === 0 ? (
            <p className="muted">{t('places.noHamlets')}</p>
          ) : (
            <ul className="plain-list" data-testid="area-hamlets">
              {detail.hamlets.map((hamlet) => (
                <li key={hamlet.id}>
                  <span>{hamlet.name}</span>
                  <span className="tag">{hamletKind(hamlet.kind)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel">
          <h2>{t('places.collaborators')}</h2>
          {detail.collaborators.length === 0 ? (
            <p className="muted">{t('places.noCollaborators')}</p>
          ) : (
            <ul className="plain-list" data-testid="area-collaborators">
              {detail.collaborators.map((person) => (
                <li key={person.id}>
                  <span>{person.displayName}</span>
                  <span className="muted code">{person.username}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="panel">
        <h2>{t('places.listing')}</h2>
        {detail.listing.length === 0 ? (
          <p className="muted">{t('places.noListing')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="area-listing">
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('places.listingSeq')}
                  </th>
                  <th scope="col">{t('places.listingHamlet')}</th>
                  <th scope="col">{t('places.listingStreet')}</th>
                  <th scope="col" className="numeric">
                    {t('places.listingHouseholds')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.listing.map((row) => (
                  <tr key={row.seq}>
                    <td className="numeric">{row.seq}</td>
                    <td>{row.hamletName}</td>
                    <td>{row.street ?? ''}</td>
                    <td className="numeric">{householdRange(row, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** A collaborator's area (địa bàn): its counts, thôn / tổ dân phố, listing and collaborators. */
export function AreaPage({ id, scope }: { id: string; scope: PlaceScope }) {
  const { t } = useTranslation();
  const area = useAreaPlace(id);
  const place = area.data?.place;
  const communeCode = place?.parentId ?? null;
  // The commune's answer names the province for the breadcrumbs; only asked where the user may see it.
  const commune = useCommunePlace(communeCode && canOpenCommune(scope, communeCode) ? communeCode : null);
  useDocumentTitle(place?.name ?? t('places.area'));

  if (area.isPending) return <Loading />;
  if (!area.data || !place) return <ErrorPanel error={area.error} onRetry={() => void area.refetch()} />;

  const crumbs: Crumb[] = [{ label: t('places.root'), to: '/places' }];
  const province = commune.data?.place;
  if (province?.parentId && province.parentName) {
    crumbs.push({
      label: province.parentName,
      ...(canOpenProvince(scope, province.parentId) ? { to: placePath('province', province.parentId) } : {}),
    });
  }
  if (communeCode && place.parentName) {
    crumbs.push({
      label: place.parentName,
      ...(canOpenCommune(scope, communeCode) ? { to: placePath('commune', communeCode) } : {}),
    });
  }
  crumbs.push({ label: place.name });

  return (
    <>
      <PageHeader title={place.name} subtitle={<PlaceSubtitle place={place} />}>
        <Breadcrumbs items={crumbs} />
      </PageHeader>
      <AreaContent detail={area.data} />
    </>
  );
}
