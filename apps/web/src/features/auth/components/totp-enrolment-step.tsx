import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { useConfirmTotp, useEnrolTotp, useLogout } from '../hooks/use-session.ts';
import { TotpCodeInput } from './totp-code-input.tsx';

/** Groups the base32 secret by four letters so that it can be read out and typed without mistakes. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpEnrolmentStep({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const enrol = useEnrolTotp();
  const confirm = useConfirmTotp();
  const logout = useLogout();
  const [code, setCode] = useState('');
  const started = useRef(false);
  const startEnrolment = enrol.mutate;

  // Each enrol call makes a new secret, so it is asked for once per visit of this step.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startEnrolment();
  }, [startEnrolment]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>{t('auth.enrol.title')}</h1>
      <p className="muted">{t('auth.enrol.intro', { name: user.displayName })}</p>
      {enrol.isPending ? <Loading /> : null}
      <ErrorMessage error={enrol.error} />
      {enrol.data ? (
        <>
          <ol className="steps">
            <li>{t('auth.enrol.stepApp')}</li>
            <li>
              {t('auth.enrol.stepSecret')}
              <code className="secret" data-testid="totp-secret">
                {groupSecret(enrol.data.secret)}
              </code>
              <details className="uri">
                <summary>{t('auth.enrol.uri')}</summary>
                <code data-testid="totp-uri">{enrol.data.uri}</code>
              </details>
            </li>
            <li>{t('auth.enrol.stepCode')}</li>
          </ol>
          <ErrorMessage error={confirm.error} />
          <TotpCodeInput label={t('auth.totp.code')} value={code} onChange={setCode} />
          <button
            type="submit"
            className="button button-block"
            disabled={confirm.isPending || code.length !== 6}
          >
            {confirm.isPending ? t('auth.enrol.confirming') : t('auth.enrol.confirm')}
          </button>
        </>
      ) : null}
      {enrol.isError ? (
        <button type="button" className="button button-secondary button-block" onClick={() => enrol.mutate()}>
          {t('common.retry')}
        </button>
      ) : null}
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
