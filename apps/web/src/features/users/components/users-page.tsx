import { type Role, roles } from '@danso/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pager } from '../../../components/pager.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { useLabels } from '../../../lib/labels.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { UserFilter } from '../api/users-api.ts';
import { useUserList } from '../hooks/use-users.ts';
import { UserStatus } from './user-status.tsx';

const pageSize = 50;

function isRole(value: string | null): value is Role {
  return (roles as readonly string[]).includes(value ?? '');
}

function filterFromParams(params: URLSearchParams): UserFilter {
  const role = params.get('role');
  const offset = Number(params.get('offset') ?? '0');
  return {
    q: params.get('q') ?? '',
    role: isRole(role) ? role : '',
    limit: pageSize,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function filterToPath(filter: UserFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.role) params.set('role', filter.role);
  if (filter.offset) params.set('offset', String(filter.offset));
  const query = params.toString();
  return query ? `/users?${query}` : '/users';
}

/** Quản lý người dùng: every account the administrator manages, searchable and filtered by role. */
export function UsersPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const labels = useLabels();
  const navigate = useNavigate();
  const filter = filterFromParams(useSearchParams());
  const [draft, setDraft] = useState(filter);
  const users = useUserList(filter);
  useDocumentTitle(t('users.title'));

  const { q, role } = filter;
  useEffect(() => {
    setDraft((current) => ({ ...current, q, role }));
  }, [q, role]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(filterToPath({ ...draft, q: draft.q.trim(), offset: 0 }));
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <Link to="/users/new" className="button">
            {t('users.create')}
          </Link>
        }
      />
      <form className="panel filter-bar" onSubmit={submit}>
        <Field label={t('users.search')}>
          {(props) => (
            <input
              {...props}
              name="q"
              type="search"
              placeholder={t('users.searchPlaceholder')}
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('users.role')}>
          {(props) => (
            <select
              {...props}
              name="role"
              value={draft.role}
              onChange={(e) => {
                const next = {
                  ...draft,
                  role: isRole(e.target.value) ? e.target.value : ('' as const),
                  offset: 0,
                };
                setDraft(next);
                navigate(filterToPath({ ...next, q: next.q.trim() }));
              }}
            >
              <option value="">{t('users.allRoles')}</option>
              {roles.map((option) => (
                <option key={option} value={option}>
                  {labels.role(option)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button">
          {t('common.search')}
        </button>
      </form>
      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorPanel error={users.error} onRetry={() => void users.refetch()} /> : null}
      {users.data ? (
        <section className="panel">
          <h2>{t('users.count', { total: formatNumber(users.data.total, language) })}</h2>
          {users.data.items.length === 0 ? (
            <p className="muted">{t('users.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-clickable" data-testid="user-list">
                <thead>
                  <tr>
                    <th scope="col">{t('users.username')}</th>
                    <th scope="col">{t('users.displayName')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col">{t('users.place')}</th>
                    <th scope="col">{t('users.status')}</th>
                    <th scope="col">{t('users.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((user) => {
                    const to = `/users/${encodeURIComponent(user.id)}`;
                    return (
                      <tr key={user.id} onClick={() => navigate(to)}>
                        <td className="code">
                          <Link to={to} onClick={(event) => event.stopPropagation()}>
                            {user.username}
                          </Link>
                        </td>
                        <td>{user.displayName}</td>
                        <td>{labels.role(user.role)}</td>
                        <td>{user.placeName}</td>
                        <td>
                          <UserStatus user={user} />
                        </td>
                        <td className="nowrap">{formatDate(user.createdAt)}</td>
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
            total={users.data.total}
            onChange={(offset) => navigate(filterToPath({ ...filter, offset }))}
          />
        </section>
      ) : null}
    </>
  );
}
