import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useLabels } from '../../../lib/labels.ts';
import { useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { UserChanges } from '../api/users-api.ts';
import { useUpdateUser, useUser } from '../hooks/use-users.ts';
import { AccountActions } from './account-actions.tsx';
import { initialValues, UserForm, type UserFormValues } from './user-form.tsx';
import { scopeInput } from './user-scope.ts';
import { UserStatus } from './user-status.tsx';

/**
 * Only what changed is sent: the API treats any role or scope field as a change of scope, which an
 * administrator may not make to their own account.
 */
function changesOf(before: UserFormValues, after: UserFormValues): UserChanges {
  const changes: UserChanges = {};
  if (after.displayName !== before.displayName) changes.displayName = after.displayName;
  const normalise = (values: UserFormValues) => {
    const scope = scopeInput(values);
    return JSON.stringify({ ...scope, areaIds: scope.areaIds ? [...scope.areaIds].sort() : undefined });
  };
  if (after.role !== before.role || normalise(after) !== normalise(before)) {
    Object.assign(changes, { role: after.role, ...scopeInput(after) });
  }
  return changes;
}

export function UserEditPage({ id, currentUserId }: { id: string; currentUserId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const created = useSearchParams().get('created') === '1';
  const user = useUser(id);
  const update = useUpdateUser(id);
  const [unchanged, setUnchanged] = useState(false);
  useDocumentTitle(user.data?.displayName ?? t('users.title'));

  if (user.isPending) return <Loading />;
  if (!user.data) return <ErrorPanel error={user.error} onRetry={() => void user.refetch()} />;
  const current = user.data;
  const self = current.id === currentUserId;
  const initial = initialValues(current);

  return (
    <>
      <PageHeader
        title={current.displayName}
        subtitle={
          <>
            <span className="code">{current.username}</span> · {labels.role(current.role)} ·{' '}
            {current.placeName} · {t('users.createdOn', { date: formatDate(current.createdAt) })}
          </>
        }
        actions={<UserStatus user={current} />}
      >
        <Breadcrumbs items={[{ label: t('users.title'), to: '/users' }, { label: current.username }]} />
      </PageHeader>
      {created ? (
        <div className="alert alert-success" role="status">
          {t('users.createdNotice', { username: current.username })}
        </div>
      ) : null}
      <div className="columns columns-wide-left">
        <section className="panel">
          <h2>{t('users.accountDetails')}</h2>
          {unchanged ? (
            <div className="alert alert-info" role="status">
              {t('users.noChanges')}
            </div>
          ) : null}
          {update.isSuccess && !unchanged ? (
            <div className="alert alert-success" role="status">
              {t('users.saved')}
            </div>
          ) : null}
          <UserForm
            key={current.id}
            mode="edit"
            initial={initial}
            lockScope={self}
            pending={update.isPending}
            error={update.error}
            submitLabel={t('common.save')}
            onSubmit={(values) => {
              const changes = changesOf(initial, values);
              setUnchanged(Object.keys(changes).length === 0);
              if (Object.keys(changes).length > 0) update.mutate(changes);
            }}
          />
        </section>
        <AccountActions user={current} self={self} />
      </div>
    </>
  );
}
