import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import { useLanguage } from '../../../lib/i18n.ts';
import {
  fetchHouseholdList,
  fetchHouseholdPage,
  fetchPersonPage,
  type SearchFilter,
  searchPeople,
} from '../api/register-api.ts';

// The API gives code-list labels in the language asked for: the language is part of every key.
const registerKey = ['register'] as const;

export function useHouseholdList(areaId: string, page: { offset: number; limit: number }) {
  const client = useApiClient();
  const [language] = useLanguage();
  return useQuery({
    queryKey: [...registerKey, 'area', areaId, page, language],
    queryFn: () => fetchHouseholdList(client, areaId, page),
    placeholderData: keepPreviousData,
  });
}

export function useHouseholdPage(id: string) {
  const client = useApiClient();
  const [language] = useLanguage();
  return useQuery({
    queryKey: [...registerKey, 'household', id, language],
    queryFn: () => fetchHouseholdPage(client, id),
  });
}

export function usePersonPage(id: string) {
  const client = useApiClient();
  const [language] = useLanguage();
  return useQuery({
    queryKey: [...registerKey, 'person', id, language],
    queryFn: () => fetchPersonPage(client, id),
  });
}

/** Searches only once something was asked for. */
export function usePeopleSearch(filter: SearchFilter | null) {
  const client = useApiClient();
  const [language] = useLanguage();
  return useQuery({
    queryKey: [...registerKey, 'search', filter, language],
    queryFn: () => searchPeople(client, filter as SearchFilter),
    enabled: filter !== null,
    staleTime: 0,
  });
}
