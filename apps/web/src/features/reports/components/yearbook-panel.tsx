import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { useErrorText } from '../../../lib/error-text.ts';
import {
  downloadFile,
  fetchYearbookJob,
  startYearbook,
  type YearbookJob,
  yearbookFileUrl,
} from '../api/reports-api.ts';

const lastYear = () => new Date(Date.now() + 7 * 3_600_000).getUTCFullYear() - 1;

/**
 * Niên giám dân số: the province's yearbook for a past year, made on the server in the background; the
 * panel shows its progress and downloads it when it is ready.
 */
export function YearbookPanel({ province }: { province: string }) {
  const { t } = useTranslation();
  const client = useApiClient();
  const errorText = useErrorText();
  const [year, setYear] = useState(String(lastYear()));
  const [job, setJob] = useState<YearbookJob | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setTimeout(() => {
      fetchYearbookJob(client, job.id).then(setJob, setError);
    }, 500);
    return () => clearTimeout(timer);
  }, [client, job]);

  useEffect(() => {
    if (job?.status !== 'done') return;
    downloadFile(yearbookFileUrl(job.id), () => {}).catch(setError);
  }, [job?.status, job?.id]);

  const start = (format: 'pdf' | 'xlsx') => {
    setError(null);
    startYearbook(client, province, year, format).then(setJob, setError);
  };
  const running = job?.status === 'running';
  return (
    <section className="panel" data-testid="yearbook">
      <h2>{t('reports.yearbook.title')}</h2>
      <p className="muted">{t('reports.yearbook.subtitle')}</p>
      <div className="report-actions">
        <label htmlFor="yearbook-year">{t('reports.list.year')}</label>
        <select id="yearbook-year" value={year} onChange={(e) => setYear(e.target.value)} disabled={running}>
          {[0, 1, 2].map((back) => (
            <option key={back} value={String(lastYear() - back)}>
              {lastYear() - back}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-secondary"
          disabled={running}
          onClick={() => start('pdf')}
        >
          {t('reports.yearbook.pdf')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={running}
          onClick={() => start('xlsx')}
        >
          {t('reports.yearbook.xlsx')}
        </button>
      </div>
      {job ? (
        <p role="status">
          {job.status === 'failed'
            ? errorText(new ApiError(500, job.error ?? 'DANSO_ERR_INTERNAL', null))
            : job.status === 'done'
              ? t('reports.yearbook.done', { file: job.fileName ?? '' })
              : t(`reports.yearbook.${job.step === 'layout' ? 'layout' : 'tables'}`, {
                  percent: Math.round(job.progress * 100),
                })}{' '}
          {running ? <progress max={1} value={job.progress} /> : null}
        </p>
      ) : null}
      {error ? <p role="alert">{errorText(error)}</p> : null}
    </section>
  );
}
