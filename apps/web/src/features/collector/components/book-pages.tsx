/**
 * The household book on the phone: an area's households (with a search that ignores diacritics) and a
 * household's page with its members and the changes recorded for it on this phone. Read from IndexedDB only.
 */
import {
  changeTypeLabels,
  codeLabel,
  defaultRegisterCodeLists,
  isChangeType,
  normalizeName,
} from '@danso/domain';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { OutboxState } from '../../../lib/offline/outbox.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useLocal } from '../hooks/collector-context.tsx';
import { pendingHouseholds } from './local-book.ts';
import './collector.css';

export function useTypeLabel(): (type: string) => string {
  const [language] = useLanguage();
  return (type) => (isChangeType(type) ? changeTypeLabels[type][language] : type);
}

export function StateBadge({ state }: { state: OutboxState }) {
  const { t } = useTranslation();
  return (
    <span className={`state-badge state-${state}`} data-state={state}>
      {t(`collector.states.${state}`)}
    </span>
  );
}

/** One row of a tap list: a link with its title and a note under it. */
function TapItem(props: { to: string; title: ReactNode; note: ReactNode; className?: string }) {
  return (
    <Link to={props.to} className={props.className}>
      <span className="tap-item-title">{props.title}</span>
      <span className="tap-item-note">{props.note}</span>
    </Link>
  );
}

export function LocalBookPage({ areaId }: { areaId: string }) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const [query, setQuery] = useState('');
  const book = useLocal(['book', areaId], async (db) => {
    const [area, households, people, outbox] = await Promise.all([
      db.area(areaId),
      db.households(areaId),
      db.allPeople(),
      db.outbox(),
    ]);
    const byHousehold = new Map<string, { head: string | null; count: number; names: string[] }>();
    for (const person of people) {
      if (person.areaId !== areaId) continue;
      const entry = byHousehold.get(person.householdId) ?? { head: null, count: 0, names: [] };
      if (person.vitalStatus === 'alive' && person.presence === 'present') entry.count += 1;
      if (person.relationToHead === 'head') entry.head = person.fullName;
      entry.names.push(normalizeName(person.fullName));
      byHousehold.set(person.householdId, entry);
    }
    const pending = pendingHouseholds(outbox, areaId, new Set(households.map((h) => h.id)), people);
    return { area, households, byHousehold, pending };
  });
  const title = book.data?.area
    ? t('collector.book.title', { area: book.data.area.name })
    : t('collector.bookTitle');
  useDocumentTitle(title);
  if (book.isPending) return <Loading />;
  if (!book.data?.area) return <p className="panel">{t('collector.household.notFound')}</p>;
  const { area, households, byHousehold, pending } = book.data;
  const needle = normalizeName(query);
  const shown = households.filter((h) => {
    if (!needle) return true;
    if (String(h.number) === needle || h.code.endsWith(`-${needle}`)) return true;
    return (byHousehold.get(h.id)?.names ?? []).some((name) => name.includes(needle));
  });
  return (
    <div className="collector-page">
      <PageHeader
        title={title}
        subtitle={t('collector.book.subtitle', { commune: area.communeName, count: households.length })}
      >
        <Breadcrumbs items={[{ label: t('nav.home'), to: '/' }, { label: area.name }]} />
      </PageHeader>
      <div className="field">
        <label htmlFor="book-search">{t('collector.book.search')}</label>
        <input
          id="book-search"
          type="search"
          value={query}
          placeholder={t('collector.book.searchPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {shown.length === 0 ? <p className="muted">{t('collector.book.none')}</p> : null}
      <ul className="tap-list" data-testid="local-households">
        {shown.map((h) => {
          const info = byHousehold.get(h.id);
          return (
            <li key={h.id}>
              <TapItem
                to={`/collector/households/${encodeURIComponent(h.id)}`}
                title={
                  <>
                    {t('collector.household.title', { number: h.number })} · {info?.head ?? '—'}
                  </>
                }
                note={
                  <>
                    {h.code} · {t('collector.book.members', { count: info?.count ?? 0 })}
                    {h.status === 'closed' ? ` · ${t('collector.book.closed')}` : ''}
                  </>
                }
              />
            </li>
          );
        })}
      </ul>
      {pending.length > 0 ? (
        <section aria-labelledby="pending-households-title">
          <h2 id="pending-households-title">{t('collector.book.pendingTitle')}</h2>
          <ul className="tap-list" data-testid="pending-households">
            {pending.map((h) => (
              <li key={h.changeId}>
                <TapItem
                  to={`/collector/changes/${encodeURIComponent(h.changeId)}`}
                  className="pending-household"
                  title={
                    <>
                      {t('collector.book.pendingHousehold', { number: h.number })}
                      {h.headName ? ` · ${h.headName}` : ''}
                    </>
                  }
                  note={
                    <>
                      {typeLabel(h.type)} · <StateBadge state={h.state} />
                    </>
                  }
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The changes recorded about one member, started from her row of the household's page. */
const memberTypes = ['death', 'move_out', 'transfer', 'info_change'] as const;

/** The changes of the whole household, started from its page. */
const householdChoices = [
  ['household_split', {}],
  ['head_change', {}],
  ['transfer', { scope: 'household' }],
  ['household_new', {}],
] as const;

function recordPath(householdId: string, choice: Record<string, string>): string {
  const query = new URLSearchParams(choice).toString();
  return `/collector/households/${encodeURIComponent(householdId)}/record${query ? `?${query}` : ''}`;
}

export function LocalHouseholdPage({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const typeLabel = useTypeLabel();
  const page = useLocal(['household', householdId], async (db) => {
    const household = await db.household(householdId);
    if (!household) return null;
    const [members, area, outbox] = await Promise.all([
      db.members(householdId),
      db.area(household.areaId),
      db.outbox(),
    ]);
    return {
      household,
      area,
      members: members.sort((a, b) => a.rowNumber - b.rowNumber),
      changes: outbox.filter((e) => e.householdId === householdId),
    };
  });
  useDocumentTitle(
    page.data
      ? t('collector.household.title', { number: page.data.household.number })
      : t('collector.bookTitle'),
  );
  if (page.isPending) return <Loading />;
  if (!page.data) return <p className="panel">{t('collector.household.notFound')}</p>;
  const { household, area, members, changes } = page.data;
  const code = (list: 'relationToHead' | 'sex', value: string | number) =>
    codeLabel(defaultRegisterCodeLists[list], String(value), language);
  const nameOf = (id: string | null) => members.find((m) => m.id === id)?.fullName;
  return (
    <div className="collector-page">
      <PageHeader
        title={t('collector.household.title', { number: household.number })}
        subtitle={t('collector.household.subtitle', { code: household.code })}
        actions={
          household.status === 'active' ? (
            <Link
              to={`/collector/households/${encodeURIComponent(household.id)}/record`}
              className="button button-large"
            >
              {t('collector.household.record')}
            </Link>
          ) : null
        }
      >
        <Breadcrumbs
          items={[
            { label: t('nav.home'), to: '/' },
            ...(area ? [{ label: area.name, to: `/collector/areas/${encodeURIComponent(area.id)}` }] : []),
            { label: household.code },
          ]}
        />
      </PageHeader>
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('collector.household.members')}</h2>
        <ul className="tap-list" data-testid="local-members">
          {members.map((m) => {
            const about = (
              <>
                <span className="tap-item-title">{m.fullName}</span>
                <span className="tap-item-note">
                  {code('relationToHead', m.relationToHead)} · {code('sex', m.sex)} ·{' '}
                  {formatDate(m.birthDate)}
                  {m.vitalStatus === 'dead'
                    ? ` · ${t('collector.household.dead', { date: formatDate(m.deathDate) })}`
                    : ''}
                  {m.presence === 'moved_out'
                    ? ` · ${t('collector.household.movedOut', { date: formatDate(m.movedOutOn) })}`
                    : ''}
                </span>
              </>
            );
            const recordable =
              household.status === 'active' && m.vitalStatus === 'alive' && m.presence === 'present';
            return (
              <li key={m.id}>
                {recordable ? (
                  <details className="member-actions">
                    <summary>{about}</summary>
                    <ul
                      className="tap-list"
                      aria-label={t('collector.household.memberActions', { name: m.fullName })}
                    >
                      {memberTypes.map((type) => (
                        <li key={type}>
                          <Link to={recordPath(household.id, { type, person: m.id })}>{typeLabel(type)}</Link>
                        </li>
                      ))}
                      <li>
                        <Link to={recordPath(household.id, { person: m.id })}>
                          {t('collector.household.otherChange')}
                        </Link>
                      </li>
                    </ul>
                  </details>
                ) : (
                  <div className="tap-item">{about}</div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {household.status === 'active' ? (
        <section aria-labelledby="household-actions-title">
          <h2 id="household-actions-title">{t('collector.household.householdActions')}</h2>
          <ul className="tap-list" data-testid="household-actions">
            {householdChoices.map(([type, extra]) => (
              <li key={type}>
                <Link to={recordPath(household.id, { type, ...extra })}>
                  {type === 'transfer' ? t('collector.household.moveHousehold') : typeLabel(type)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {changes.length > 0 ? (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{t('collector.household.pending')}</h2>
          <ul className="tap-list" data-testid="household-changes">
            {changes.map((e) => (
              <li key={e.id}>
                <TapItem
                  to={`/collector/changes/${encodeURIComponent(e.id)}`}
                  title={
                    <>
                      {typeLabel(e.type)} {nameOf(e.personId) ? `· ${nameOf(e.personId)}` : ''}
                    </>
                  }
                  note={
                    <>
                      {formatDate(e.occurredOn)} · <StateBadge state={e.state} />
                    </>
                  }
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
