import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate } from '../../../lib/format.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useReportList } from '../hooks/use-reports.ts';
import { useReportLabels } from './report-labels.ts';
import { ReportStatusBadge } from './status-badge.tsx';
import './reports.css';

/** The unit whose reports a user keeps: her commune, or her province. */
export function ownUnit(user: UserView): string | null {
  switch (user.scope.kind) {
    case 'commune':
    case 'areas':
      return user.scope.communeCode;
    case 'province':
      return user.scope.provinceCode;
    case 'national':
      return null;
  }
}

const thisYear = () => new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

/** Báo cáo thống kê: the reporting periods of the user's unit for a year, each with its status. */
export function ReportsPage({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const navigate = useNavigate();
  const params = useSearchParams();
  const unit = /^(\d{2}|\d{5})$/.test(params.get('unit') ?? '')
    ? (params.get('unit') as string)
    : ownUnit(user);
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? (params.get('year') as string) : String(thisYear());
  const list = useReportList(unit ?? '20', year);
  useDocumentTitle(t('reports.list.title'));
  const go = (next: { unit?: string; year?: string }) => {
    const query = new URLSearchParams({ unit: next.unit ?? unit ?? '', year: next.year ?? year });
    navigate(`/reports?${query.toString()}`);
  };
  const provinceWide = user.scope.kind === 'province' || user.scope.kind === 'national';
  const years = [thisYear(), thisYear() - 1, thisYear() - 2].map(String);

  return (
    <>
      <PageHeader
        title={t('reports.list.title')}
        subtitle={list.data ? t('reports.list.subtitle', { unit: list.data.unit.name }) : undefined}
        actions={
          provinceWide && user.scope.kind === 'province' ? (
            <Link to="/reports/monitoring" className="button">
              {t('reports.list.monitoring')}
            </Link>
          ) : null
        }
      />
      <section className="panel report-filters">
        <Field label={t('reports.list.year')}>
          {(props) => (
            <select {...props} value={year} onChange={(e) => go({ year: e.target.value })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </Field>
      </section>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorPanel error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? (
        <section className="panel">
          {list.data.items.length === 0 ? (
            <p className="muted">{t('reports.list.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="report-list">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.list.form')}</th>
                    <th scope="col">{t('reports.list.period')}</th>
                    <th scope="col">{t('reports.list.deadline')}</th>
                    <th scope="col">{t('reports.list.status')}</th>
                    <th scope="col">{t('reports.list.submittedAt')}</th>
                    <th scope="col">{t('reports.list.onTime')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((item) => (
                    <tr key={`${item.form.code}|${item.period}`}>
                      <td>
                        <Link to={`/reports/${item.form.code}/${list.data.unit.code}/${item.period}`}>
                          {labels.language === 'en' ? item.form.en : item.form.vi}
                        </Link>
                      </td>
                      <td>{labels.period(item.period)}</td>
                      <td>{formatDate(item.deadline)}</td>
                      <td>
                        <ReportStatusBadge status={item.displayStatus} />
                        {item.overdue ? <span className="muted"> · {t('reports.list.overdue')}</span> : null}
                      </td>
                      <td>{labels.time(item.submittedAt)}</td>
                      <td>
                        {item.onTime === null
                          ? ''
                          : item.onTime
                            ? t('reports.list.yes')
                            : t('reports.list.no')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
