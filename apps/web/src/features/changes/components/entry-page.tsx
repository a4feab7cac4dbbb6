import { isUuid } from '@danso/domain';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate } from '../../../lib/format.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { HouseholdPage } from '../api/changes-api.ts';
import { useEntryHousehold } from '../hooks/use-changes.ts';
import { ChangeForm, isPresent } from './change-form.tsx';
import { useChangeLabels } from './change-labels.ts';
import { HouseholdPicker } from './household-picker.tsx';
import './changes.css';

/** Bước 2: the household the sheet is about, with its members as the register has them now. */
function PickedHousehold({ page, onOther }: { page: HouseholdPage; onOther: () => void }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const h = page.household;
  const stateOf = (m: HouseholdPage['members'][number]) => {
    if (m.departure?.reason === 'transferred') return t('changes.entry.memberTransferred');
    if (m.vitalStatus === 'dead') return t('changes.entry.memberDead', { date: formatDate(m.deathDate) });
    if (m.presence === 'moved_out')
      return t('changes.entry.memberMovedOut', { date: formatDate(m.movedOutOn) });
    return labels.code('residenceStatus', m.residenceStatus);
  };
  return (
    <section
      className="panel picked-household"
      aria-labelledby="household-title"
      data-testid="picked-household"
    >
      <div className="page-header-row">
        <h2 id="household-title">{t('changes.entry.householdTitle', { code: h.code })}</h2>
        <Link to={`/register/households/${encodeURIComponent(h.id)}`}>
          {t('changes.entry.householdPage')}
        </Link>
        <button type="button" className="button button-secondary" onClick={onOther}>
          {t('changes.entry.otherHousehold')}
        </button>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('changes.entry.area')}</dt>
          <dd>{h.areaName}</dd>
        </div>
        <div>
          <dt>{t('changes.entry.hamlet')}</dt>
          <dd>{h.hamletName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('changes.fields.address')}</dt>
          <dd>{h.address ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('changes.entry.commune')}</dt>
          <dd>{h.communeName}</dd>
        </div>
      </dl>
      {h.status === 'closed' ? <p className="alert alert-error">{t('changes.entry.closed')}</p> : null}
      <div className="table-scroll">
        <table className="table" data-testid="household-members">
          <thead>
            <tr>
              <th scope="col">{t('changes.fields.fullName')}</th>
              <th scope="col">{t('changes.fields.relationToHead')}</th>
              <th scope="col">{t('changes.fields.sex')}</th>
              <th scope="col">{t('changes.fields.birthDate')}</th>
              <th scope="col">{t('changes.fields.maritalStatus')}</th>
              <th scope="col">{t('changes.entry.memberState')}</th>
            </tr>
          </thead>
          <tbody>
            {page.members.map((m) => (
              <tr key={m.id} className={isPresent(m) ? undefined : 'muted'}>
                <td>{m.fullName}</td>
                <td>{labels.code('relationToHead', m.relationToHead)}</td>
                <td>{labels.code('sex', m.sex)}</td>
                <td className="nowrap">{formatDate(m.birthDate)}</td>
                <td>{labels.code('maritalStatus', m.maritalStatus)}</td>
                <td>{stateOf(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Nhập biến động: a commune officer types in a paper P0 sheet — finds the household, enters the change,
 * and sends it with herself as the author; it then waits in the inbox like any collaborator's change.
 * The address may already name the household, the type, the person or the approved change to correct (the
 * household and person pages and an approved change's page link here so); a collaborator following such a
 * link records the change on her phone instead.
 */
export function EntryPage({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useSearchParams();
  const requested = params.get('household') ?? '';
  const householdId = isUuid(requested) ? requested : null;
  const entry = useEntryHousehold(user.role === 'commune_officer' ? householdId : null);
  useDocumentTitle(t('changes.entry.title'));
  const onPhone = user.role === 'collaborator' && householdId !== null;
  useEffect(() => {
    if (!onPhone || !householdId) return;
    const rest = new URLSearchParams(params);
    rest.delete('household');
    const query = rest.toString();
    navigate(`/collector/households/${encodeURIComponent(householdId)}/record${query ? `?${query}` : ''}`, {
      replace: true,
    });
  }, [onPhone, householdId, params, navigate]);
  if (onPhone) return <Loading />;

  const header = (
    <PageHeader title={t('changes.entry.title')} subtitle={t('changes.entry.subtitle')}>
      <Breadcrumbs
        items={[{ label: t('changes.inbox.title'), to: '/changes' }, { label: t('changes.entry.title') }]}
      />
    </PageHeader>
  );

  if (user.role !== 'commune_officer') {
    return (
      <>
        {header}
        <p className="panel">{t('changes.entry.officersOnly')}</p>
      </>
    );
  }
  if (!householdId) {
    return (
      <>
        {header}
        <HouseholdPicker
          onPick={(id) => navigate(`/changes/new?household=${encodeURIComponent(id)}`, { replace: false })}
        />
      </>
    );
  }
  return (
    <>
      {header}
      {entry.isPending ? <Loading /> : null}
      {entry.isError ? <ErrorPanel error={entry.error} onRetry={() => void entry.refetch()} /> : null}
      {entry.data ? (
        <>
          <PickedHousehold page={entry.data.page} onOther={() => navigate('/changes/new')} />
          <ChangeForm
            key={entry.data.page.household.id}
            page={entry.data.page}
            baseVersion={entry.data.baseVersion}
            user={user}
          />
        </>
      ) : null}
    </>
  );
}
