import { changeTypes, reviewStatuses } from '@danso/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pager } from '../../../components/pager.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { InboxFilter } from '../api/changes-api.ts';
import { useAreaCollaborators, useCommuneAreas, useHomePlace, useInbox } from '../hooks/use-changes.ts';
import { localDate, useChangeLabels } from './change-labels.ts';
import { StatusBadge } from './status-badge.tsx';
import './changes.css';

const pageSize = 50;
const filterKeys = ['communeCode', 'areaId', 'authorId', 'type', 'status', 'month'] as const;
type FilterKey = (typeof filterKeys)[number];

function filterFromParams(params: URLSearchParams, fixedCommune: string | null): InboxFilter {
  const read = (key: FilterKey, valid: (value: string) => boolean) => {
    const value = params.get(key) ?? '';
    return valid(value) ? value : '';
  };
  const offset = Number(params.get('offset') ?? '0');
  return {
    communeCode: fixedCommune ?? read('communeCode', (v) => /^\d{5}$/.test(v)),
    areaId: read('areaId', (v) => /^[0-9a-f-]{36}$/.test(v)),
    authorId: read('authorId', (v) => /^[0-9a-f-]{36}$/.test(v)),
    type: read('type', (v) => (changeTypes as readonly string[]).includes(v)),
    status: read('status', (v) => (reviewStatuses as readonly string[]).includes(v)),
    month: read('month', (v) => /^\d{4}-\d{2}$/.test(v)),
    limit: pageSize,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function filterToPath(filter: InboxFilter, fixedCommune: string | null): string {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    if (key === 'communeCode' && fixedCommune) continue;
    if (filter[key]) params.set(key, filter[key]);
  }
  if (filter.offset) params.set('offset', String(filter.offset));
  const query = params.toString();
  return query ? `/changes?${query}` : '/changes';
}

/**
 * Hộp biến động: the changes of the officer's commune (or, for a province officer, of a commune she picks),
 * conflicts first, then those waiting for review; filtered by area, collaborator, type, status and month.
 */
export function InboxPage({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const navigate = useNavigate();
  const fixedCommune =
    user.scope.kind === 'commune' || user.scope.kind === 'areas' ? user.scope.communeCode : null;
  const filter = filterFromParams(useSearchParams(), fixedCommune);
  const inbox = useInbox(filter);
  useDocumentTitle(t('changes.inbox.title'));

  const home = useHomePlace();
  const communeCode = filter.communeCode || null;
  const communeAnswer = useCommuneAreas(fixedCommune ? null : communeCode);
  const communes = fixedCommune ? [] : (home.data?.children.filter((c) => c.kind === 'commune') ?? []);
  const areas = fixedCommune
    ? (home.data?.children.filter((c) => c.kind === 'area') ?? [])
    : (communeAnswer.data?.children.filter((c) => c.kind === 'area') ?? []);
  const collaboratorAreas = filter.areaId ? [filter.areaId] : areas.map((a) => a.id);
  const areaAnswers = useAreaCollaborators(communeCode ? collaboratorAreas : []);
  const authors = useMemo(() => {
    const byId = new Map<string, string>();
    for (const answer of areaAnswers) {
      for (const person of answer.data?.collaborators ?? []) byId.set(person.id, person.displayName);
    }
    byId.delete(user.id);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1], 'vi'));
  }, [areaAnswers, user.id]);

  const go = (changes: Partial<InboxFilter>) => {
    const next = { ...filter, ...changes, offset: changes.offset ?? 0 };
    // A narrower place makes the choices inside the wider one meaningless.
    if (changes.communeCode !== undefined) Object.assign(next, { areaId: '', authorId: '' });
    if (changes.areaId !== undefined && changes.authorId === undefined) next.authorId = '';
    navigate(filterToPath(next, fixedCommune));
  };

  const select = (
    key: FilterKey,
    label: string,
    allLabel: string,
    options: [string, string][],
    disabled = false,
  ) => (
    <Field label={label}>
      {(props) => (
        <select
          {...props}
          name={key}
          value={filter[key]}
          disabled={disabled}
          onChange={(e) => go({ [key]: e.target.value })}
        >
          <option value="">{allLabel}</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const hasFilter = filterKeys.some((key) => key !== 'communeCode' && filter[key] !== '');

  return (
    <>
      <PageHeader
        title={t('changes.inbox.title')}
        subtitle={t('changes.inbox.subtitle')}
        actions={
          user.role === 'commune_officer' ? (
            <Link to="/changes/new" className="button">
              {t('changes.entry.title')}
            </Link>
          ) : null
        }
      />
      <section className="panel inbox-filters" aria-label={t('changes.inbox.filters')}>
        {fixedCommune
          ? null
          : select(
              'communeCode',
              t('changes.inbox.commune'),
              t('changes.inbox.allCommunes'),
              communes.map((c) => [c.id, c.name]),
            )}
        {select(
          'areaId',
          t('changes.inbox.area'),
          t('changes.inbox.allAreas'),
          areas.map((a) => [a.id, a.name]),
          !communeCode,
        )}
        {select('authorId', t('changes.inbox.author'), t('changes.inbox.allAuthors'), [
          [user.id, t('changes.inbox.me', { name: user.displayName })],
          ...authors,
        ])}
        {select(
          'type',
          t('changes.inbox.type'),
          t('changes.inbox.allTypes'),
          changeTypes.map((type) => [type, labels.type(type)]),
        )}
        {select(
          'status',
          t('changes.inbox.status'),
          t('changes.inbox.allStatuses'),
          reviewStatuses.filter((s) => s !== 'draft').map((status) => [status, labels.status(status)]),
        )}
        <Field label={t('changes.inbox.month')}>
          {(props) => (
            <input
              {...props}
              type="month"
              name="month"
              value={filter.month}
              onChange={(e) => go({ month: e.target.value })}
            />
          )}
        </Field>
        {hasFilter ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => navigate(filterToPath({ ...filter, ...clearedFilter }, fixedCommune))}
          >
            {t('changes.inbox.clear')}
          </button>
        ) : null}
      </section>
      {inbox.isPending ? <Loading /> : null}
      {inbox.isError ? <ErrorPanel error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      {inbox.data ? (
        <section className="panel">
          <h2>{t('changes.inbox.count', { total: formatNumber(inbox.data.total, labels.language) })}</h2>
          {inbox.data.items.length === 0 ? (
            <p className="muted">{t('changes.inbox.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-clickable inbox-table" data-testid="change-inbox">
                <thead>
                  <tr>
                    <th scope="col">{t('changes.inbox.colType')}</th>
                    <th scope="col">{t('changes.inbox.colSubject')}</th>
                    <th scope="col">{t('changes.inbox.colArea')}</th>
                    <th scope="col">{t('changes.inbox.colAuthor')}</th>
                    <th scope="col">{t('changes.inbox.colOccurred')}</th>
                    <th scope="col">{t('changes.inbox.colReceived')}</th>
                    <th scope="col">{t('changes.inbox.colStatus')}</th>
                    <th scope="col" className="numeric">
                      {t('changes.inbox.colWarnings')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {inbox.data.items.map((item) => {
                    const to = `/changes/${encodeURIComponent(item.id)}`;
                    return (
                      <tr key={item.id} onClick={() => navigate(to)}>
                        <td>
                          <Link to={to} onClick={(event) => event.stopPropagation()}>
                            {labels.type(item.type)}
                          </Link>
                        </td>
                        <td className="subject">
                          {item.summary || <span className="muted">{t('changes.inbox.noSummary')}</span>}
                          {item.lastReason && (item.status === 'returned' || item.status === 'rejected') ? (
                            <span className="reason">{item.lastReason}</span>
                          ) : null}
                        </td>
                        <td className="nowrap">
                          {item.areaNumber === null
                            ? ''
                            : t('changes.inbox.areaNumber', { number: item.areaNumber })}
                        </td>
                        <td>{item.authorName}</td>
                        <td className="nowrap">{formatDate(item.occurredOn)}</td>
                        <td className="nowrap">{formatDate(localDate(item.receivedAt))}</td>
                        <td>
                          <StatusBadge status={item.status} />
                        </td>
                        <td className="numeric">
                          {item.warnings > 0 ? formatNumber(item.warnings, labels.language) : ''}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            offset={filter.offset}
            limit={pageSize}
            total={inbox.data.total}
            onChange={(offset) => go({ offset })}
          />
        </section>
      ) : null}
    </>
  );
}

const clearedFilter = { areaId: '', authorId: '', type: '', status: '', month: '', offset: 0 };
