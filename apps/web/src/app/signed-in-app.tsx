/**
 * Everything behind the sign-in: the shell, the routes and, for a collaborator, her phone's book. Run only
 * once the session is known, so that the login page (the first thing a new phone shows) does none of its
 * work; its code is preloaded at low priority by index.html, as whoever sees the login page signs in next.
 */
import { CollectorProvider } from '../features/collector/hooks/collector-context.tsx';
import type { UserView } from '../lib/api-types.ts';
import { OfflineModeProvider } from '../lib/offline/offline-mode.tsx';
import { AppShell } from './app-shell.tsx';
import { AppRoutes } from './routes.tsx';

export function SignedInApp({
  user,
  offlineMode = false,
  onSessionLost,
}: {
  user: UserView;
  offlineMode?: boolean;
  onSessionLost: () => void;
}) {
  const shell = (
    <AppShell user={user} offlineMode={offlineMode}>
      <AppRoutes user={user} />
    </AppShell>
  );
  if (user.role !== 'collaborator') return shell;
  return (
    <OfflineModeProvider value={offlineMode}>
      <CollectorProvider user={user} onSessionEnded={onSessionLost}>
        {shell}
      </CollectorProvider>
    </OfflineModeProvider>
  );
}
