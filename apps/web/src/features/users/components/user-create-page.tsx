import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useNavigate } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useCreateUser } from '../hooks/use-users.ts';
import { initialValues, UserForm } from './user-form.tsx';
import { scopeInput } from './user-scope.ts';

export function UserCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateUser();
  useDocumentTitle(t('users.createTitle'));
  return (
    <>
      <PageHeader title={t('users.createTitle')}>
        <Breadcrumbs items={[{ label: t('users.title'), to: '/users' }, { label: t('users.createTitle') }]} />
      </PageHeader>
      <section className="panel">
        <UserForm
          mode="create"
          initial={initialValues()}
          pending={create.isPending}
          error={create.error}
          submitLabel={t('users.createSubmit')}
          onCancel={() => navigate('/users')}
          onSubmit={(values) =>
            create.mutate(
              {
                username: values.username,
                displayName: values.displayName,
                role: values.role,
                password: values.password,
                ...scopeInput(values),
              },
              { onSuccess: (user) => navigate(`/users/${encodeURIComponent(user.id)}?created=1`) },
            )
          }
        />
      </section>
    </>
  );
}
