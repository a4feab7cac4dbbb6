import { signDocument } from '@danso/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import {
  acceptRevision,
  type Decision,
  decideReport,
  fetchMonitoring,
  fetchReport,
  listReports,
  type ReportKey,
  type ReportView,
  registerSigningKey,
  submitReport,
  verifyReport,
} from '../api/reports-api.ts';
import { ensureSigningKey, forgetSigningKey } from '../api/signing-key-store.ts';

const reportsKey = ['reports'] as const;

export function useReportList(unit: string, year: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...reportsKey, 'list', unit, year],
    queryFn: () => listReports(client, unit, year),
    placeholderData: keepPreviousData,
  });
}

export function useReport(key: ReportKey, boundaries: 'current' | 'historical') {
  const client = useApiClient();
  return useQuery({
    queryKey: [...reportsKey, 'one', key.form, key.unit, key.period, boundaries],
    queryFn: () => fetchReport(client, key, boundaries),
  });
}

export function useMonitoring(province: string, form: string, year: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...reportsKey, 'monitoring', province, form, year],
    queryFn: () => fetchMonitoring(client, province, form, year),
    placeholderData: keepPreviousData,
  });
}

export function useVerification(key: ReportKey, enabled: boolean) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...reportsKey, 'verify', key.form, key.unit, key.period],
    queryFn: () => verifyReport(client, key),
    enabled,
  });
}

function useRefresh(key: ReportKey) {
  const queryClient = useQueryClient();
  return (view: ReportView) => {
    queryClient.setQueryData([...reportsKey, 'one', key.form, key.unit, key.period, 'current'], view);
    void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'monitoring'] });
    void queryClient.invalidateQueries({ queryKey: [...reportsKey, 'verify'] });
  };
}

const keyProblems = ['DANSO_ERR_SIGNING_KEY_UNKNOWN', 'DANSO_ERR_SIGNING_KEY_REVOKED'];

/**
 * Signs the document the screen shows with the user's key in this browser (made and registered on first
 * use) and sends it; a key the server no longer knows or has revoked is replaced once, and the signature
 * made again.
 */
export function useSignAndSend(key: ReportKey, userId: string, kind: 'submit' | 'revision') {
  const client = useApiClient();
  const refresh = useRefresh(key);
  return useMutation({
    mutationFn: async (document: NonNullable<ReportView['toSign']>) => {
      const send = async () => {
        const signingKey = await ensureSigningKey(userId, (publicKey) =>
          registerSigningKey(
            client,
            publicKey,
            `Trình duyệt ${navigator.platform || 'văn phòng'}`.slice(0, 100),
          ),
        );
        const body = {
          document,
          keyId: signingKey.keyId,
          signature: await signDocument(signingKey.secretKey, document),
        };
        return kind === 'submit' ? submitReport(client, key, body) : acceptRevision(client, key, body);
      };
      try {
        return await send();
      } catch (error) {
        const reason = isApiError(error) ? error.details[0]?.reason : undefined;
        if (
          !isApiError(error) ||
          error.code !== 'DANSO_ERR_REPORT_SIGNATURE' ||
          !keyProblems.includes(reason ?? '')
        ) {
          throw error;
        }
        await forgetSigningKey(userId);
        return send();
      }
    },
    onSuccess: refresh,
  });
}

export function useDecision(key: ReportKey) {
  const client = useApiClient();
  const refresh = useRefresh(key);
  return useMutation({
    mutationFn: (decision: Decision) => decideReport(client, key, decision),
    onSuccess: refresh,
  });
}
