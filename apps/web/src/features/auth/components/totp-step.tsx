import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useLogout, useVerifyTotp } from '../hooks/use-session.ts';
import { TotpCodeInput } from './totp-code-input.tsx';

export function TotpStep({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const verify = useVerifyTotp();
  const logout = useLogout();
  const [code, setCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>{t('auth.totp.title')}</h1>
      <p className="muted">{t('auth.totp.help', { name: user.displayName })}</p>
      <ErrorMessage error={verify.error} />
      <TotpCodeInput label={t('auth.totp.code')} value={code} onChange={setCode} />
      <button type="submit" className="button button-block" disabled={verify.isPending || code.length !== 6}>
        {verify.isPending ? t('auth.totp.submitting') : t('auth.totp.submit')}
      </button>
      <button
        type="button"
        className="button button-link"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        {t('auth.otherAccount')}
      </button>
    </form>
  );
}
