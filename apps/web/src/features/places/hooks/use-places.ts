import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import { fetchArea, fetchCommune, fetchHomePlace, fetchProvince } from '../api/places-api.ts';

export function useHomePlace() {
  const client = useApiClient();
  return useQuery({ queryKey: ['places', 'home'], queryFn: () => fetchHomePlace(client) });
}

export function useProvincePlace(code: string) {
  const client = useApiClient();
  return useQuery({ queryKey: ['places', 'province', code], queryFn: () => fetchProvince(client, code) });
}

export function useCommunePlace(code: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['places', 'commune', code],
    queryFn: () => fetchCommune(client, code ?? ''),
    enabled: code !== null,
  });
}

export function useAreaPlace(id: string) {
  const client = useApiClient();
  return useQuery({ queryKey: ['places', 'area', id], queryFn: () => fetchArea(client, id) });
}
