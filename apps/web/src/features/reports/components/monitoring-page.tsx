import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate } from '../../../lib/format.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useMonitoring } from '../hooks/use-reports.ts';
import { useReportLabels } from './report-labels.ts';
import { ReportStatusBadge } from './status-badge.tsx';
import { YearbookPanel } from './yearbook-panel.tsx';
import './reports.css';

const communeForms = [
  { code: 'DS-XA-THANG', vi: 'Báo cáo tháng', en: 'Monthly report' },
  { code: '03-DSX', vi: 'Báo cáo năm (03-DSX)', en: 'Annual report (03-DSX)' },
];

const thisYear = () => new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

/**
 * Theo dõi báo cáo: for the province, each commune's reports of a form over a year — status and whether
 * each came by its deadline — its completeness and timeliness, the reports waiting for a decision, and a
 * link to the collaborators' monthly P0 of the commune.
 */
export function MonitoringPage({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const navigate = useNavigate();
  const params = useSearchParams();
  const province =
    user.scope.kind === 'national' ? (params.get('province') ?? '20') : user.scope.provinceCode;
  const form = communeForms.some((f) => f.code === params.get('form'))
    ? (params.get('form') as string)
    : 'DS-XA-THANG';
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? (params.get('year') as string) : String(thisYear());
  const monitoring = useMonitoring(province, form, year);
  useDocumentTitle(t('reports.monitoring.title'));
  const go = (next: { form?: string; year?: string }) =>
    navigate(
      `/reports/monitoring?${new URLSearchParams({ form: next.form ?? form, year: next.year ?? year }).toString()}`,
    );
  const data = monitoring.data;
  return (
    <>
      <PageHeader title={t('reports.monitoring.title')} subtitle={t('reports.monitoring.subtitle')} />
      <section className="panel report-filters">
        <Field label={t('reports.monitoring.form')}>
          {(props) => (
            <select {...props} value={form} onChange={(e) => go({ form: e.target.value })}>
              {communeForms.map((f) => (
                <option key={f.code} value={f.code}>
                  {labels.language === 'en' ? f.en : f.vi}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('reports.monitoring.year')}>
          {(props) => (
            <select {...props} value={year} onChange={(e) => go({ year: e.target.value })}>
              {[thisYear(), thisYear() - 1, thisYear() - 2].map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Link to={`/reports?unit=${province}&year=${year}`} className="button button-secondary">
          {t('reports.list.provinceForms')}
        </Link>
      </section>
      <YearbookPanel province={province} />
      {monitoring.isPending ? <Loading /> : null}
      {monitoring.isError ? (
        <ErrorPanel error={monitoring.error} onRetry={() => void monitoring.refetch()} />
      ) : null}
      {data ? (
        <>
          <section className="panel">
            <p data-testid="monitoring-totals">
              {t('reports.monitoring.totals', {
                received: data.totals.received,
                expected: data.totals.expected,
                completeness: labels.share(data.totals.completeness),
                onTime: data.totals.onTime,
                timeliness: labels.share(data.totals.timeliness),
              })}
            </p>
            <h2>{t('reports.monitoring.waiting')}</h2>
            {data.waiting.length === 0 ? (
              <p className="muted">{t('reports.monitoring.waitingNone')}</p>
            ) : (
              <ul data-testid="monitoring-waiting">
                {data.waiting.map((w) => (
                  <li key={`${w.unit}|${w.period}`}>
                    <Link to={`/reports/${data.form.code}/${w.unit}/${w.period}`}>
                      {w.name} – {labels.period(w.period)}
                    </Link>{' '}
                    <ReportStatusBadge status={w.displayStatus} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel">
            <div className="table-scroll">
              <table className="table monitoring-table" data-testid="monitoring">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.monitoring.commune')}</th>
                    <th scope="col" className="numeric">
                      {t('reports.monitoring.completeness')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('reports.monitoring.timeliness')}
                    </th>
                    {data.periods.map((p) => (
                      <th scope="col" key={p.period} title={formatDate(p.deadline)}>
                        {labels.period(p.period)}
                      </th>
                    ))}
                    {data.form.periodType === 'month' ? (
                      <th scope="col">{t('reports.monitoring.collaborators')}</th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {data.communes.map((c) => (
                    <tr key={c.code}>
                      <td>{c.name}</td>
                      <td className="numeric">
                        {labels.share(c.completeness)} (
                        {t('reports.monitoring.received', { received: c.received, expected: c.expected })})
                      </td>
                      <td className="numeric">{labels.share(c.timeliness)}</td>
                      {c.cells.map((cell) => (
                        <td key={cell.period} className="monitoring-cell">
                          {cell.submittedAt ? (
                            <Link to={`/reports/${data.form.code}/${c.code}/${cell.period}`}>
                              <ReportStatusBadge status={cell.displayStatus} />
                            </Link>
                          ) : (
                            <span className="muted">
                              {cell.overdue
                                ? t('reports.monitoring.missing')
                                : t('reports.monitoring.notDue')}
                            </span>
                          )}
                          {cell.onTime === false ? (
                            <span className="muted"> · {t('reports.list.no')}</span>
                          ) : null}
                        </td>
                      ))}
                      {data.form.periodType === 'month' ? (
                        <td>
                          <Link
                            to={`/collaborators?${new URLSearchParams({ commune: c.code, month: data.periods.at(-1)?.period ?? `${year}-01` }).toString()}`}
                          >
                            {t('reports.monitoring.collaborators')}
                          </Link>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}
