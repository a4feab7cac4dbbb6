import type { ApiClient } from '../../../lib/api-client.ts';
import { isApiError } from '../../../lib/api-client.ts';
import type { UserView } from '../../../lib/api-types.ts';

export type SessionStage = 'active' | 'totp_required' | 'totp_enrolment_required';

export interface SessionAnswer {
  stage: SessionStage;
  csrfToken: string;
  user: UserView;
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/** Every answer that opens or continues a session carries the anti-forgery token the writes must send. */
function remember(client: ApiClient, answer: SessionAnswer): SessionAnswer {
  client.setCsrfToken(answer.csrfToken);
  return answer;
}

/** The current session, or null when nobody is signed in. */
export async function fetchSession(client: ApiClient): Promise<SessionAnswer | null> {
  try {
    return remember(client, await client.get<SessionAnswer>('/auth/session'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      client.setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(client: ApiClient, input: { username: string; password: string }) {
  return remember(client, await client.post<SessionAnswer>('/auth/login', input));
}

export async function verifyTotp(client: ApiClient, code: string) {
  return remember(client, await client.post<SessionAnswer>('/auth/totp/verify', { code }));
}

export function enrolTotp(client: ApiClient): Promise<TotpEnrolment> {
  return client.post<TotpEnrolment>('/auth/totp/enrol', {});
}

export async function confirmTotp(client: ApiClient, code: string) {
  return remember(client, await client.post<SessionAnswer>('/auth/totp/confirm', { code }));
}

export async function logout(client: ApiClient): Promise<void> {
  await client.post<{ ok: true }>('/auth/logout', {});
  client.setCsrfToken(null);
}
