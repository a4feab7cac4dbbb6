import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pager } from '../../../components/pager.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { areaBookPdfUrl } from '../api/register-api.ts';
import { useHouseholdList } from '../hooks/use-register.ts';
import { householdPath } from './register-paths.ts';
import './register.css';

const pageSize = 50;

/** Sổ hộ gia đình of an area: its households by number, each opening its household page. */
export function HouseholdBookPage({ areaId }: { areaId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const offsetParam = Number(useSearchParams().get('offset') ?? '0');
  const offset = Number.isInteger(offsetParam) && offsetParam > 0 ? offsetParam : 0;
  const list = useHouseholdList(areaId, { offset, limit: pageSize });
  const area = list.data?.area;
  useDocumentTitle(area ? t('register.book.title', { area: area.name }) : t('register.book.short'));

  if (list.isPending) return <Loading />;
  if (!list.data || !area) return <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('register.book.title', { area: area.name })}
        subtitle={`${area.communeName}, ${area.provinceName}`}
        actions={
          <a className="button button-secondary" href={areaBookPdfUrl(areaId)} download>
            {t('register.book.print')}
          </a>
        }
      >
        <Breadcrumbs
          items={[
            { label: t('places.root'), to: '/places' },
            { label: area.name, to: `/places/areas/${encodeURIComponent(areaId)}` },
            { label: t('register.book.short') },
          ]}
        />
      </PageHeader>
      <section className="panel">
        <h2>{t('register.book.count', { total: formatNumber(list.data.total, language) })}</h2>
        {list.data.items.length === 0 ? (
          <p className="muted">{t('register.book.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table table-clickable" data-testid="household-book">
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {t('register.book.number')}
                  </th>
                  <th scope="col">{t('register.book.code')}</th>
                  <th scope="col">{t('register.book.head')}</th>
                  <th scope="col" className="numeric">
                    {t('register.book.members')}
                  </th>
                  <th scope="col">{t('register.book.hamlet')}</th>
                  <th scope="col">{t('register.book.address')}</th>
                  <th scope="col">{t('register.book.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((household) => {
                  const to = householdPath(household.id);
                  return (
                    <tr key={household.id} onClick={() => navigate(to)}>
                      <td className="numeric">{household.number}</td>
                      <td className="code">
                        <Link to={to} onClick={(event) => event.stopPropagation()}>
                          {household.code}
                        </Link>
                      </td>
                      <td>{household.headName ?? ''}</td>
                      <td className="numeric">{formatNumber(household.memberCount, language)}</td>
                      <td>{household.hamletName ?? ''}</td>
                      <td>{household.address ?? ''}</td>
                      <td>
                        {household.status === 'closed' ? (
                          <span className="tag">
                            {t('register.book.closedOn', { date: formatDate(household.closedOn) })}
                          </span>
                        ) : (
                          <span className="tag tag-success">{t('register.book.active')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          offset={offset}
          limit={pageSize}
          total={list.data.total}
          onChange={(next) =>
            navigate(`/register/areas/${encodeURIComponent(areaId)}${next ? `?offset=${next}` : ''}`)
          }
        />
      </section>
    </>
  );
}
