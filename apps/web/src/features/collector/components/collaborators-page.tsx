/**
 * Cộng tác viên (for the commune officer, and the province officer who picks a commune): each collaborator's
 * month sheet — on time, late or missing, with its signature checked again by the server — her last sync and
 * what her phone last reported as still waiting on it.
 */
import { localMonthOf } from '@danso/domain';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { fetchCommuneSubmissions, fetchHomeCommunes, type SubmissionStatus } from '../api/collector-api.ts';
import { formatMoment } from './collector-format.ts';
import './collector.css';

const statusClass: Record<SubmissionStatus, string> = {
  on_time: 'tag tag-success',
  late: 'tag tag-accent',
  missing: 'tag tag-danger',
};

export function CollaboratorsPage({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const client = useApiClient();
  const navigate = useNavigate();
  const params = useSearchParams();
  const fixedCommune = user.scope.kind === 'commune' ? user.scope.communeCode : null;
  const communeCode =
    fixedCommune ?? (/^\d{5}$/.test(params.get('commune') ?? '') ? params.get('commune') : null);
  const currentMonth = localMonthOf(new Date().toISOString());
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '')
    ? (params.get('month') as string)
    : currentMonth;
  useDocumentTitle(t('collector.officer.title'));

  const communes = useQuery({
    queryKey: ['collector', 'home-communes'],
    queryFn: () => fetchHomeCommunes(client),
    enabled: fixedCommune === null,
  });
  const answer = useQuery({
    queryKey: ['collector', 'submissions', communeCode, month],
    queryFn: () => fetchCommuneSubmissions(client, { communeCode: communeCode ?? '', month }),
    enabled: communeCode !== null,
  });

  const go = (next: { commune?: string; month?: string }) => {
    const search = new URLSearchParams();
    const commune = next.commune ?? communeCode ?? '';
    if (!fixedCommune && commune) search.set('commune', commune);
    search.set('month', next.month ?? month);
    navigate(`/collaborators?${search.toString()}`, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('collector.officer.title')} subtitle={t('collector.officer.subtitle')} />
      <div className="filter-bar">
        {fixedCommune ? null : (
          <div className="field">
            <label htmlFor="commune">{t('collector.officer.commune')}</label>
            <select id="commune" value={communeCode ?? ''} onChange={(e) => go({ commune: e.target.value })}>
              <option value="">—</option>
              {(communes.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="month">{t('collector.officer.month')}</label>
          <input
            id="month"
            type="month"
            value={month}
            max={currentMonth}
            onChange={(e) => {
              if (e.target.value) go({ month: e.target.value });
            }}
          />
        </div>
      </div>
      {answer.isPending && communeCode ? <Loading /> : null}
      {answer.isError ? <ErrorPanel error={answer.error} onRetry={() => void answer.refetch()} /> : null}
      {answer.data ? (
        <section className="panel">
          <p className="muted">
            {t('collector.officer.deadline', { time: formatMoment(answer.data.deadline) })}
          </p>
          {answer.data.collaborators.length === 0 ? <p>{t('collector.officer.none')}</p> : null}
          <div className="table-scroll">
            <table className="table" data-testid="collaborators">
              <thead>
                <tr>
                  <th scope="col">{t('collector.officer.name')}</th>
                  <th scope="col">{t('collector.officer.areas')}</th>
                  <th scope="col">{t('collector.officer.status')}</th>
                  <th scope="col">{t('collector.officer.submittedAt')}</th>
                  <th scope="col">{t('collector.officer.changes')}</th>
                  <th scope="col">{t('collector.officer.signature')}</th>
                  <th scope="col">{t('collector.officer.lastSync')}</th>
                  <th scope="col">{t('collector.officer.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.data.collaborators.map((c) => (
                  <tr key={c.userId} data-username={c.username}>
                    <td>
                      <Link to={`/changes?authorId=${encodeURIComponent(c.userId)}`}>{c.displayName}</Link>
                      <div className="muted small">{c.username}</div>
                    </td>
                    <td>{c.areas.map((a) => a.name).join(', ')}</td>
                    <td>
                      <span className={statusClass[c.status]}>
                        {t(`collector.officer.statuses.${c.status}`)}
                      </span>
                      {c.versions > 1 ? (
                        <div className="muted small">
                          {t('collector.officer.versions', { count: c.versions })}
                        </div>
                      ) : null}
                    </td>
                    <td className="nowrap">{c.submittedAt ? formatMoment(c.submittedAt) : '—'}</td>
                    <td>{c.status === 'missing' ? '—' : c.changeCount}</td>
                    <td>
                      {c.status === 'missing'
                        ? '—'
                        : c.signatureValid
                          ? t('collector.officer.signatureValid')
                          : t('collector.officer.signatureInvalid')}
                    </td>
                    <td className="nowrap">
                      {c.lastSyncAt ? formatMoment(c.lastSyncAt) : t('collector.officer.never')}
                    </td>
                    <td>
                      {c.waitingOnDevice && c.waitingOnDevice.count > 0
                        ? t('collector.officer.waitingCount', {
                            count: c.waitingOnDevice.count,
                            time: formatMoment(c.waitingOnDevice.oldestRecordedAt),
                          })
                        : '0'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
