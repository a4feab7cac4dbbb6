/**
 * The phone's sync, run in a dedicated worker: the first sync of a new phone parses her whole book and
 * writes it to IndexedDB, thousands of rows, which on the page itself would hold up the home screen and her
 * taps for as long. The HTTP requests are the page's (see sync-messages.ts); everything else happens here.
 */
import { makeUuidV7 } from '@danso/domain';
import { LocalDb } from '../../../lib/offline/local-db.ts';
import { type PullAnswer, runSync, type SyncApi } from '../../../lib/offline/sync-engine.ts';
import {
  type PageMessage,
  type PushAnswer,
  receivedError,
  sentError,
  type WorkerMessage,
} from './sync-messages.ts';

const makeId = () => makeUuidV7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
const tell = (message: WorkerMessage) => self.postMessage(message);

const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: unknown) => void }>();
let lastRequest = 0;

/** Asks the page for one HTTP request; resolves with the answer's text. */
function ask(
  message:
    | { type: 'push'; body: Extract<WorkerMessage, { type: 'push' }>['body'] }
    | { type: 'pull'; query: Extract<WorkerMessage, { type: 'pull' }>['query'] },
): Promise<string> {
  lastRequest += 1;
  const request = lastRequest;
  return new Promise((resolve, reject) => {
    waiting.set(request, { resolve, reject });
    tell({ ...message, request });
  });
}

async function sync(userId: string): Promise<void> {
  // Opened for this sync and closed after it: signing out deletes the database, which an open connection
  // would only delay.
  const db = await LocalDb.open(userId);
  try {
    const api: SyncApi = {
      push: async (body) => JSON.parse(await ask({ type: 'push', body })) as PushAnswer,
      pull: async (query) => {
        const deviceId = await db.deviceId(makeId);
        return JSON.parse(await ask({ type: 'pull', query: { ...query, deviceId } })) as PullAnswer;
      },
    };
    const report = await runSync(db, api, { makeId, onProgress: (step) => tell({ type: 'progress', step }) });
    tell({ type: 'done', report: { ...report, error: report.error ? sentError(report.error) : null } });
  } finally {
    db.close();
  }
}

self.addEventListener('message', (event: MessageEvent<PageMessage>) => {
  const message = event.data;
  if (message.type === 'sync') {
    sync(message.userId).catch(() => tell({ type: 'failed' }));
    return;
  }
  const request = waiting.get(message.request);
  if (!request) return;
  waiting.delete(message.request);
  if ('error' in message) request.reject(receivedError(message.error));
  else request.resolve(message.text);
});
