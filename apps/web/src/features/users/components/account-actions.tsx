import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useFieldErrors } from '../../../lib/field-errors.ts';
import { type AccountAction, useAccountAction, useSetPassword } from '../hooks/use-users.ts';

/** A button that asks "are you sure?" in place, without a browser dialog. */
function ConfirmButton({
  label,
  confirmLabel,
  danger,
  pending,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const style = danger ? 'button button-danger' : 'button button-secondary';
  if (!asking) {
    return (
      <button type="button" className={style} onClick={() => setAsking(true)} disabled={pending}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className={danger ? 'button button-danger' : 'button'}
        disabled={pending}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

/** Khóa / Mở khóa, đặt lại mật khẩu, đặt lại xác thực hai lớp. */
export function AccountActions({ user, self }: { user: UserView; self: boolean }) {
  const { t } = useTranslation();
  const action = useAccountAction(user.id);
  const setPassword = useSetPassword(user.id);
  const [password, setPasswordValue] = useState('');
  const [done, setDone] = useState<AccountAction | 'password' | null>(null);
  const passwordError = useFieldErrors(setPassword.error, ['password'] as const, {
    fieldOfCode: { DANSO_ERR_WEAK_PASSWORD: 'password' },
    values: { password },
  }).password;

  const run = (name: AccountAction) => {
    setDone(null);
    action.mutate(name, { onSuccess: () => setDone(name) });
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setPassword.mutate(password, {
      onSuccess: () => {
        setPasswordValue('');
        setDone('password');
      },
    });
  };

  const doneText = {
    disable: t('users.disabledNotice'),
    enable: t('users.enabledNotice'),
    'totp-reset': t('users.totpResetNotice'),
    password: t('users.passwordNotice'),
  };

  return (
    <section className="panel">
      <h2>{t('users.security')}</h2>
      {done ? (
        <div className="alert alert-success" role="status">
          {doneText[done]}
        </div>
      ) : null}
      <ErrorMessage error={action.error} />

      {self ? null : (
        <div className="action-block">
          <h3>{t('users.statusTitle')}</h3>
          <p className="muted">{user.disabled ? t('users.disabledHelp') : t('users.disableHelp')}</p>
          {user.disabled ? (
            <ConfirmButton
              label={t('users.enable')}
              confirmLabel={t('users.confirmEnable')}
              pending={action.isPending}
              onConfirm={() => run('enable')}
            />
          ) : (
            <ConfirmButton
              label={t('users.disable')}
              confirmLabel={t('users.confirmDisable')}
              danger
              pending={action.isPending}
              onConfirm={() => run('disable')}
            />
          )}
        </div>
      )}

      <form className="action-block" onSubmit={submitPassword} noValidate>
        <h3>{t('users.resetPassword')}</h3>
        <ErrorMessage error={passwordError ? null : setPassword.error} />
        <Field label={t('users.newPassword')} hint={t('users.passwordHint')} error={passwordError}>
          {(props) => (
            <input
              {...props}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPasswordValue(e.target.value)}
            />
          )}
        </Field>
        <button
          type="submit"
          className="button button-secondary"
          disabled={setPassword.isPending || password === ''}
        >
          {t('users.resetPasswordSubmit')}
        </button>
      </form>

      <div className="action-block">
        <h3>{t('users.totp')}</h3>
        <p className="muted">{user.totpEnabled ? t('users.totpOnHelp') : t('users.totpOffHelp')}</p>
        <ConfirmButton
          label={t('users.resetTotp')}
          confirmLabel={t('users.confirmResetTotp')}
          pending={action.isPending}
          onConfirm={() => run('totp-reset')}
        />
      </div>
    </section>
  );
}
