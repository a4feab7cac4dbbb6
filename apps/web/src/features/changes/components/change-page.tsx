import { type DuplicateReasonCode, duplicateReasonLabels, type RuleResult } from '@danso/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate } from '../../../lib/format.ts';
import { useLabels } from '../../../lib/labels.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { ChangeDetail, ConflictReasonView, HouseholdPage } from '../api/changes-api.ts';
import { useChange, useChangeHousehold } from '../hooks/use-changes.ts';
import { ChangeContent, infoValue, type NameOf } from './change-content.tsx';
import { isCorrectableType } from './change-draft.ts';
import { type ChangeLabels, formatDateTime, useChangeLabels } from './change-labels.ts';
import { ReviewPanel } from './review-panel.tsx';
import { StatusBadge } from './status-badge.tsx';
import './changes.css';

function message(result: { vi: string; en: string }, labels: ChangeLabels): string {
  return labels.language === 'en' ? result.en : result.vi;
}

export function RuleList({ results, testId }: { results: readonly RuleResult[]; testId?: string }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  return (
    <ul className="rule-list" data-testid={testId}>
      {results.map((r) => (
        <li key={`${r.code}@${r.path}`}>
          <span className={r.severity === 'error' ? 'tag tag-danger' : 'tag tag-warning'}>
            {r.severity === 'error' ? t('changes.rules.error') : t('changes.rules.warning')}
          </span>
          <span>{message(r, labels)}</span>
          <span className="rule-path">{r.path}</span>
        </li>
      ))}
    </ul>
  );
}

/** A conflict reason's two sides in words: what the register says now, and what the change says. */
function sides(
  reason: ConflictReasonView,
  detail: ChangeDetail,
  labels: ChangeLabels,
  t: TFunction,
): [string, string] {
  const change = detail.change.change;
  const value = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const what = `${labels.type(change.type)} — ${formatDate(change.occurredOn)}`;
  switch (reason.code) {
    case 'DANSO_CONFLICT_PERSON_DEAD':
      return [t('changes.conflict.deadOn', { date: formatDate(value(reason.registerValue)) }), what];
    case 'DANSO_CONFLICT_PERSON_MOVED_OUT':
      return [t('changes.conflict.movedOutOn', { date: formatDate(value(reason.registerValue)) }), what];
    case 'DANSO_CONFLICT_HOUSEHOLD_CLOSED':
      return [t('changes.conflict.householdClosed'), what];
    case 'DANSO_CONFLICT_CHANGED_SINCE_BASE':
      return [
        t('changes.conflict.version', { version: value(reason.registerValue) }),
        t('changes.conflict.baseVersion', { version: value(reason.changeValue) }),
      ];
    case 'DANSO_CONFLICT_ALREADY_MARRIED':
    case 'DANSO_CONFLICT_NOT_MARRIED':
      return [labels.code('maritalStatus', value(reason.registerValue)), what];
    case 'DANSO_CONFLICT_CONTRACEPTION_NOT_IN_USE':
      return [
        labels.code('contraceptiveMethod', 'none'),
        labels.code('contraceptiveMethod', value(reason.changeValue)),
      ];
    case 'DANSO_CONFLICT_VALUE_CHANGED': {
      if (reason.path === 'payload.method') {
        return [
          labels.code('contraceptiveMethod', value(reason.registerValue)),
          labels.code('contraceptiveMethod', value(reason.changeValue)),
        ];
      }
      const index = /^payload\.items\[(\d+)\]/.exec(reason.path)?.[1];
      const item = change.type === 'info_change' && index ? change.payload.items[Number(index)] : undefined;
      const field = item?.field ?? '';
      return [
        infoValue(field, reason.registerValue, labels, t),
        infoValue(field, reason.changeValue, labels, t),
      ];
    }
    default:
      return [
        reason.registerValue === undefined ? '—' : JSON.stringify(reason.registerValue),
        reason.changeValue === undefined ? what : JSON.stringify(reason.changeValue),
      ];
  }
}

function ConflictPanel({ detail }: { detail: ChangeDetail }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const conflict = detail.change.conflict;
  if (!conflict) return null;
  return (
    <section className="panel" aria-labelledby="conflict-title" data-testid="conflict-panel">
      <h2 id="conflict-title">{t('changes.conflict.title')}</h2>
      <p>{t('changes.conflict.intro')}</p>
      {conflict.reasons.length > 0 ? (
        <div className="table-scroll">
          <table className="table compare-table" data-testid="conflict-reasons">
            <thead>
              <tr>
                <th scope="col">{t('changes.conflict.reason')}</th>
                <th scope="col">{t('changes.conflict.registerValue')}</th>
                <th scope="col">{t('changes.conflict.changeValue')}</th>
              </tr>
            </thead>
            <tbody>
              {conflict.reasons.map((reason) => {
                const [register, mine] = sides(reason, detail, labels, t);
                return (
                  <tr key={`${reason.code}@${reason.path}`}>
                    <td>{message(reason, labels)}</td>
                    <td className="register-value">{register}</td>
                    <td className="change-value">{mine}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {conflict.rules.length > 0 ? (
        <>
          <h3>{t('changes.conflict.rules')}</h3>
          <RuleList results={conflict.rules} />
        </>
      ) : null}
    </section>
  );
}

function RegisterNow({ detail, nameOf }: { detail: ChangeDetail; nameOf: NameOf }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const person = detail.register?.person;
  if (!person) return null;
  const state =
    person.vitalStatus === 'dead'
      ? t('changes.conflict.deadOn', { date: formatDate(person.deathDate) })
      : person.presence === 'moved_out'
        ? t('changes.conflict.movedOutOn', { date: formatDate(person.movedOutOn) })
        : t('changes.registerNow.living');
  return (
    <section className="panel" aria-labelledby="register-now-title">
      <h2 id="register-now-title">{t('changes.registerNow.title')}</h2>
      <dl className="facts" data-testid="register-now">
        <div>
          <dt>{t('changes.fields.person')}</dt>
          <dd>{nameOf(person.id)}</dd>
        </div>
        <div>
          <dt>{t('changes.fields.birthDate')}</dt>
          <dd>{formatDate(person.birthDate)}</dd>
        </div>
        <div>
          <dt>{t('changes.registerNow.state')}</dt>
          <dd>{state}</dd>
        </div>
        <div>
          <dt>{t('changes.fields.maritalStatus')}</dt>
          <dd>{labels.code('maritalStatus', person.maritalStatus)}</dd>
        </div>
        <div>
          <dt>{t('changes.fields.residenceStatus')}</dt>
          <dd>{labels.code('residenceStatus', person.residenceStatus)}</dd>
        </div>
        {person.contraceptiveMethod ? (
          <div>
            <dt>{t('changes.fields.method')}</dt>
            <dd>{labels.code('contraceptiveMethod', person.contraceptiveMethod)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** Names of the people a change mentions: its household's page, else what the register snapshot says. */
function namesFrom(detail: ChangeDetail, page: HouseholdPage | undefined, t: TFunction): NameOf {
  const names = new Map<string, string>();
  for (const m of detail.register?.household?.members ?? []) names.set(m.id, m.fullName);
  if (detail.register?.person) names.set(detail.register.person.id, detail.register.person.fullName);
  for (const m of page?.members ?? []) names.set(m.id, m.fullName);
  return (id) => (id ? (names.get(id) ?? t('changes.fields.unknownPerson')) : '');
}

/** Một biến động: its content, the checks, possible duplicates, the history, and the officer's decision. */
export function ChangePage({ id, user }: { id: string; user: UserView }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const roles = useLabels();
  const answer = useChange(id);
  const household = useChangeHousehold(answer.data?.change.householdId ?? null);
  const detail = answer.data;
  const title = detail ? labels.type(detail.change.type) : t('changes.detail.title');
  useDocumentTitle(title);

  if (answer.isPending) return <Loading />;
  if (!detail) return <ErrorPanel error={answer.error} onRetry={() => void answer.refetch()} />;

  const { change } = detail;
  const nameOf = namesFrom(detail, household.data, t);
  const subject =
    change.change.type === 'birth'
      ? change.change.payload.fullName
      : change.change.type === 'move_in'
        ? change.change.payload.person.fullName
        : change.personId
          ? nameOf(change.personId)
          : '';
  const page = household.data?.household;

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          <span className="status-tags">
            <StatusBadge status={change.status} /> {subject}
          </span>
        }
      >
        <Breadcrumbs items={[{ label: t('changes.inbox.title'), to: '/changes' }, { label: title }]} />
      </PageHeader>
      <div className="columns columns-wide-left">
        <div>
          <section className="panel" aria-labelledby="content-title">
            <h2 id="content-title">{t('changes.detail.content')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('changes.detail.household')}</dt>
                <dd>
                  {page ? (
                    <>
                      <Link to={`/register/households/${encodeURIComponent(page.id)}`}>{page.code}</Link>
                      {` — ${page.address ?? page.areaName}`}
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('changes.detail.recordedAt')}</dt>
                <dd>{formatDateTime(change.recordedAt)}</dd>
              </div>
              <div>
                <dt>{t('changes.detail.receivedAt')}</dt>
                <dd>{formatDateTime(change.receivedAt)}</dd>
              </div>
            </dl>
            <div className="content-divider" />
            <ChangeContent change={change.change} nameOf={nameOf} />
            {change.lastReason ? (
              <p className="alert alert-info" data-testid="last-reason">
                {t('changes.detail.lastReason', { reason: change.lastReason })}
              </p>
            ) : null}
            {user.role === 'commune_officer' &&
            change.status === 'approved' &&
            isCorrectableType(change.type) ? (
              <div className="actions correct-action">
                <p className="muted">{t('changes.detail.correctHint')}</p>
                <Link
                  to={`/changes/new?household=${encodeURIComponent(change.householdId)}&correct=${encodeURIComponent(change.id)}`}
                  className="button button-secondary"
                >
                  {t('changes.detail.correct')}
                </Link>
              </div>
            ) : null}
          </section>
          <ConflictPanel detail={detail} />
          <section className="panel" aria-labelledby="rules-title">
            <h2 id="rules-title">{t('changes.rules.title')}</h2>
            {change.ruleResults.length === 0 ? (
              <p className="muted">{t('changes.rules.none')}</p>
            ) : (
              <RuleList results={change.ruleResults} testId="rule-results" />
            )}
          </section>
          {change.duplicates.length > 0 ? (
            <section className="panel" aria-labelledby="duplicates-title">
              <h2 id="duplicates-title">{t('changes.duplicates.title')}</h2>
              <ul className="plain-list" data-testid="duplicates">
                {change.duplicates.map((d) => (
                  <li key={d.personId}>
                    <span>
                      <Link to={`/register/people/${encodeURIComponent(d.personId)}`}>{d.fullName}</Link> —{' '}
                      {formatDate(d.birthDate)}
                    </span>
                    <span className="muted">
                      {d.reasons
                        .map((r) =>
                          r in duplicateReasonLabels
                            ? duplicateReasonLabels[r as DuplicateReasonCode][labels.language]
                            : r,
                        )
                        .join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <div>
          {user.role === 'commune_officer' ? <ReviewPanel change={change} /> : null}
          <RegisterNow detail={detail} nameOf={nameOf} />
          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title">{t('changes.history.title')}</h2>
            <ul className="plain-list history-list" data-testid="review-history">
              {detail.actions.map((action) => (
                <li key={`${action.at}:${action.type}`}>
                  <span className="when">{formatDateTime(action.at)}</span>
                  <strong>{labels.action(action.type)}</strong>
                  <span className="muted">
                    {action.role === 'system'
                      ? t('changes.history.system')
                      : action.by === user.id
                        ? t('changes.history.you')
                        : roles.role(action.role)}
                  </span>
                  {action.reason ? <span>— {action.reason}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
