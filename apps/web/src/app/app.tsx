import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Loading } from '../components/loading.tsx';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { endSession, sessionQueryKey, useSession } from '../features/auth/hooks/use-session.ts';
import { type ApiClient, isApiError, type Language } from '../lib/api-client.ts';
import { ApiClientProvider } from '../lib/api-context.tsx';
import { RouterProvider } from '../lib/router.tsx';
import { AppShell } from './app-shell.tsx';
import { AppRoutes } from './routes.tsx';

function isSessionLost(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && error.code === 'DANSO_ERR_UNAUTHENTICATED';
}

/**
 * Answers are cached per page; a 401 "not signed in" from any request means the session ended (expired,
 * signed out elsewhere, or the account was disabled), and the app goes back to the login page.
 */
function createQueryClient(onSessionLost: () => void): QueryClient {
  const handle = (error: unknown) => {
    if (isSessionLost(error)) onSessionLost();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) =>
          failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

function SessionGate({ sessionEnded, onSignedIn }: { sessionEnded: boolean; onSignedIn: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const active = session.data?.stage === 'active';

  useEffect(() => {
    if (active) onSignedIn();
  }, [active, onSignedIn]);

  if (session.isPending) {
    return (
      <div className="full-page">
        <Loading />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className="full-page">
        <ErrorPanel error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (session.data?.stage !== 'active') {
    return <LoginPage session={session.data ?? null} notice={sessionEnded ? t('auth.sessionEnded') : null} />;
  }
  const { user } = session.data;
  return (
    <AppShell user={user}>
      <AppRoutes user={user} />
    </AppShell>
  );
}

export function App({ client }: { client: ApiClient }) {
  const { i18n } = useTranslation();
  const [sessionEnded, setSessionEnded] = useState(false);
  const [queryClient] = useState(() => {
    const created = createQueryClient(() => {
      const current = created.getQueryData<{ stage: string } | null>(sessionQueryKey);
      if (!current) return;
      endSession(created);
      setSessionEnded(true);
    });
    return created;
  });

  // The API writes its messages in the language asked for: ask in the new one, and re-read failed answers.
  useEffect(() => {
    const onChange = (language: string) => {
      client.setLanguage(language as Language);
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
    };
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [client, i18n, queryClient]);

  const [onSignedIn] = useState(() => () => setSessionEnded(false));

  return (
    <ApiClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider>
          <SessionGate sessionEnded={sessionEnded} onSignedIn={onSignedIn} />
        </RouterProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
