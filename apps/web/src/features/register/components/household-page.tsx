import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { type HouseholdPage as HouseholdPageData, householdPdfUrl } from '../api/register-api.ts';
import { useHouseholdPage } from '../hooks/use-register.ts';
import { MemberTable } from './member-table.tsx';
import { changeEntryPath, householdBookPath } from './register-paths.ts';
import './register.css';

function HeaderBlock({ household }: { household: HouseholdPageData['household'] }) {
  const { t } = useTranslation();
  const fields: [string, string, boolean?][] = [
    [t('register.header.province'), household.provinceName],
    [t('register.header.commune'), household.communeName],
    [t('register.header.hamlet'), household.hamletName ?? ''],
    [t('register.header.area'), String(household.areaNumber)],
    [t('register.header.number'), String(household.number)],
    [t('register.header.code'), household.code],
    [t('register.header.address'), household.address ?? '', true],
    [t('register.header.collaborator'), household.collaborators.map((c) => c.displayName).join(', ')],
  ];
  return (
    <dl className="a0-header" data-testid="household-header">
      {fields.map(([label, value, wide]) => (
        <div key={label} className={wide ? 'a0-wide' : undefined}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ContraceptionSection({ couples }: { couples: HouseholdPageData['contraception'] }) {
  const { t } = useTranslation();
  if (couples.length === 0) return <p className="muted">{t('register.contraception.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="table a0-table" data-testid="household-contraception">
        <thead>
          <tr>
            <th scope="col">{t('register.fields.position')}</th>
            <th scope="col">{t('register.contraception.wife')}</th>
            <th scope="col">{t('register.contraception.birthYear')}</th>
            <th scope="col">{t('register.contraception.husband')}</th>
            <th scope="col">{t('register.contraception.method')}</th>
            <th scope="col">{t('register.contraception.started')}</th>
            <th scope="col">{t('register.contraception.history')}</th>
          </tr>
        </thead>
        <tbody>
          {couples.map((couple, index) => (
            <tr key={couple.wifeId}>
              <td className="numeric">{index + 1}</td>
              <td>{couple.wifeName}</td>
              <td className="numeric">{couple.wifeBirthYear}</td>
              <td>{couple.husbandName ?? ''}</td>
              <td>{couple.methodLabel ?? ''}</td>
              <td className="nowrap">{formatDate(couple.startedOn)}</td>
              <td>
                {couple.history
                  .map((h) =>
                    t('register.contraception.period', {
                      method: h.methodLabel,
                      from: formatDate(h.validFrom),
                      to: h.validTo ? formatDate(h.validTo) : t('register.now'),
                    }),
                  )
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Where the changes of the whole household start. Shown to those who read identifiers whole — the commune
 * officer and the collaborator, who record changes — and not to the province officer, who reads many
 * communes masked and records none.
 */
function HouseholdActions({ id }: { id: string }) {
  const { t } = useTranslation();
  const links: [string, string][] = [
    [t('register.actions.household'), changeEntryPath(id)],
    [t('register.actions.moveHousehold'), changeEntryPath(id, { type: 'transfer', scope: 'household' })],
    [t('register.actions.split'), changeEntryPath(id, { type: 'household_split' })],
    [t('register.actions.headChange'), changeEntryPath(id, { type: 'head_change' })],
    [t('register.actions.newHousehold'), changeEntryPath(id, { type: 'household_new' })],
  ];
  return (
    <section className="panel" aria-labelledby="household-actions-title">
      <h2 id="household-actions-title">{t('register.actions.title')}</h2>
      <div className="actions register-actions" data-testid="household-actions">
        {links.map(([label, to], index) => (
          <Link key={to} to={to} className={index === 0 ? 'button' : 'button button-secondary'}>
            {label}
          </Link>
        ))}
      </div>
    </section>
  );
}

/** Phiếu hộ dân cư: the household page laid out like the paper form, with its PDF. */
export function HouseholdPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const page = useHouseholdPage(id);
  const household = page.data?.household;
  useDocumentTitle(
    household ? t('register.household.title', { number: household.number }) : t('register.household.form'),
  );

  if (page.isPending) return <Loading />;
  if (!page.data || !household) return <ErrorPanel error={page.error} onRetry={() => void page.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('register.household.title', { number: household.number })}
        subtitle={`${t('register.household.form')} · ${household.code}`}
        actions={
          <a className="button" href={householdPdfUrl(id)} download>
            {t('register.household.print')}
          </a>
        }
      >
        <Breadcrumbs
          items={[
            { label: household.areaName, to: `/places/areas/${encodeURIComponent(household.areaId)}` },
            { label: t('register.book.short'), to: householdBookPath(household.areaId) },
            { label: t('register.household.title', { number: household.number }) },
          ]}
        />
      </PageHeader>
      {household.status === 'active' && !page.data.identifiersMasked ? <HouseholdActions id={id} /> : null}
      <section className="panel a0-sheet">
        {household.status === 'closed' ? (
          <p className="alert alert-info">
            {t('register.household.closedOn', { date: formatDate(household.closedOn) })}
          </p>
        ) : null}
        <HeaderBlock household={household} />
        <h2>{t('register.household.members')}</h2>
        <MemberTable members={page.data.members} />
        {page.data.identifiersMasked ? <p className="muted">{t('register.masked')}</p> : null}
        <h2>{t('register.contraception.title')}</h2>
        <ContraceptionSection couples={page.data.contraception} />
      </section>
    </>
  );
}
