/**
 * The top of the collaborator's home screen: where the phone stands with the server (last sync, what is
 * waiting, what came back), the "Đồng bộ" button, and large buttons to her areas' books, her changes and the
 * month's sheet. Everything here reads the phone's own data, so it works with no network.
 */
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../lib/error-text.ts';
import { countByState, type OutboxEntry } from '../../../lib/offline/outbox.ts';
import { Link } from '../../../lib/router.tsx';
import { useCollector, useLocal } from '../hooks/collector-context.tsx';
import { formatMoment } from './collector-format.ts';
import './collector.css';

export function SyncPanel({ outbox }: { outbox: OutboxEntry[] | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { sync, syncNow, online, db, sessionEnded } = useCollector();
  const counts = countByState(outbox ?? []);
  const count = (n: number) => (outbox ? n : '–');
  const last = sync.last;

  let status: string;
  if (sync.running) {
    status = sync.progress
      ? t(sync.progress.phase === 'push' ? 'collector.sync.pushing' : 'collector.sync.pulling', {
          done: sync.progress.done,
        })
      : t('collector.sync.running');
  } else if (!online || last?.stoppedBy === 'offline') {
    status = t('collector.sync.offline');
  } else if (last?.stoppedBy === 'server' && last.error) {
    status = t('collector.sync.failed', { message: errorText(last.error) });
  } else if (last && last.stoppedBy === null) {
    status = t('collector.sync.done');
  } else {
    status = '';
  }

  return (
    <section className="panel sync-panel" aria-labelledby="sync-title" data-testid="sync-panel">
      <div className="sync-head">
        <h2 id="sync-title">{t('collector.sync.title')}</h2>
        <button
          type="button"
          className="button button-large"
          onClick={syncNow}
          disabled={!db || sync.running}
          data-testid="sync-button"
        >
          {sync.running ? t('collector.sync.running') : t('collector.sync.button')}
        </button>
      </div>
      {sessionEnded ? (
        <p className="alert alert-error" role="alert">
          {t('collector.sessionEnded')}
        </p>
      ) : null}
      <p className="sync-last" data-testid="last-sync">
        {sync.lastSyncAt
          ? t('collector.sync.lastAt', { time: formatMoment(sync.lastSyncAt) })
          : t('collector.sync.never')}
      </p>
      {/* Always there, so that the lines below never move when a status comes or goes. */}
      <p className="sync-status" role="status" data-testid="sync-status">
        {status || '\u00a0'}
      </p>
      {last && last.refused > 0 ? (
        <p className="alert alert-error">{t('collector.sync.refused', { count: last.refused })}</p>
      ) : null}
      <dl className="sync-counts">
        <div data-testid="count-waiting">
          <dt>{t('collector.counts.waiting')}</dt>
          <dd>{count(counts.waiting)}</dd>
        </div>
        <div data-testid="count-sent">
          <dt>{t('collector.counts.sent')}</dt>
          <dd>{count(counts.sent + counts.conflict)}</dd>
        </div>
        <div
          data-testid="count-returned"
          className={counts.returned + counts.refused > 0 ? 'attention' : undefined}
        >
          <dt>{t('collector.counts.returned')}</dt>
          <dd>{count(counts.returned + counts.refused)}</dd>
        </div>
        <div data-testid="count-approved">
          <dt>{t('collector.counts.approved')}</dt>
          <dd>{count(counts.approved)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function CollectorDashboard() {
  const { t } = useTranslation();
  const { user, openError, persistent } = useCollector();
  // One read of the phone's book for the whole screen, so that it paints once rather than once per store.
  const book = useLocal(['home'], async (local) => {
    const [areas, stored, outbox] = await Promise.all([local.areas(), local.counts(), local.outbox()]);
    return { areas, stored, outbox };
  });
  const areas = book.data?.areas;
  const stored = book.data?.stored;
  // Her areas are known from her account before the book is read: their buttons take their place at once.
  const areaIds = areas?.length
    ? areas.map((a) => a.id)
    : user.scope.kind === 'areas'
      ? user.scope.areaIds
      : [];
  const byId = new Map((areas ?? []).map((a) => [a.id, a]));

  if (openError) {
    return (
      <p className="alert alert-error" role="alert">
        {t('collector.openFailed')}
      </p>
    );
  }
  return (
    <div className="collector" data-testid="collector-dashboard">
      <SyncPanel outbox={book.data?.outbox} />
      <nav className="big-links" aria-label={t('collector.areasTitle')}>
        {areaIds.map((id) => {
          const area = byId.get(id);
          return (
            <Link key={id} to={`/collector/areas/${encodeURIComponent(id)}`} className="big-link">
              <span className="big-link-title">{area?.name ?? t('collector.areasTitle')}</span>
              <span className="big-link-note">
                {t('collector.openBook')}
                {area ? ` · ${area.communeName}` : ''}
              </span>
            </Link>
          );
        })}
        <Link to="/collector/changes" className="big-link">
          <span className="big-link-title">{t('collector.nav.changes')}</span>
        </Link>
        <Link to="/collector/month" className="big-link">
          <span className="big-link-title">{t('collector.nav.month')}</span>
        </Link>
      </nav>
      {areas && areas.length === 0 ? <p className="muted">{t('collector.noAreas')}</p> : null}
      {stored && stored.areas > 0 ? (
        <p className="muted small" data-testid="stored-counts">
          {t('collector.stored', stored)}
        </p>
      ) : null}
      {persistent === false ? <p className="muted small">{t('collector.sync.notPersistent')}</p> : null}
    </div>
  );
}
