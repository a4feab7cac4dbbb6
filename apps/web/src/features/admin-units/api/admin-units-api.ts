import type { UnitLevel, Urbanity } from '@danso/domain';
import type { ApiClient } from '../../../lib/api-client.ts';
import type { ListAnswer } from '../../../lib/api-types.ts';

/** One version of an administrative unit: its name, type and parent between two dates. */
export interface UnitView {
  code: string;
  name: string;
  level: UnitLevel;
  unitType: string;
  urbanity: Urbanity | null;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export type SuccessionKind = 'merge' | 'split' | 'rename' | 'reparent';

export interface Succession {
  fromCode: string;
  fromName: string | null;
  toCode: string;
  toName: string | null;
  effectiveOn: string;
  kind: SuccessionKind;
  share: number | null;
}

export interface UnitDetail {
  /** The version valid on the date asked for, or the nearest one when the unit did not exist then. */
  unit: UnitView;
  validOnDate: boolean;
  versions: UnitView[];
  predecessors: Succession[];
  successors: Succession[];
}

export interface UnitSearch {
  q: string;
  level: UnitLevel | '';
  parent: string;
  asOf: string;
  limit: number;
  offset: number;
}

export function searchUnits(client: ApiClient, search: UnitSearch): Promise<ListAnswer<UnitView>> {
  return client.get('/admin-units', { ...search });
}

export function fetchUnit(client: ApiClient, code: string, asOf: string): Promise<UnitDetail> {
  return client.get(`/admin-units/${encodeURIComponent(code)}`, { asOf });
}
