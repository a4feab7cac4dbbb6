import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.ts';
import { useApiClient } from '../../../lib/api-context.tsx';
import { fetchArea, fetchCommune, fetchHomePlace, fetchProvince } from '../api/places-api.ts';

const homePlaceQuery = (client: ApiClient) =>
  queryOptions({ queryKey: ['places', 'home'], queryFn: () => fetchHomePlace(client) });

export function useHomePlace() {
  const client = useApiClient();
  return useQuery(homePlaceQuery(client));
}

/**
 * Asks for the home place as soon as the session is known, while the signed-in screens are still loading:
 * the home page then renders whole, at once, instead of waiting for its code and then for its data.
 */
export function prefetchHomePlace(queryClient: QueryClient, client: ApiClient): void {
  void queryClient.prefetchQuery(homePlaceQuery(client));
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
