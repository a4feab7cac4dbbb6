import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { SessionAnswer } from '../api/auth-api.ts';
import { CredentialsStep } from './credentials-step.tsx';
import { TotpEnrolmentStep } from './totp-enrolment-step.tsx';
import { TotpStep } from './totp-step.tsx';

/**
 * Đăng nhập: user name and password, then — for accounts with a second factor — the TOTP code, or the
 * enrolment of a new authenticator when the role requires one and the account has none yet.
 */
export function LoginPage({ session, notice }: { session: SessionAnswer | null; notice?: string | null }) {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.login.title'));
  const stage = session?.stage ?? 'credentials';
  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            DS
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        {notice && stage === 'credentials' ? (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        ) : null}
        {stage === 'credentials' ? <CredentialsStep /> : null}
        {stage === 'totp_required' && session ? <TotpStep user={session.user} /> : null}
        {stage === 'totp_enrolment_required' && session ? <TotpEnrolmentStep user={session.user} /> : null}
      </main>
      <p className="login-footer">{t('auth.login.footer')}</p>
    </div>
  );
}
