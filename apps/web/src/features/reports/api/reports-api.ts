/**
 * The reports API: lists, one report (frozen or live), the workflow, verification, monitoring, signing-key
 * registration and file downloads with progress. Shapes are declared with the fields these pages read.
 */
import type { FilledReport, ReportDisplayStatus, ReportDocument, ReportStatus } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';
import { ApiError } from '../../../lib/api-client.ts';

export interface ReportKey {
  form: string;
  unit: string;
  period: string;
}

export interface FormRef {
  code: string;
  vi: string;
  en: string;
  periodType: 'month' | 'quarter' | 'year';
}

export interface ReportCell {
  deadline: string;
  status: ReportStatus;
  displayStatus: ReportDisplayStatus;
  submittedAt: string | null;
  onTime: boolean | null;
  overdue: boolean;
}

export interface ReportList {
  unit: { code: string; name: string; level: 'commune' | 'province' };
  year: string;
  items: Array<ReportCell & { form: FormRef; period: string }>;
}

export interface ValueChange {
  row: string;
  column: string;
  before: number | null;
  after: number | null;
}

export interface ReportView {
  form: FormRef & { level: 'commune' | 'province'; note: { vi: string; en: string } | null };
  unit: ReportDocument['unit'];
  period: { code: string; from: string; to: string };
  boundaries: 'current' | 'historical';
  deadline: string;
  periodOver: boolean;
  status: ReportStatus;
  displayStatus: ReportDisplayStatus;
  report: {
    id: string;
    version: number;
    firstSubmittedAt: string;
    submittedAt: string;
    onTime: boolean;
    approvedAt: string | null;
    lockedAt: string | null;
    returnedReason: string | null;
  } | null;
  table: FilledReport;
  live: FilledReport | null;
  changes: ValueChange[];
  versions: Array<{
    version: number;
    kind: 'submission' | 'revision';
    signerName: string;
    signedAt: string;
    keyId: string;
    fingerprint: string;
  }>;
  actions: Array<{ action: string; version: number; actorName: string; at: string; reason: string | null }>;
  can: { submit: boolean; approve: boolean; lock: boolean; return: boolean; acceptRevision: boolean };
  toSign: ReportDocument | null;
}

export interface Verification {
  valid: boolean;
  versions: Array<{
    version: number;
    kind: string;
    signerName: string;
    signedAt: string;
    fingerprint: string;
    valid: boolean;
    reason: string | null;
  }>;
}

export interface Monitoring {
  province: { code: string; name: string };
  form: FormRef;
  year: string;
  periods: Array<{ period: string; deadline: string }>;
  communes: Array<{
    code: string;
    name: string;
    cells: Array<ReportCell & { period: string }>;
    expected: number;
    received: number;
    onTime: number;
    completeness: number | null;
    timeliness: number | null;
  }>;
  totals: {
    expected: number;
    received: number;
    onTime: number;
    completeness: number | null;
    timeliness: number | null;
  };
  waiting: Array<{ unit: string; name: string; period: string; displayStatus: ReportDisplayStatus }>;
}

export interface SignedBody {
  document: ReportDocument;
  keyId: string;
  signature: string;
}

const path = (key: ReportKey) =>
  `/reports/${encodeURIComponent(key.form)}/${encodeURIComponent(key.unit)}/${encodeURIComponent(key.period)}`;

export const listReports = (client: ApiClient, unit: string, year: string) =>
  client.get<ReportList>('/reports', { unit, year });

export const fetchReport = (client: ApiClient, key: ReportKey, boundaries: 'current' | 'historical') =>
  client.get<ReportView>(path(key), boundaries === 'current' ? {} : { boundaries });

export const submitReport = (client: ApiClient, key: ReportKey, body: SignedBody) =>
  client.post<ReportView>(`${path(key)}/submit`, body);

export const acceptRevision = (client: ApiClient, key: ReportKey, body: SignedBody) =>
  client.post<ReportView>(`${path(key)}/revisions`, body);

export type Decision =
  | { action: 'approve'; lock: boolean }
  | { action: 'lock' }
  | { action: 'return'; reason: string };

export function decideReport(client: ApiClient, key: ReportKey, decision: Decision) {
  switch (decision.action) {
    case 'approve':
      return client.post<ReportView>(`${path(key)}/approve`, { lock: decision.lock });
    case 'lock':
      return client.post<ReportView>(`${path(key)}/lock`, {});
    case 'return':
      return client.post<ReportView>(`${path(key)}/return`, { reason: decision.reason });
  }
}

export const verifyReport = (client: ApiClient, key: ReportKey) =>
  client.get<Verification>(`${path(key)}/verify`);

export const fetchMonitoring = (client: ApiClient, province: string, form: string, year: string) =>
  client.get<Monitoring>('/reports/monitoring', { province, form, year });

export const registerSigningKey = (client: ApiClient, publicKey: string, label: string) =>
  client.post<{ id: string; fingerprint: string }>('/signing-keys', { publicKey, label });

export type ExportFormat = 'xlsx' | 'pdf' | 'csv';

export function exportUrl(key: ReportKey, format: ExportFormat, version?: number): string {
  return `/api/v1${path(key)}/export.${format}${version ? `?version=${version}` : ''}`;
}

/**
 * Downloads a file, reporting the share received (when the server says the size), and hands it to the
 * browser as a download under the server's file name.
 */
export async function downloadFile(url: string, onProgress: (share: number | null) => void): Promise<void> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok || !response.body) {
    let code = 'DANSO_ERR_BAD_RESPONSE';
    let message: string | null = null;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? null;
    } catch {
      // not JSON: keep the generic code
    }
    throw new ApiError(response.status, code, message);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(total > 0 ? received / total : null);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'bao-cao';
  const blob = new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? undefined });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export interface YearbookJob {
  id: string;
  format: 'pdf' | 'xlsx';
  status: 'running' | 'done' | 'failed';
  progress: number;
  step: 'tables' | 'layout' | 'done';
  fileName: string | null;
  error: string | null;
}

export const startYearbook = (client: ApiClient, province: string, year: string, format: 'pdf' | 'xlsx') =>
  client.post<YearbookJob>('/yearbooks', { province, year, format });

export const fetchYearbookJob = (client: ApiClient, id: string) =>
  client.get<YearbookJob>(`/yearbooks/${encodeURIComponent(id)}`);

export const yearbookFileUrl = (id: string) => `/api/v1/yearbooks/${encodeURIComponent(id)}/file`;
