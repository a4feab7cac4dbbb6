import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useQueryClient,
} from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Loading } from '../components/loading.tsx';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { endSession, sessionQueryKey, useSession } from '../features/auth/hooks/use-session.ts';
import { prefetchHomePlace } from '../features/places/hooks/use-places.ts';
import { type ApiClient, isApiError, type Language } from '../lib/api-client.ts';
import { ApiClientProvider, useApiClient } from '../lib/api-context.tsx';
import { currentProfile, deleteExpiredBooks, rememberContact } from '../lib/offline/profile.ts';
import { RouterProvider, useLocation } from '../lib/router.tsx';

function FullPageLoading() {
  return (
    <div className="full-page">
      <Loading />
    </div>
  );
}

type SignedInAppProps = Parameters<typeof import('./signed-in-app.tsx').SignedInApp>[0];
type SignedInAppComponent = (props: SignedInAppProps) => ReactNode;

let signedInApp: SignedInAppComponent | null = null;
let loadingSignedInApp: Promise<SignedInAppComponent> | null = null;

function loadSignedInApp(): Promise<SignedInAppComponent> {
  loadingSignedInApp ??= import('./signed-in-app.tsx').then(
    (module) => {
      signedInApp = module.SignedInApp;
      return module.SignedInApp;
    },
    (error: unknown) => {
      loadingSignedInApp = null;
      throw error;
    },
  );
  return loadingSignedInApp;
}

/**
 * The signed-in screens, once their code is there (index.html preloads it, so that is soon). Not
 * React.lazy: Suspense holds back content that arrives shortly after its fallback showed, to spare a
 * flicker, which here only kept the home screen waiting.
 */
function SignedIn(props: SignedInAppProps) {
  const [Loaded, setLoaded] = useState<SignedInAppComponent | null>(() => signedInApp);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    if (Loaded || failure) return;
    let current = true;
    loadSignedInApp().then(
      (component) => current && setLoaded(() => component),
      (error: unknown) => current && setFailure({ error }),
    );
    return () => {
      current = false;
    };
  }, [Loaded, failure]);
  if (Loaded) return <Loaded {...props} />;
  if (failure) {
    return (
      <div className="full-page">
        <ErrorPanel error={failure.error} onRetry={() => setFailure(null)} />
      </div>
    );
  }
  return <FullPageLoading />;
}

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

function SessionGate({
  sessionEnded,
  onSignedIn,
  onSessionLost,
}: {
  sessionEnded: boolean;
  onSignedIn: () => void;
  onSessionLost: () => void;
}) {
  const { t } = useTranslation();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const session = useSession();
  const active = session.data?.stage === 'active';
  const activeUser = session.data?.stage === 'active' ? session.data.user : null;

  useEffect(() => {
    if (active) onSignedIn();
  }, [active, onSignedIn]);

  // Opening on the home page: its data is fetched alongside the signed-in screens' code, not after it.
  const openingHome = active && pathname === '/';
  useEffect(() => {
    if (openingHome) prefetchHomePlace(queryClient, client);
  }, [openingHome, queryClient, client]);

  // Phones' local books unused for too long are deleted, signed in or not.
  useEffect(() => {
    void deleteExpiredBooks();
  }, []);

  // A collaborator signed in with the server: her phone may work from its own data later, without network.
  useEffect(() => {
    if (activeUser?.role === 'collaborator') rememberContact(activeUser);
  }, [activeUser]);

  // Started without network: ask again when it returns.
  const failed = session.isError;
  const { refetch } = session;
  useEffect(() => {
    if (!failed) return;
    const retry = () => void refetch();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [failed, refetch]);

  if (session.isPending) return <FullPageLoading />;
  if (session.isError) {
    // No network, and this phone holds the book of the collaborator who signed in last: she works on it.
    const offline = isApiError(session.error) && session.error.status === 0 ? currentProfile() : null;
    if (offline?.user.role === 'collaborator') {
      return <SignedIn user={offline.user} offlineMode onSessionLost={onSessionLost} />;
    }
    return (
      <div className="full-page">
        <ErrorPanel error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (session.data?.stage !== 'active') {
    const keptBook = currentProfile() !== null;
    const notice = sessionEnded
      ? `${t('auth.sessionEnded')}${keptBook ? ` ${t('collector.keptOnDevice')}` : ''}`
      : keptBook
        ? t('collector.keptOnDevice')
        : null;
    return <LoginPage session={session.data ?? null} notice={notice} />;
  }
  return <SignedIn user={session.data.user} onSessionLost={onSessionLost} />;
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
  const onSessionLost = useCallback(() => {
    endSession(queryClient);
    setSessionEnded(true);
  }, [queryClient]);

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
          <SessionGate sessionEnded={sessionEnded} onSignedIn={onSignedIn} onSessionLost={onSessionLost} />
        </RouterProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
