/**
 * The API calls of the collaborators' app (sync, signing keys, month submissions) and of the officer's view
 * of collaborators. Shapes follow the server's sync protocol (`@danso/domain` sync); only what these screens
 * read is declared.
 */
import type { Change, MonthSubmissionDocument } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';
import type { PushResult } from '../../../lib/offline/outbox.ts';
import type { PullAnswer, PushBody, SyncApi } from '../../../lib/offline/sync-engine.ts';

/** The sync calls of one phone (its device id goes with each pull, so the server can show its last sync). */
export function syncApi(client: ApiClient, deviceId: () => Promise<string>): SyncApi {
  return {
    push: (body: PushBody) => client.post<{ results: PushResult[]; serverTime: string }>('/sync/push', body),
    pull: async (query) => client.get<PullAnswer>('/sync/pull', { ...query, deviceId: await deviceId() }),
  };
}

export interface RegisteredKey {
  id: string;
  fingerprint: string;
  createdAt: string;
}

export function registerSigningKey(
  client: ApiClient,
  input: { publicKey: string; label: string; deviceId: string },
): Promise<RegisteredKey> {
  return client.post('/signing-keys', input);
}

export interface SubmissionReceipt {
  id: string;
  receivedAt: string;
  deadline: string;
  onTime: boolean;
}

export function postSubmission(
  client: ApiClient,
  input: { document: MonthSubmissionDocument; keyId: string; signature: string },
): Promise<SubmissionReceipt> {
  return client.post('/submissions', input);
}

/** A change as the server holds it (for correcting a returned change the phone no longer has). */
export async function fetchChangeBody(client: ApiClient, id: string): Promise<Change> {
  const answer = await client.get<{ change: { change: Change } }>(`/changes/${encodeURIComponent(id)}`);
  return answer.change.change;
}

// ------------------------------------------------------------------------------------------ the officer

export type SubmissionStatus = 'on_time' | 'late' | 'missing';

export interface CollaboratorRow {
  userId: string;
  username: string;
  displayName: string;
  areas: { id: string; code: string; name: string }[];
  status: SubmissionStatus;
  submissionId: string | null;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  versions: number;
  changeCount: number;
  signatureValid: boolean;
  lastSyncAt: string | null;
  waitingOnDevice: { count: number; oldestRecordedAt: string | null; reportedAt: string } | null;
}

export interface CommuneSubmissions {
  communeCode: string;
  month: string;
  dueDate: string;
  deadline: string;
  collaborators: CollaboratorRow[];
}

export function fetchCommuneSubmissions(
  client: ApiClient,
  query: { communeCode: string; month: string },
): Promise<CommuneSubmissions> {
  return client.get('/submissions', query);
}

/** The communes a province officer may pick. */
export async function fetchHomeCommunes(client: ApiClient): Promise<{ id: string; name: string }[]> {
  const home = await client.get<{ children: { kind: string; id: string; name: string }[] }>('/places/home');
  return home.children.filter((c) => c.kind === 'commune');
}
