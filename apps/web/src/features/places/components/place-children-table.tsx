import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { useLabels } from '../../../lib/labels.ts';
import { Link, useNavigate } from '../../../lib/router.tsx';
import type { PlaceKind, PlaceSummary } from '../api/places-api.ts';
import { placePath } from './place-paths.ts';

function headingKey(kind: PlaceKind | undefined) {
  switch (kind) {
    case 'province':
      return 'places.childrenProvinces' as const;
    case 'commune':
      return 'places.childrenCommunes' as const;
    default:
      return 'places.childrenAreas' as const;
  }
}

/** The places inside a place, each row opening that place in the unit browser. */
export function PlaceChildrenTable({ items, emptyText }: { items: PlaceSummary[]; emptyText?: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const labels = useLabels();
  const navigate = useNavigate();
  const kind = items[0]?.kind;
  const showCode = kind === 'province' || kind === 'commune';
  const showType = kind === 'province' || kind === 'commune';
  const showUrbanity = kind === 'commune';
  const showAreas = kind !== 'area';

  return (
    <section className="panel">
      <h2>{t(headingKey(kind))}</h2>
      {items.length === 0 ? (
        <p className="muted">{emptyText ?? t('places.noChildren')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table-clickable" data-testid="place-children">
            <thead>
              <tr>
                {showCode ? (
                  <th scope="col" className="hide-narrow">
                    {t('places.code')}
                  </th>
                ) : null}
                <th scope="col">{t('places.name')}</th>
                {showType ? (
                  <th scope="col" className="hide-narrow">
                    {t('places.unitType')}
                  </th>
                ) : null}
                {showUrbanity ? (
                  <th scope="col" className="hide-narrow">
                    {t('places.urbanity')}
                  </th>
                ) : null}
                {showAreas ? (
                  <th scope="col" className="numeric hide-narrow">
                    {t('places.areas')}
                  </th>
                ) : null}
                <th scope="col" className="numeric">
                  {t('places.households')}
                </th>
                <th scope="col" className="numeric">
                  {t('places.people')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const to = placePath(item.kind, item.id);
                return (
                  <tr key={`${item.kind}-${item.id}`} onClick={() => navigate(to)}>
                    {showCode ? <td className="code hide-narrow">{item.id}</td> : null}
                    <td className="name">
                      <Link to={to} onClick={(event) => event.stopPropagation()}>
                        {item.name}
                      </Link>
                    </td>
                    {showType ? <td className="hide-narrow">{labels.unitType(item.unitType)}</td> : null}
                    {showUrbanity ? <td className="hide-narrow">{labels.urbanity(item.urbanity)}</td> : null}
                    {showAreas ? (
                      <td className="numeric hide-narrow">{formatNumber(item.areas, language)}</td>
                    ) : null}
                    <td className="numeric">{formatNumber(item.households, language)}</td>
                    <td className="numeric">{formatNumber(item.people, language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
