import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useErrorText } from '../../../lib/error-text.ts';
import { formatDate } from '../../../lib/format.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import {
  downloadFile,
  type ExportFormat,
  exportUrl,
  type ReportKey,
  type ReportView,
} from '../api/reports-api.ts';
import { useDecision, useReport, useSignAndSend, useVerification } from '../hooks/use-reports.ts';
import { useReportLabels } from './report-labels.ts';
import { ReportTable } from './report-table.tsx';
import { ReportStatusBadge } from './status-badge.tsx';
import './reports.css';

/** One report: its table (frozen or live), status, workflow, revision, versions and downloads. */
export function ReportPage({ reportKey, user }: { reportKey: ReportKey; user: UserView }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const params = useSearchParams();
  const navigate = useNavigate();
  const boundaries = params.get('boundaries') === 'historical' ? 'historical' : 'current';
  const report = useReport(reportKey, boundaries);
  const view = report.data;
  useDocumentTitle(view ? `${view.form.vi} – ${labels.period(view.period.code)}` : t('reports.list.title'));
  if (report.isPending) return <Loading />;
  if (report.isError || !view)
    return <ErrorPanel error={report.error} onRetry={() => void report.refetch()} />;
  const name = (x: { vi: string; en: string }) => (labels.language === 'en' ? x.en : x.vi);
  const latest = view.versions.at(-1);
  return (
    <>
      <PageHeader
        title={name(view.form)}
        subtitle={`${view.form.code} · ${view.unit.name} · ${labels.period(view.period.code)}`}
        actions={
          <Link
            to={`/reports?unit=${view.unit.code}&year=${view.period.from.slice(0, 4)}`}
            className="button button-secondary"
          >
            {t('reports.view.backToList')}
          </Link>
        }
      />
      <section className="panel">
        <dl className="report-facts">
          <div>
            <dt>{t('reports.list.status')}</dt>
            <dd data-testid="report-status">
              <ReportStatusBadge status={view.displayStatus} />
            </dd>
          </div>
          <div>
            <dt>{t('reports.view.deadline')}</dt>
            <dd>{formatDate(view.deadline)}</dd>
          </div>
          {view.report ? (
            <div>
              <dt>{t('reports.view.submittedAt')}</dt>
              <dd>
                {labels.time(view.report.firstSubmittedAt)} ·{' '}
                {view.report.onTime ? t('reports.view.onTime') : t('reports.view.late')}
              </dd>
            </div>
          ) : null}
          {latest ? (
            <div>
              <dt>{t('reports.view.version')}</dt>
              <dd>
                {latest.version} · {latest.signerName}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('reports.view.boundaries')}</dt>
            <dd>
              <select
                aria-label={t('reports.view.boundaries')}
                value={boundaries}
                onChange={(e) =>
                  navigate(
                    `/reports/${reportKey.form}/${reportKey.unit}/${reportKey.period}${e.target.value === 'historical' ? '?boundaries=historical' : ''}`,
                  )
                }
              >
                <option value="current">{t('reports.view.current')}</option>
                <option value="historical">{t('reports.view.historical')}</option>
              </select>
            </dd>
          </div>
        </dl>
        <p className="muted">
          {latest && view.status !== 'returned'
            ? t('reports.view.frozenNote', { version: latest.version })
            : t('reports.view.draftNote')}
        </p>
        {view.status === 'returned' && view.report?.returnedReason ? (
          <p role="alert" className="report-returned">
            {t('reports.view.returned', { reason: view.report.returnedReason })}
          </p>
        ) : null}
      </section>
      <Workflow view={view} reportKey={reportKey} user={user} />
      {view.live && view.changes.length > 0 ? (
        <Revision view={view} reportKey={reportKey} user={user} />
      ) : null}
      <section className="panel" aria-label={t('reports.view.table')}>
        <h2>{t('reports.view.table')}</h2>
        <ReportTable table={view.table} changes={view.live ? view.changes : []} />
      </section>
      <Downloads reportKey={reportKey} />
      {view.versions.length > 0 ? <Versions view={view} reportKey={reportKey} /> : null}
    </>
  );
}

function Workflow({ view, reportKey, user }: { view: ReportView; reportKey: ReportKey; user: UserView }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const send = useSignAndSend(reportKey, user.id, 'submit');
  const decide = useDecision(reportKey);
  const [reason, setReason] = useState('');
  const [returning, setReturning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { can } = view;
  if (!can.submit && !can.approve && !can.lock && !can.return && !done) {
    return !view.periodOver && user.role === 'commune_officer' ? (
      <section className="panel">
        <p className="muted">{t('reports.view.periodNotOver')}</p>
      </section>
    ) : null;
  }
  const busy = send.isPending || decide.isPending;
  const error = send.error ?? decide.error;
  const submitReturn = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    decide.mutate(
      { action: 'return', reason: reason.trim() },
      {
        onSuccess: () => {
          setReturning(false);
          setDone(t('reports.actions.returnedDone'));
        },
      },
    );
  };
  return (
    <section className="panel">
      <div className="report-actions">
        {can.submit && view.toSign ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              send.mutate(view.toSign as NonNullable<ReportView['toSign']>, {
                onSuccess: () => setDone(t('reports.actions.submitted')),
              })
            }
          >
            {send.isPending ? t('reports.actions.submitting') : t('reports.actions.submit')}
          </button>
        ) : null}
        {can.approve ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                decide.mutate(
                  { action: 'approve', lock: true },
                  { onSuccess: () => setDone(t('reports.actions.locked')) },
                )
              }
            >
              {t('reports.actions.approveLock')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() =>
                decide.mutate(
                  { action: 'approve', lock: false },
                  { onSuccess: () => setDone(t('reports.actions.approved')) },
                )
              }
            >
              {t('reports.actions.approve')}
            </button>
          </>
        ) : null}
        {can.lock ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              decide.mutate({ action: 'lock' }, { onSuccess: () => setDone(t('reports.actions.locked')) })
            }
          >
            {t('reports.actions.lock')}
          </button>
        ) : null}
        {can.return && !returning ? (
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => setReturning(true)}
          >
            {t('reports.actions.return')}
          </button>
        ) : null}
      </div>
      {returning ? (
        <form className="report-return" onSubmit={submitReturn}>
          <label htmlFor="return-reason">{t('reports.actions.returnReason')}</label>
          <textarea
            id="return-reason"
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="report-actions">
            <button type="submit" className="button button-danger" disabled={busy || !reason.trim()}>
              {t('reports.actions.returnSend')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setReturning(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {can.submit ? <p className="muted">{t('reports.actions.signNote')}</p> : null}
      {error ? <p role="alert">{errorText(error)}</p> : null}
      {done && !error ? <p role="status">{done}</p> : null}
    </section>
  );
}

function Revision({ view, reportKey, user }: { view: ReportView; reportKey: ReportKey; user: UserView }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const errorText = useErrorText();
  const accept = useSignAndSend(reportKey, user.id, 'revision');
  const table = view.live;
  if (!table) return null;
  const columnName = (key: string) => {
    const column = table.columns.find((c) => c.key === key);
    return column ? (labels.language === 'en' ? column.en : column.vi) : key;
  };
  return (
    <section className="panel" data-testid="report-revision">
      <h2>{t('reports.revision.title')}</h2>
      <p>{t('reports.revision.subtitle', { count: view.changes.length })}</p>
      <div className="table-scroll">
        <table className="table" data-testid="revision-changes">
          <thead>
            <tr>
              <th scope="col">{t('reports.revision.row')}</th>
              <th scope="col">{t('reports.revision.column')}</th>
              <th scope="col" className="numeric">
                {t('reports.revision.before')}
              </th>
              <th scope="col" className="numeric">
                {t('reports.revision.after')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.changes.slice(0, 200).map((c) => (
              <tr key={`${c.row}|${c.column}`}>
                <td>{c.row}</td>
                <td>{columnName(c.column)}</td>
                <td className="numeric">{c.before ?? '–'}</td>
                <td className="numeric">{c.after ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.can.acceptRevision && view.toSign ? (
        <div className="report-actions">
          <button
            type="button"
            className="button"
            disabled={accept.isPending}
            onClick={() => accept.mutate(view.toSign as NonNullable<ReportView['toSign']>)}
          >
            {t('reports.actions.acceptRevision')}
          </button>
        </div>
      ) : null}
      {accept.error ? <p role="alert">{errorText(accept.error)}</p> : null}
      {accept.isSuccess ? <p role="status">{t('reports.actions.revisionAccepted')}</p> : null}
    </section>
  );
}

function Downloads({ reportKey }: { reportKey: ReportKey }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [progress, setProgress] = useState<{ format: ExportFormat; share: number | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const start = (format: ExportFormat) => {
    setError(null);
    setProgress({ format, share: null });
    downloadFile(exportUrl(reportKey, format), (share) => setProgress({ format, share }))
      .catch(setError)
      .finally(() => setProgress(null));
  };
  return (
    <section className="panel">
      <h2>{t('reports.downloads.title')}</h2>
      <div className="report-downloads">
        {(['xlsx', 'pdf', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button button-secondary"
            disabled={progress !== null}
            onClick={() => start(format)}
          >
            {t(`reports.downloads.${format}`)}
          </button>
        ))}
        {progress ? (
          <span role="status">
            {progress.share === null
              ? t('reports.downloads.preparing')
              : t('reports.downloads.progress', { percent: Math.round(progress.share * 100) })}
            <progress max={1} {...(progress.share === null ? {} : { value: progress.share })} />
          </span>
        ) : null}
      </div>
      {error ? <p role="alert">{errorText(error)}</p> : null}
    </section>
  );
}

function Versions({ view, reportKey }: { view: ReportView; reportKey: ReportKey }) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const [checking, setChecking] = useState(false);
  const verification = useVerification(reportKey, checking);
  const validity = new Map(verification.data?.versions.map((v) => [v.version, v.valid]) ?? []);
  return (
    <section className="panel">
      <h2>{t('reports.versions.title')}</h2>
      <div className="table-scroll">
        <table className="table" data-testid="report-versions">
          <thead>
            <tr>
              <th scope="col">{t('reports.versions.version')}</th>
              <th scope="col">{t('reports.versions.kind')}</th>
              <th scope="col">{t('reports.versions.signer')}</th>
              <th scope="col">{t('reports.versions.signedAt')}</th>
              <th scope="col">{t('reports.versions.key')}</th>
              <th scope="col">{t('reports.versions.verify')}</th>
              <th scope="col">{t('reports.versions.download')}</th>
            </tr>
          </thead>
          <tbody>
            {view.versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{t(`reports.versions.${v.kind}`)}</td>
                <td>{v.signerName}</td>
                <td>{labels.time(v.signedAt)}</td>
                <td>
                  <code>{v.fingerprint}</code>
                </td>
                <td>
                  {validity.has(v.version)
                    ? validity.get(v.version)
                      ? t('reports.versions.valid')
                      : t('reports.versions.invalid')
                    : ''}
                </td>
                <td>
                  <a href={exportUrl(reportKey, 'pdf', v.version)} download>
                    PDF
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => setChecking(true)}
        disabled={verification.isFetching}
      >
        {t('reports.versions.verify')}
      </button>
      <h3>{t('reports.history.title')}</h3>
      <ul data-testid="report-history">
        {view.actions.map((a) => (
          <li key={`${a.at}-${a.action}`}>
            {labels.time(a.at)} · {t(`reports.history.${a.action as 'submit'}`)} · {a.actorName}
            {a.reason ? ` · ${a.reason}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
