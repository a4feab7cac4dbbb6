import { type Role, roles } from '@danso/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useFieldErrors } from '../../../lib/field-errors.ts';
import { useLabels } from '../../../lib/labels.ts';
import { ScopePicker } from './scope-picker.tsx';
import { scopeLevelsForRole } from './user-scope.ts';

export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  provinceCode: string;
  communeCode: string;
  areaIds: string[];
  password: string;
}

const formFields = [
  'username',
  'displayName',
  'role',
  'provinceCode',
  'communeCode',
  'areaIds',
  'password',
] as const;
type FormField = (typeof formFields)[number];

export function initialValues(user?: UserView): UserFormValues {
  const scope = user?.scope;
  return {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'collaborator',
    provinceCode: scope && scope.kind !== 'national' ? scope.provinceCode : '',
    communeCode: scope && (scope.kind === 'commune' || scope.kind === 'areas') ? scope.communeCode : '',
    areaIds: scope?.kind === 'areas' ? [...scope.areaIds] : [],
    password: '',
  };
}

export function UserForm({
  mode,
  initial,
  lockScope = false,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  /** Administrators cannot change their own role or place. */
  lockScope?: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (values: UserFormValues) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [values, setValues] = useState(initial);
  const levels = scopeLevelsForRole(values.role);
  const scopeField: FormField = levels.includes('areas')
    ? 'areaIds'
    : levels.includes('commune')
      ? 'communeCode'
      : 'provinceCode';
  const errors = useFieldErrors<FormField>(error, formFields, {
    fieldOfCode: {
      DANSO_ERR_WEAK_PASSWORD: 'password',
      DANSO_ERR_CONFLICT: 'username',
      DANSO_ERR_INVALID_SCOPE: scopeField,
    },
    values,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ ...values, username: values.username.trim(), displayName: values.displayName.trim() });
  };

  return (
    <form className="form form-wide" onSubmit={submit} noValidate>
      <ErrorMessage error={error} />
      <div className="form-grid">
        {mode === 'create' ? (
          <Field label={t('users.username')} hint={t('users.usernameHint')} error={errors.username}>
            {(props) => (
              <input
                {...props}
                name="username"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={values.username}
                onChange={(e) => setValues({ ...values, username: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        <Field label={t('users.displayName')} error={errors.displayName}>
          {(props) => (
            <input
              {...props}
              name="displayName"
              autoComplete="off"
              value={values.displayName}
              onChange={(e) => setValues({ ...values, displayName: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('users.role')}
          error={errors.role}
          {...(lockScope ? { hint: t('users.ownRoleLocked') } : {})}
        >
          {(props) => (
            <select
              {...props}
              name="role"
              disabled={lockScope}
              value={values.role}
              onChange={(e) => setValues({ ...values, role: e.target.value as Role })}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {labels.role(role)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {mode === 'create' ? (
          <Field label={t('users.initialPassword')} hint={t('users.passwordHint')} error={errors.password}>
            {(props) => (
              <input
                {...props}
                name="password"
                type="password"
                autoComplete="new-password"
                value={values.password}
                onChange={(e) => setValues({ ...values, password: e.target.value })}
              />
            )}
          </Field>
        ) : null}
      </div>
      <ScopePicker
        disabled={lockScope}
        role={values.role}
        levels={levels}
        values={values}
        errors={errors}
        onChange={(scope) => setValues({ ...values, ...scope })}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? t('common.saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
