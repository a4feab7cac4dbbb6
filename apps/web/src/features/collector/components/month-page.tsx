/**
 * Phiếu thu tin tháng: the collaborator reviews what she recorded in a month (counts by type and the list),
 * then sends the month's sheet signed with this phone's key. The key pair is made on the phone the first time
 * (the secret stays in IndexedDB) and its public half registered with her account.
 */
import {
  buildMonthSubmission,
  type ChangeType,
  generateSigningKey,
  isChangeType,
  keyFingerprint,
  localMonthOf,
  signDocument,
  submissionDeadline,
} from '@danso/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useApiClient } from '../../../lib/api-context.tsx';
import { formatDate } from '../../../lib/format.ts';
import type { LocalDb } from '../../../lib/offline/local-db.ts';
import type { OutboxEntry } from '../../../lib/offline/outbox.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { postSubmission, registerSigningKey, type SubmissionReceipt } from '../api/collector-api.ts';
import { newId, useCollector, useLocal } from '../hooks/collector-context.tsx';
import { StateBadge, useTypeLabel } from './book-pages.tsx';
import { formatMoment } from './collector-format.ts';
import './collector.css';

/** The months offered: this one and the two before it. */
function recentMonths(now: Date): string[] {
  const current = localMonthOf(now.toISOString());
  const [year, month] = current.split('-').map(Number) as [number, number];
  return [0, 1, 2].map((back) => {
    const index = year * 12 + (month - 1) - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The changes of a month's sheet: recorded in it (Viet Nam time) and held by the server. */
export function monthEntries(entries: readonly OutboxEntry[], month: string): OutboxEntry[] {
  return entries.filter((e) => localMonthOf(e.recordedAt) === month && e.state !== 'refused');
}

async function signingKey(
  db: LocalDb,
  register: (publicKey: string, deviceId: string) => Promise<{ id: string; fingerprint: string }>,
) {
  let key = await db.getMeta('signingKey');
  if (!key) {
    // Kept before it is registered: a sheet interrupted here reuses this key rather than making another.
    const made = await generateSigningKey();
    key = { ...made, keyId: null, fingerprint: null };
    await db.setMeta('signingKey', key);
  }
  if (key.keyId === null) {
    const registered = await register(key.publicKey, await db.deviceId(newId));
    key = { ...key, keyId: registered.id, fingerprint: registered.fingerprint };
    await db.setMeta('signingKey', key);
  }
  return { ...key, keyId: key.keyId as string };
}

export function MonthPage() {
  const { t } = useTranslation();
  const client = useApiClient();
  const typeLabel = useTypeLabel();
  const { user, db, online, recorded } = useCollector();
  const months = recentMonths(new Date());
  const [month, setMonth] = useState(months[0] ?? '');
  const [receipt, setReceipt] = useState<SubmissionReceipt | null>(null);
  const data = useLocal(['month', month], async (local) => {
    const [outbox, areas, key, submissions] = await Promise.all([
      local.outbox(),
      local.areas(),
      local.getMeta('signingKey'),
      local.submissions(),
    ]);
    return {
      entries: monthEntries(outbox, month),
      waiting: outbox.filter((e) => e.state === 'waiting').length,
      areaIds: areas.map((a) => a.id),
      key,
      submissions: submissions.filter((s) => s.month === month),
    };
  });
  useDocumentTitle(t('collector.month.title'));

  const submit = useMutation({
    networkMode: 'always',
    mutationFn: async () => {
      if (!db || !data.data) throw new Error('The local book is not open');
      const key = await signingKey(db, (publicKey, deviceId) =>
        registerSigningKey(client, {
          publicKey,
          deviceId,
          label: `Điện thoại của ${user.displayName}`.slice(0, 100),
        }),
      );
      const scopeAreas = user.scope.kind === 'areas' ? user.scope.areaIds : [];
      const document = buildMonthSubmission({
        month,
        userId: user.id,
        areaIds: scopeAreas.length > 0 ? scopeAreas : data.data.areaIds,
        changes: data.data.entries.flatMap((e) => (isChangeType(e.type) ? [{ id: e.id, type: e.type }] : [])),
        submittedAt: new Date().toISOString(),
      });
      const signature = await signDocument(key.secretKey, document);
      const answer = await postSubmission(client, { document, keyId: key.keyId, signature });
      await db.putSubmission({
        id: answer.id,
        month,
        receivedAt: answer.receivedAt,
        deadline: answer.deadline,
        onTime: answer.onTime,
        changeCount: document.changeIds.length,
      });
      return answer;
    },
    onSuccess: (answer) => {
      setReceipt(answer);
      recorded();
    },
  });

  if (data.isPending || !data.data) return <Loading />;
  const { entries, waiting, key, submissions } = data.data;
  const counts = new Map<ChangeType | string, number>();
  for (const e of entries) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  const { dueDate } = submissionDeadline(month);
  const last = receipt ?? submissions[0] ?? null;

  return (
    <div className="collector-page" data-testid="month-page">
      <PageHeader title={t('collector.month.title')} subtitle={t('collector.month.subtitle')}>
        <Breadcrumbs items={[{ label: t('nav.home'), to: '/' }, { label: t('collector.month.title') }]} />
      </PageHeader>
      <div className="field">
        <label htmlFor="month">{t('collector.month.month')}</label>
        <select
          id="month"
          value={month}
          onChange={(e) => {
            setMonth(e.target.value);
            setReceipt(null);
            submit.reset();
          }}
        >
          {months.map((m) => (
            <option key={m} value={m}>
              {m.split('-').reverse().join('/')}
            </option>
          ))}
        </select>
        <p className="field-hint">{t('collector.month.deadline', { date: formatDate(dueDate) })}</p>
      </div>
      {last ? (
        <p
          className={`alert ${last.onTime ? 'alert-success' : 'alert-error'}`}
          role="status"
          data-testid="month-receipt"
        >
          {t(last.onTime ? 'collector.month.onTime' : 'collector.month.late', {
            month: month.split('-').reverse().join('/'),
            time: formatMoment(last.receivedAt),
          })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="by-type">
        <h2 id="by-type">{t('collector.month.byType')}</h2>
        {entries.length === 0 ? <p className="muted">{t('collector.month.none')}</p> : null}
        <table className="table" data-testid="month-counts">
          <tbody>
            {[...counts.entries()].map(([type, count]) => (
              <tr key={type}>
                <th scope="row">{typeLabel(type)}</th>
                <td>{count}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('collector.month.total')}</th>
              <td>{entries.length}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="month-list">
        <h2 id="month-list">{t('collector.month.list')}</h2>
        <ul className="tap-list">
          {entries.map((e) => (
            <li key={e.id}>
              <Link to={`/collector/changes/${encodeURIComponent(e.id)}`}>
                <span className="tap-item-title">{typeLabel(e.type)}</span>
                <span className="tap-item-note">
                  {formatDate(e.occurredOn)} · <StateBadge state={e.state} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {waiting > 0 ? (
        <p className="alert alert-info">{t('collector.month.waitingFirst', { count: waiting })}</p>
      ) : null}
      {!online ? <p className="alert alert-info">{t('collector.month.needsNetwork')}</p> : null}
      <p className="muted small">
        {key?.fingerprint
          ? t('collector.month.key', { fingerprint: key.fingerprint })
          : t('collector.month.keyNew')}
        {key && !key.fingerprint ? ` (${keyFingerprint(key.publicKey)})` : ''}
      </p>
      <ErrorMessage error={submit.error} />
      <div className="actions sticky-actions">
        <button
          type="button"
          className="button button-large"
          disabled={submit.isPending || waiting > 0 || !online}
          onClick={() => submit.mutate()}
        >
          {submit.isPending ? t('collector.month.submitting') : t('collector.month.submit')}
        </button>
      </div>
    </div>
  );
}
