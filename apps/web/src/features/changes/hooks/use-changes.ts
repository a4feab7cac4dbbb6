import type { Change } from '@danso/domain';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import {
  type ChangeView,
  fetchAreaCollaborators,
  fetchAreaHouseholds,
  fetchChange,
  fetchCommune,
  fetchHomePlace,
  fetchHousehold,
  fetchRegisterVersion,
  type InboxFilter,
  listChanges,
  type ReviewInput,
  reviewChange,
  searchPeople,
  submitChange,
} from '../api/changes-api.ts';

const changesKey = ['changes'] as const;

export function useInbox(filter: InboxFilter) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'inbox', filter],
    queryFn: () => listChanges(client, filter),
    placeholderData: keepPreviousData,
  });
}

export function useChange(id: string) {
  const client = useApiClient();
  return useQuery({ queryKey: [...changesKey, 'one', id], queryFn: () => fetchChange(client, id) });
}

/** After a decision or a new change, the change's page and every inbox list are read again. */
function useRefreshChanges() {
  const queryClient = useQueryClient();
  return (change: ChangeView) => {
    void queryClient.invalidateQueries({ queryKey: [...changesKey, 'one', change.id] });
    void queryClient.invalidateQueries({ queryKey: [...changesKey, 'inbox'] });
  };
}

export function useReview(id: string) {
  const client = useApiClient();
  const refresh = useRefreshChanges();
  return useMutation({
    mutationFn: (input: ReviewInput) => reviewChange(client, id, input),
    onSuccess: refresh,
  });
}

export function useSubmitChange() {
  const client = useApiClient();
  const refresh = useRefreshChanges();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) => submitChange(client, change),
    onSuccess: (answer) => {
      refresh(answer.change);
      // The household's page now has a change waiting: read it afresh next time.
      void queryClient.invalidateQueries({ queryKey: [...changesKey, 'entry-household'] });
    },
  });
}

// ------------------------------------------------------------------------------------- places and people

export function useHomePlace() {
  const client = useApiClient();
  return useQuery({ queryKey: [...changesKey, 'home'], queryFn: () => fetchHomePlace(client) });
}

export function useCommuneAreas(code: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'commune', code],
    queryFn: () => fetchCommune(client, code ?? ''),
    enabled: code !== null,
  });
}

/** The collaborators of some areas (one request per area; a commune has a few dozen areas at most). */
export function useAreaCollaborators(areaIds: readonly string[]) {
  const client = useApiClient();
  return useQueries({
    queries: areaIds.map((id) => ({
      queryKey: [...changesKey, 'area', id],
      queryFn: () => fetchAreaCollaborators(client, id),
      staleTime: 5 * 60_000,
    })),
  });
}

export function useAreaHouseholds(areaId: string | null, offset: number, limit: number) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'area-households', areaId, offset, limit],
    queryFn: () => fetchAreaHouseholds(client, areaId ?? '', { offset, limit }),
    enabled: areaId !== null,
    placeholderData: keepPreviousData,
  });
}

export function usePeopleSearch(query: { householdCode?: string; q?: string } | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'search', query],
    queryFn: () => searchPeople(client, query ?? {}),
    enabled: query !== null,
  });
}

/**
 * The household a change is entered for, with the register version read *before* it: a change approved
 * after this read touches what the officer saw, and the server then reports a conflict instead of
 * overwriting it silently.
 */
export function useEntryHousehold(id: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'entry-household', id],
    queryFn: async () => {
      const baseVersion = await fetchRegisterVersion(client);
      const page = await fetchHousehold(client, id ?? '');
      return { baseVersion, page };
    },
    enabled: id !== null,
    staleTime: 0,
  });
}

/** The household page of a change, for names and the household code (absent when it cannot be read). */
export function useChangeHousehold(id: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...changesKey, 'household', id],
    queryFn: () => fetchHousehold(client, id ?? ''),
    enabled: id !== null,
    retry: false,
  });
}
