import type { Role } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';
import type { ListAnswer, UserView } from '../../../lib/api-types.ts';

export interface UserFilter {
  q: string;
  role: Role | '';
  limit: number;
  offset: number;
}

/** Where the user works; which of these a role needs is decided by `scopeFieldsForRole`. */
export interface ScopeInput {
  provinceCode?: string;
  communeCode?: string;
  areaIds?: string[];
}

export type NewUser = { username: string; displayName: string; role: Role; password: string } & ScopeInput;
export type UserChanges = { displayName?: string; role?: Role } & ScopeInput;

/** A place offered when choosing a user's scope. */
export interface ScopeOption {
  id: string;
  name: string;
}

interface PlaceList {
  place: { kind: string; id: string; name: string };
  children: { kind: string; id: string; name: string }[];
}

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export function listUsers(client: ApiClient, filter: UserFilter): Promise<ListAnswer<UserView>> {
  return client.get('/users', { ...filter });
}

export function fetchUser(client: ApiClient, id: string): Promise<UserView> {
  return client.get(userPath(id));
}

export function createUser(client: ApiClient, input: NewUser): Promise<UserView> {
  return client.post('/users', input);
}

export function updateUser(client: ApiClient, id: string, changes: UserChanges): Promise<UserView> {
  return client.patch(userPath(id), changes);
}

export function disableUser(client: ApiClient, id: string): Promise<UserView> {
  return client.post(`${userPath(id)}/disable`, {});
}

export function enableUser(client: ApiClient, id: string): Promise<UserView> {
  return client.post(`${userPath(id)}/enable`, {});
}

export function resetUserTotp(client: ApiClient, id: string): Promise<UserView> {
  return client.post(`${userPath(id)}/totp-reset`, {});
}

export function setUserPassword(client: ApiClient, id: string, password: string): Promise<UserView> {
  return client.post(`${userPath(id)}/password`, { password });
}

/** The provinces the administrator may place users in: every province, or the one they manage. */
export async function fetchProvinceOptions(client: ApiClient): Promise<ScopeOption[]> {
  const home = await client.get<PlaceList>('/places/home');
  const provinces = home.place.kind === 'province' ? [home.place] : home.children;
  return provinces.filter((p) => p.kind === 'province').map(({ id, name }) => ({ id, name }));
}

export async function fetchCommuneOptions(client: ApiClient, provinceCode: string): Promise<ScopeOption[]> {
  const province = await client.get<PlaceList>(`/places/provinces/${encodeURIComponent(provinceCode)}`);
  return province.children.map(({ id, name }) => ({ id, name }));
}

export async function fetchAreaOptions(client: ApiClient, communeCode: string): Promise<ScopeOption[]> {
  const commune = await client.get<PlaceList>(`/places/communes/${encodeURIComponent(communeCode)}`);
  return commune.children.map(({ id, name }) => ({ id, name }));
}
