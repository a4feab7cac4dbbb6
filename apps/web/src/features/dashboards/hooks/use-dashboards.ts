import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import {
  fetchBoundaries,
  fetchMapIndicators,
  fetchMonitoring,
  fetchOverview,
  fetchRanking,
  fetchUnitOptions,
  fetchUnitReports,
} from '../api/dashboards-api.ts';

export function useUnitOptions() {
  const client = useApiClient();
  return useQuery({ queryKey: ['dashboards', 'units'], queryFn: () => fetchUnitOptions(client) });
}

export function useOverview(unit: string | null, period: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['dashboards', 'overview', unit, period],
    queryFn: () => fetchOverview(client, unit ?? '', period),
    enabled: unit !== null,
  });
}

/** Late and missing monthly reports: a province's communes, or a commune's own reports. */
export function useReportTimeliness(
  unit: { code: string; kind: 'province' | 'commune' } | null,
  year: string,
) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['dashboards', 'timeliness', unit?.code, year],
    queryFn: async () =>
      unit?.kind === 'province'
        ? { kind: 'province' as const, monitoring: await fetchMonitoring(client, unit.code, year) }
        : { kind: 'commune' as const, reports: await fetchUnitReports(client, unit?.code ?? '', year) },
    enabled: unit !== null,
    retry: false,
  });
}

export function useBoundaries(province: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['dashboards', 'boundaries', province],
    queryFn: () => fetchBoundaries(client, province ?? ''),
    enabled: province !== null,
    staleTime: 60 * 60 * 1000,
  });
}

export function useMapIndicators() {
  const client = useApiClient();
  return useQuery({
    queryKey: ['dashboards', 'indicators'],
    queryFn: () => fetchMapIndicators(client),
    staleTime: 60 * 60 * 1000,
  });
}

export function useRanking(province: string | null, code: string, period: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['dashboards', 'ranking', province, code, period],
    queryFn: () => fetchRanking(client, province ?? '', code, period),
    enabled: province !== null,
  });
}
