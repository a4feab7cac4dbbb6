/**
 * Recording on the phone: the collaborators' local book (features/collector) given to the change-entry form
 * of the changes feature, which records into the phone's outbox instead of sending. Composed here because a
 * feature does not import another.
 */
import type { Change } from '@danso/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { isEntryType } from '../features/changes/components/change-draft.ts';
import { ChangeForm } from '../features/changes/components/change-form.tsx';
import { fetchChangeBody } from '../features/collector/api/collector-api.ts';
import {
  baseVersionOf,
  duplicateWarnings,
  householdPageOf,
} from '../features/collector/components/local-book.ts';
import { useCollector, useLocal } from '../features/collector/hooks/collector-context.tsx';
import '../features/changes/components/changes.css';
import '../features/collector/components/collector.css';
import { useApiClient } from '../lib/api-context.tsx';
import type { UserView } from '../lib/api-types.ts';
import type { LocalDb } from '../lib/offline/local-db.ts';
import { correctEntry, newEntry } from '../lib/offline/outbox.ts';
import { Link, useNavigate } from '../lib/router.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';

/** What the form needs about a household, read from the phone. */
async function readHousehold(db: LocalDb, householdId: string) {
  const household = await db.household(householdId);
  if (!household) return null;
  const [area, people, allHouseholds, outbox] = await Promise.all([
    db.area(household.areaId),
    db.allPeople(),
    db.allHouseholds(),
    db.outbox(),
  ]);
  return {
    household,
    page: householdPageOf(household, people, area),
    baseVersion: baseVersionOf(household, people),
    people,
    households: new Map(allHouseholds.map((h) => [h.id, h])),
    outbox,
  };
}

type HouseholdData = NonNullable<Awaited<ReturnType<typeof readHousehold>>>;

function LocalChangeForm({
  data,
  user,
  correcting,
  record,
  onRecorded,
}: {
  data: HouseholdData;
  user: UserView;
  correcting?: Change;
  record: (change: Change) => Promise<void>;
  onRecorded: (change: Change) => void;
}) {
  return (
    <div className="collector-page">
      <ChangeForm
        page={data.page}
        baseVersion={data.baseVersion}
        user={user}
        local={{
          record,
          onRecorded,
          ...(correcting ? { correcting } : {}),
          extraProblems: (change) => duplicateWarnings(change, data.people, data.households, data.outbox),
        }}
      />
    </div>
  );
}

export function RecordPage({ householdId, user }: { householdId: string; user: UserView }) {
  const { t } = useTranslation();
  const { db, recorded } = useCollector();
  const [saved, setSaved] = useState<{ change: Change; round: number } | null>(null);
  const [round, setRound] = useState(0);
  const data = useLocal(['record', householdId], (local) => readHousehold(local, householdId));
  useDocumentTitle(t('collector.record.title'));
  if (data.isPending) return <Loading />;
  if (!data.data) return <p className="panel">{t('collector.household.notFound')}</p>;
  const { household } = data.data;
  const back = `/collector/households/${encodeURIComponent(household.id)}`;
  return (
    <>
      <PageHeader
        title={t('collector.record.title')}
        subtitle={t('collector.record.subtitle', { number: household.number, code: household.code })}
      >
        <Breadcrumbs
          items={[
            { label: t('nav.home'), to: '/' },
            { label: household.code, to: back },
            { label: t('collector.record.title') },
          ]}
        />
      </PageHeader>
      {saved ? (
        <section className="panel collector-page" data-testid="change-saved">
          <p className="alert alert-success" role="status">
            {t('collector.record.saved')} {t('collector.record.savedAndWaiting')}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-large"
              onClick={() => {
                setSaved(null);
                setRound((r) => r + 1);
              }}
            >
              {t('collector.record.another')}
            </button>
            <Link to={back} className="button button-secondary button-large">
              {t('collector.record.backToHousehold')}
            </Link>
          </div>
        </section>
      ) : (
        <LocalChangeForm
          key={round}
          data={data.data}
          user={user}
          record={async (change) => {
            if (!db) throw new Error('The local book is not open');
            await db.putEntries([newEntry(change)]);
          }}
          onRecorded={(change) => {
            setSaved({ change, round });
            recorded();
          }}
        />
      )}
    </>
  );
}

export function CorrectPage({ id, user }: { id: string; user: UserView }) {
  const { t } = useTranslation();
  const client = useApiClient();
  const navigate = useNavigate();
  const { db, recorded } = useCollector();
  const entry = useLocal(['correct', id], (local) => local.entry(id));
  const stored = entry.data?.change ?? null;
  // A change known only from the server's list (the phone was wiped since) is fetched to be corrected.
  const fetched = useQuery({
    queryKey: ['collector', 'change-body', id],
    queryFn: () => fetchChangeBody(client, id),
    enabled: entry.isSuccess && entry.data !== undefined && stored === null,
  });
  const change = stored ?? fetched.data ?? null;
  const household = useLocal(['correct-household', change?.householdId ?? ''], (local) =>
    change ? readHousehold(local, change.householdId) : Promise.resolve(null),
  );
  useDocumentTitle(t('collector.record.correctTitle'));

  const header = (
    <PageHeader title={t('collector.record.correctTitle')}>
      <Breadcrumbs
        items={[
          { label: t('nav.home'), to: '/' },
          { label: t('collector.changes.title'), to: '/collector/changes' },
          { label: t('collector.record.correctTitle') },
        ]}
      />
    </PageHeader>
  );
  if (entry.isPending || (stored === null && fetched.isPending && entry.data)) return <Loading />;
  if (!entry.data) return <p className="panel">{t('collector.changes.none')}</p>;
  if (fetched.isError) {
    return (
      <>
        {header}
        <p className="alert alert-info">{t('collector.record.needsNetwork')}</p>
        <ErrorPanel error={fetched.error} onRetry={() => void fetched.refetch()} />
      </>
    );
  }
  if (change && !isEntryType(change.type)) {
    return (
      <>
        {header}
        <p className="alert alert-info">{t('collector.record.notEntryType')}</p>
      </>
    );
  }
  if (!change || household.isPending) return <Loading />;
  if (!household.data) return <p className="panel">{t('collector.household.notFound')}</p>;
  return (
    <>
      {header}
      {entry.data.reason ? (
        <p className="alert alert-error">{t('collector.changes.reason', { reason: entry.data.reason })}</p>
      ) : null}
      <LocalChangeForm
        data={household.data}
        user={user}
        correcting={change}
        record={async (corrected) => {
          if (!db) throw new Error('The local book is not open');
          await db.updateEntries([id], (current) => (current ? correctEntry(current, corrected) : null));
        }}
        onRecorded={() => {
          recorded();
          navigate(`/collector/changes/${encodeURIComponent(id)}`);
        }}
      />
    </>
  );
}
