import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useLogout } from '../features/auth/hooks/use-session.ts';
import { CollectorBanner } from '../features/collector/components/collector-banner.tsx';
import { forgetLocalBook } from '../features/collector/hooks/collector-context.tsx';
import type { UserView } from '../lib/api-types.ts';
import { useLabels } from '../lib/labels.ts';
import { Link, useLocation, useNavigate } from '../lib/router.tsx';
import { navItemsFor } from './nav.ts';

export function AppShell({
  user,
  offlineMode = false,
  children,
}: {
  user: UserView;
  offlineMode?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('header.skipToContent')}
      </a>
      <header className="app-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              DS
            </span>
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <nav className="main-nav" aria-label={t('nav.label')}>
            {navItemsFor(user.role).map((item) => (
              <Link
                key={item.to}
                to={item.to}
                aria-current={item.isActive(pathname) ? 'page' : undefined}
                className={item.isActive(pathname) ? 'active' : undefined}
              >
                {t(item.label)}
              </Link>
            ))}
          </nav>
          <div className="header-tools">
            <div className="header-user" data-testid="header-user">
              <span className="user-name">{user.displayName}</span>
              <span className="user-role">{labels.role(user.role)}</span>
            </div>
            <LanguageSwitch />
            <button
              type="button"
              className="button button-ghost"
              disabled={logout.isPending}
              onClick={async () => {
                // A collaborator's phone forgets her book at sign-out; changes not yet sent are lost only if she says so.
                if (user.role === 'collaborator') {
                  const forgotten = await forgetLocalBook(user.id, (count) =>
                    window.confirm(t('collector.logoutWaiting', { count })),
                  );
                  if (!forgotten) return;
                }
                logout.mutate(undefined, { onSettled: () => navigate('/', { replace: true }) });
              }}
            >
              {t('header.logout')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main">
        {user.role === 'collaborator' ? <CollectorBanner offlineMode={offlineMode} /> : null}
        {children}
      </main>
      <footer className="app-footer">
        <span>{t('app.tagline')}</span>
      </footer>
    </div>
  );
}
