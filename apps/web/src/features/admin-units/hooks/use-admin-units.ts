import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import { fetchUnit, searchUnits, type UnitSearch } from '../api/admin-units-api.ts';

export function useUnitSearch(search: UnitSearch) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['admin-units', 'search', search],
    queryFn: () => searchUnits(client, search),
    placeholderData: keepPreviousData,
  });
}

export function useUnit(code: string, asOf: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['admin-units', 'unit', code, asOf],
    queryFn: () => fetchUnit(client, code, asOf),
  });
}
