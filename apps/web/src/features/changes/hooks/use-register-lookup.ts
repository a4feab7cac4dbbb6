import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import { phoneLookup, serverLookup } from '../api/register-lookup.ts';

/** The officer's form asks the server; the phone's (`onPhone`) reads its own book. */
export function useRegisterLookup(user: UserView, communeCode: string, onPhone: boolean) {
  const client = useApiClient();
  const lookup = useMemo(
    () => (onPhone ? phoneLookup(user.id, client) : serverLookup(client, communeCode)),
    [onPhone, user.id, client, communeCode],
  );
  return useMemo(
    () => ({ lookup, key: ['changes', 'lookup', onPhone ? 'phone' : 'server', user.id] }),
    [lookup, onPhone, user.id],
  );
}

export type Lookup = ReturnType<typeof useRegisterLookup>;

// The phone's reads need no network: the queries run whatever the browser says about it.
const always = { networkMode: 'always', retry: false } as const;

export function useLookupAreas({ lookup, key }: Lookup, enabled: boolean) {
  return useQuery({
    queryKey: [...key, 'areas'],
    queryFn: () => lookup.areas(),
    enabled,
    staleTime: 5 * 60_000,
    ...always,
  });
}

export function useLookupHouseholds({ lookup, key }: Lookup, areaId: string) {
  return useQuery({
    queryKey: [...key, 'households', areaId],
    queryFn: () => lookup.households(areaId),
    enabled: areaId !== '',
    staleTime: 0,
    ...always,
  });
}

/** The hamlets of an area, where the lookup knows them (empty otherwise). */
export function useLookupHamlets({ lookup, key }: Lookup, areaId: string) {
  return useQuery({
    queryKey: [...key, 'hamlets', areaId],
    queryFn: () => lookup.hamlets?.(areaId) ?? Promise.resolve([]),
    enabled: areaId !== '' && lookup.hamlets !== undefined,
    staleTime: 5 * 60_000,
    ...always,
  });
}

export function useLookupHousehold({ lookup, key }: Lookup, id: string) {
  return useQuery({
    queryKey: [...key, 'household', id],
    queryFn: () => lookup.household(id),
    enabled: id !== '',
    staleTime: 0,
    ...always,
  });
}

export function useChangeToCorrect({ lookup, key }: Lookup, id: string | null) {
  return useQuery({
    queryKey: [...key, 'change', id],
    queryFn: () => lookup.change(id ?? ''),
    enabled: id !== null,
    staleTime: 0,
    ...always,
  });
}
