import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context.tsx';
import type { UserView } from '../../../lib/api-types.ts';
import {
  createUser,
  disableUser,
  enableUser,
  fetchAreaOptions,
  fetchCommuneOptions,
  fetchProvinceOptions,
  fetchUser,
  listUsers,
  type NewUser,
  resetUserTotp,
  setUserPassword,
  type UserChanges,
  type UserFilter,
  updateUser,
} from '../api/users-api.ts';

const usersKey = ['users'] as const;

export function useUserList(filter: UserFilter) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...usersKey, 'list', filter],
    queryFn: () => listUsers(client, filter),
    placeholderData: keepPreviousData,
  });
}

export function useUser(id: string) {
  const client = useApiClient();
  return useQuery({ queryKey: [...usersKey, 'one', id], queryFn: () => fetchUser(client, id) });
}

/** After any change to a user: keep the answer for their page and re-read the lists. */
function useRememberUser() {
  const queryClient = useQueryClient();
  return (user: UserView) => {
    queryClient.setQueryData([...usersKey, 'one', user.id], user);
    void queryClient.invalidateQueries({ queryKey: [...usersKey, 'list'] });
  };
}

export function useCreateUser() {
  const client = useApiClient();
  const remember = useRememberUser();
  return useMutation({ mutationFn: (input: NewUser) => createUser(client, input), onSuccess: remember });
}

export function useUpdateUser(id: string) {
  const client = useApiClient();
  const remember = useRememberUser();
  return useMutation({
    mutationFn: (changes: UserChanges) => updateUser(client, id, changes),
    onSuccess: remember,
  });
}

export type AccountAction = 'disable' | 'enable' | 'totp-reset';

export function useAccountAction(id: string) {
  const client = useApiClient();
  const remember = useRememberUser();
  return useMutation({
    mutationFn: (action: AccountAction) => {
      switch (action) {
        case 'disable':
          return disableUser(client, id);
        case 'enable':
          return enableUser(client, id);
        case 'totp-reset':
          return resetUserTotp(client, id);
      }
    },
    onSuccess: remember,
  });
}

export function useSetPassword(id: string) {
  const client = useApiClient();
  const remember = useRememberUser();
  return useMutation({
    mutationFn: (password: string) => setUserPassword(client, id, password),
    onSuccess: remember,
  });
}

export function useProvinceOptions(enabled: boolean) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['scope-options', 'provinces'],
    queryFn: () => fetchProvinceOptions(client),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useCommuneOptions(provinceCode: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['scope-options', 'communes', provinceCode],
    queryFn: () => fetchCommuneOptions(client, provinceCode),
    enabled: provinceCode !== '',
    staleTime: 5 * 60_000,
  });
}

export function useAreaOptions(communeCode: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['scope-options', 'areas', communeCode],
    queryFn: () => fetchAreaOptions(client, communeCode),
    enabled: communeCode !== '',
    staleTime: 5 * 60_000,
  });
}
