import type { Urbanity } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';

export type PlaceKind = 'country' | 'province' | 'commune' | 'area';

/** A place with its counts, as the places API answers. `id` is a province or commune code, or an area id. */
export interface PlaceSummary {
  kind: PlaceKind;
  id: string;
  name: string;
  unitType: string | null;
  urbanity: Urbanity | null;
  households: number;
  people: number;
  areas: number;
  parentId: string | null;
  parentName: string | null;
}

export interface PlaceWithChildren {
  place: PlaceSummary;
  children: PlaceSummary[];
}

export interface Hamlet {
  id: string;
  name: string;
  kind: string;
}

/** One line of an area's listing: which households of which hamlet (and street) belong to the area. */
export interface ListingRow {
  seq: number;
  hamletName: string;
  street: string | null;
  householdFrom: number | null;
  householdTo: number | null;
}

export interface AreaCollaborator {
  id: string;
  displayName: string;
  username: string;
}

export interface AreaDetail {
  place: PlaceSummary;
  hamlets: Hamlet[];
  listing: ListingRow[];
  collaborators: AreaCollaborator[];
}

export function fetchHomePlace(client: ApiClient): Promise<PlaceWithChildren> {
  return client.get('/places/home');
}

export function fetchProvince(client: ApiClient, code: string): Promise<PlaceWithChildren> {
  return client.get(`/places/provinces/${encodeURIComponent(code)}`);
}

export function fetchCommune(client: ApiClient, code: string): Promise<PlaceWithChildren> {
  return client.get(`/places/communes/${encodeURIComponent(code)}`);
}

export function fetchArea(client: ApiClient, id: string): Promise<AreaDetail> {
  return client.get(`/places/areas/${encodeURIComponent(id)}`);
}
