import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import {
  confirmTotp,
  enrolTotp,
  fetchSession,
  login,
  logout,
  type SessionAnswer,
  verifyTotp,
} from '../api/auth-api.ts';

export const sessionQueryKey = ['session'] as const;

export function useSession() {
  const client = useApiClient();
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: () => fetchSession(client),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    // Asked even when the browser says it is offline: the answer (no network) starts the phone's offline mode.
    networkMode: 'always',
  });
}

/** Forgets every answer of the previous user, so that nothing of theirs shows to the next one. */
function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
}

/** Marks the session as ended (signed out, expired, or the account was disabled). */
export function endSession(queryClient: QueryClient): void {
  forgetUserData(queryClient);
  queryClient.setQueryData(sessionQueryKey, null);
}

function useSessionStep<TInput>(call: (input: TInput) => Promise<SessionAnswer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (answer) => {
      forgetUserData(queryClient);
      queryClient.setQueryData(sessionQueryKey, answer);
    },
  });
}

export function useLogin() {
  const client = useApiClient();
  return useSessionStep((input: { username: string; password: string }) => login(client, input));
}

export function useVerifyTotp() {
  const client = useApiClient();
  return useSessionStep((code: string) => verifyTotp(client, code));
}

export function useConfirmTotp() {
  const client = useApiClient();
  return useSessionStep((code: string) => confirmTotp(client, code));
}

export function useEnrolTotp() {
  const client = useApiClient();
  return useMutation({ mutationFn: () => enrolTotp(client) });
}

export function useLogout() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => logout(client),
    // Without network the phone still signs out (and forgets its data); the server session then simply expires.
    networkMode: 'always',
    // Signed out on the server or not, this browser forgets the session.
    onSettled: () => endSession(queryClient),
  });
}
