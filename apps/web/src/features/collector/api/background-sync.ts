/**
 * The page's side of the sync worker (sync-worker.ts): one worker for the signed-in collaborator's book,
 * started at her first sync and asked for one sync at a time; the page makes its HTTP requests with its own
 * API client (session cookie, anti-forgery token, language) and hands over the answers as text. Where a
 * worker cannot run (no support, or its script could not be loaded), the sync runs on the page.
 */
import { type ApiClient, ApiError, isApiError } from '../../../lib/api-client.ts';
import type { LocalDb } from '../../../lib/offline/local-db.ts';
import { runSync, type SyncReport } from '../../../lib/offline/sync-engine.ts';
import { syncApi } from './collector-api.ts';
import {
  type PageMessage,
  receivedError,
  type SyncProgress,
  sentError,
  type WorkerMessage,
} from './sync-messages.ts';

export interface BackgroundSync {
  run(onProgress: (step: SyncProgress) => void): Promise<SyncReport>;
  close(): void;
}

/** A sync that broke on the phone itself (its database, not the network): reported as a failure to retry. */
const brokenSync = (): SyncReport => ({
  answered: 0,
  refused: 0,
  pulledPages: 0,
  stoppedBy: 'server',
  error: new ApiError(0, 'DANSO_ERR_UNEXPECTED', null),
  reachedServer: false,
});

export function backgroundSync(options: {
  db: LocalDb;
  client: ApiClient;
  makeId: () => string;
}): BackgroundSync {
  const { db, client, makeId } = options;
  let worker: Worker | null = null;
  let workerFailed = typeof Worker === 'undefined';

  const onPage = (onProgress: (step: SyncProgress) => void) =>
    runSync(
      db,
      syncApi(client, () => db.deviceId(makeId)),
      { makeId, onProgress },
    ).catch(brokenSync);

  const answer = (running: Worker, request: number, call: Promise<string>) => {
    call.then(
      (text) => running.postMessage({ type: 'answer', request, text } satisfies PageMessage),
      (error: unknown) =>
        running.postMessage({
          type: 'answer',
          request,
          error: sentError(isApiError(error) ? error : new ApiError(0, 'DANSO_ERR_UNEXPECTED', null)),
        } satisfies PageMessage),
    );
  };

  const inWorker = (onProgress: (step: SyncProgress) => void) =>
    new Promise<SyncReport>((resolve) => {
      worker ??= new Worker(new URL('./sync-worker.ts', import.meta.url), { type: 'module', name: 'sync' });
      const running = worker;
      const stop = () => {
        running.removeEventListener('message', onMessage);
        running.removeEventListener('error', onError);
      };
      const onMessage = (event: MessageEvent<WorkerMessage>) => {
        const message = event.data;
        switch (message.type) {
          case 'push':
            answer(
              running,
              message.request,
              client.post('/sync/push', message.body).then((body) => JSON.stringify(body)),
            );
            return;
          case 'pull':
            answer(running, message.request, client.getText('/sync/pull', message.query));
            return;
          case 'progress':
            onProgress(message.step);
            return;
          case 'done': {
            stop();
            const { error } = message.report;
            resolve({ ...message.report, error: error ? receivedError(error) : null });
            return;
          }
          case 'failed':
            stop();
            resolve(brokenSync());
            return;
        }
      };
      // The worker's script could not be loaded or run: the page does the syncs from now on.
      const onError = (event: Event) => {
        event.preventDefault();
        stop();
        workerFailed = true;
        running.terminate();
        worker = null;
        resolve(onPage(onProgress));
      };
      running.addEventListener('message', onMessage);
      running.addEventListener('error', onError);
      running.postMessage({ type: 'sync', userId: db.userId } satisfies PageMessage);
    });

  return {
    run: (onProgress) => (workerFailed ? onPage(onProgress) : inWorker(onProgress)),
    close() {
      worker?.terminate();
      worker = null;
    },
  };
}
