/**
 * What the page and the sync worker say to each other (background-sync.ts, sync-worker.ts). The worker asks
 * the page to make the HTTP requests, so that they go with the page's session and anti-forgery token; the
 * answers cross as text and are parsed in the worker. Errors cross as plain data and become ApiErrors again.
 */
import { ApiError, type ApiErrorDetail } from '../../../lib/api-client.ts';
import type { PushResult } from '../../../lib/offline/outbox.ts';
import type { PushBody, SyncReport } from '../../../lib/offline/sync-engine.ts';

export interface SentError {
  status: number;
  code: string;
  serverMessage: string | null;
  details: ApiErrorDetail[];
}

export type SyncProgress = { phase: 'push' | 'pull'; done: number };

/** From the page to the worker. */
export type PageMessage =
  | { type: 'sync'; userId: string }
  | { type: 'answer'; request: number; text: string }
  | { type: 'answer'; request: number; error: SentError };

/** From the worker to the page. */
export type WorkerMessage =
  | { type: 'push'; request: number; body: PushBody }
  | { type: 'pull'; request: number; query: { cursor?: string; limit: number; deviceId: string } }
  | { type: 'progress'; step: SyncProgress }
  | { type: 'done'; report: Omit<SyncReport, 'error'> & { error: SentError | null } }
  | { type: 'failed' };

export type PushAnswer = { results: PushResult[]; serverTime: string };

export function sentError(error: ApiError): SentError {
  return {
    status: error.status,
    code: error.code,
    serverMessage: error.serverMessage,
    details: error.details,
  };
}

export function receivedError(error: SentError): ApiError {
  return new ApiError(error.status, error.code, error.serverMessage, error.details);
}
