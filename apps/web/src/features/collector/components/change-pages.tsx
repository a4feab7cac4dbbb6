/**
 * "Biến động của tôi": every change recorded on this phone with its state — waiting, sent, approved, returned
 * with the officer's reason, rejected, in conflict, or refused by the server — and one change's page, from
 * which a returned or refused change is corrected and sent again.
 */
import { isCorrectable } from '@danso/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { canCorrect, type OutboxState, outboxStates } from '../../../lib/offline/outbox.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useLocal } from '../hooks/collector-context.tsx';
import { StateBadge, useTypeLabel } from './book-pages.tsx';
import { formatMoment } from './collector-format.ts';
import './collector.css';

export function MyChangesPage() {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const [filter, setFilter] = useState<OutboxState | ''>('');
  const data = useLocal(['my-changes'], async (db) => {
    const [outbox, households, people] = await Promise.all([db.outbox(), db.allHouseholds(), db.allPeople()]);
    return {
      outbox,
      households: new Map(households.map((h) => [h.id, h])),
      people: new Map(people.map((p) => [p.id, p])),
    };
  });
  useDocumentTitle(t('collector.changes.title'));
  const header = (
    <PageHeader title={t('collector.changes.title')} subtitle={t('collector.changes.subtitle')}>
      <Breadcrumbs items={[{ label: t('nav.home'), to: '/' }, { label: t('collector.changes.title') }]} />
    </PageHeader>
  );
  if (data.isPending) return <Loading />;
  const entries = (data.data?.outbox ?? []).filter((e) => filter === '' || e.state === filter);
  return (
    <div className="collector-page">
      {header}
      <div className="field">
        <label htmlFor="state-filter">{t('collector.changes.state')}</label>
        <select
          id="state-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value as OutboxState | '')}
        >
          <option value="">{t('collector.changes.filterAll')}</option>
          {outboxStates.map((state) => (
            <option key={state} value={state}>
              {t(`collector.states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      {entries.length === 0 ? <p className="muted">{t('collector.changes.none')}</p> : null}
      <ul className="tap-list" data-testid="my-changes">
        {entries.map((e) => {
          const person = e.personId ? data.data?.people.get(e.personId) : undefined;
          const name =
            person?.fullName ??
            (e.change?.type === 'birth' ? e.change.payload.fullName : undefined) ??
            (e.change?.type === 'move_in' ? e.change.payload.person.fullName : undefined);
          const household = e.householdId ? data.data?.households.get(e.householdId) : undefined;
          return (
            <li key={e.id} data-change-id={e.id}>
              <Link to={`/collector/changes/${encodeURIComponent(e.id)}`}>
                <span className="tap-item-title">
                  {typeLabel(e.type)}
                  {name ? ` · ${name}` : ''}
                </span>
                <span className="tap-item-note">
                  {formatDate(e.occurredOn)}
                  {household ? ` · ${household.code}` : ''} · <StateBadge state={e.state} />
                </span>
                {e.state === 'returned' && e.reason ? (
                  <span className="tap-item-note">{t('collector.changes.reason', { reason: e.reason })}</span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function MyChangePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const data = useLocal(['my-change', id], async (db) => {
    const entry = await db.entry(id);
    const household = entry?.householdId ? await db.household(entry.householdId) : undefined;
    const person = entry?.personId ? await db.person(entry.personId) : undefined;
    return { entry, household, person };
  });
  const entry = data.data?.entry;
  const title = entry
    ? t('collector.changes.detailTitle', { type: typeLabel(entry.type), date: formatDate(entry.occurredOn) })
    : t('collector.changes.title');
  useDocumentTitle(title);
  if (data.isPending) return <Loading />;
  if (!entry) return <p className="panel">{t('collector.changes.none')}</p>;
  const name =
    data.data?.person?.fullName ??
    (entry.change?.type === 'birth' ? entry.change.payload.fullName : undefined) ??
    (entry.change?.type === 'move_in' ? entry.change.payload.person.fullName : undefined);
  return (
    <div className="collector-page" data-testid="my-change">
      <PageHeader title={title} subtitle={name}>
        <Breadcrumbs
          items={[
            { label: t('nav.home'), to: '/' },
            { label: t('collector.changes.title'), to: '/collector/changes' },
            { label: typeLabel(entry.type) },
          ]}
        />
      </PageHeader>
      <section className="panel">
        <p>
          <StateBadge state={entry.state} />
        </p>
        <dl className="facts">
          {data.data?.household ? (
            <div>
              <dt>{t('collector.changes.household')}</dt>
              <dd>
                <Link to={`/collector/households/${encodeURIComponent(data.data.household.id)}`}>
                  {data.data.household.code}
                </Link>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('collector.changes.occurredOn')}</dt>
            <dd>{formatDate(entry.occurredOn)}</dd>
          </div>
          <div>
            <dt>{t('collector.changes.recordedAt')}</dt>
            <dd>{formatMoment(entry.recordedAt)}</dd>
          </div>
        </dl>
        {entry.reason && (entry.state === 'returned' || entry.state === 'rejected') ? (
          <p className="alert alert-error" data-testid="officer-reason">
            {t('collector.changes.reason', { reason: entry.reason })}
          </p>
        ) : null}
        {entry.state === 'refused' && entry.error ? (
          <p className="alert alert-error">
            {t('collector.changes.serverError', { message: entry.error.message || entry.error.code })}
          </p>
        ) : null}
        {entry.state === 'conflict' ? (
          <p className="alert alert-info">{t('collector.changes.conflict')}</p>
        ) : null}
        {entry.state === 'waiting' && entry.attempts > 0 ? (
          <p className="muted">{t('collector.changes.attempts', { count: entry.attempts })}</p>
        ) : null}
        {entry.state === 'approved' && entry.householdId && isCorrectable(entry.type) ? (
          <div className="actions">
            <Link
              to={`/collector/households/${encodeURIComponent(entry.householdId)}/record?correct=${encodeURIComponent(entry.id)}`}
              className="button button-secondary button-large"
            >
              {t('collector.changes.correctApproved')}
            </Link>
          </div>
        ) : null}
        {canCorrect(entry) ? (
          <div className="actions">
            <Link
              to={`/collector/changes/${encodeURIComponent(entry.id)}/correct`}
              className="button button-large"
            >
              {t('collector.changes.correct')}
            </Link>
          </div>
        ) : null}
      </section>
    </div>
  );
}
