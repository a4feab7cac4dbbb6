import type { ApiClient } from '../../../lib/api-client.ts';

export interface Bilingual {
  vi: string;
  en: string;
}

export interface DescribedIndicator {
  code: string;
  vi: string;
  en: string;
  unit: Bilingual;
  decimals: number;
  target: { min?: number; max?: number } | null;
}

export interface OverviewIndicator extends DescribedIndicator {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface Overview {
  unit: { code: string; name: string; level: 'province' | 'commune' | 'area'; provinceCode: string };
  period: { from: string; to: string; months: number; years: number };
  indicators: OverviewIndicator[];
  series: {
    months: string[];
    rollingMonths: number;
    items: Array<DescribedIndicator & { rolling: boolean; values: Array<number | null> }>;
  };
  pyramid: { date: string; ages: number[]; male: number[]; female: number[] };
}

export interface UnitOption {
  code: string;
  name: string;
  kind: 'province' | 'commune';
}

interface PlaceSummary {
  kind: 'country' | 'province' | 'commune' | 'area';
  id: string;
  name: string;
}

export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface BoundaryCollection {
  type: 'FeatureCollection';
  province: { code: string; name: string };
  date: string;
  generated: boolean;
  bbox: [number, number, number, number] | null;
  features: Array<{
    type: 'Feature';
    id: string;
    bbox: number[];
    properties: { code: string; name: string; unitType: string; urbanity: string | null; validFrom: string };
    geometry: Geometry;
  }>;
  missing: Array<{ code: string; name: string }>;
}

export interface CatalogueIndicator {
  code: string;
  group: string;
  vi: string;
  en: string;
  unit: Bilingual;
  decimals: number;
  requiresBreakdown: string | null;
}

export interface Ranking {
  indicator: { code: string; vi: string; en: string; unit: Bilingual; decimals: number };
  period: { from: string; to: string };
  items: Array<{ rank: number | null; unitCode: string; unitName: string; value: number | null }>;
}

export interface Monitoring {
  communes: Array<{
    code: string;
    name: string;
    expected: number;
    received: number;
    onTime: number;
    cells: Array<{ period: string; onTime: boolean | null; overdue: boolean; submittedAt: string | null }>;
  }>;
  totals: {
    expected: number;
    received: number;
    onTime: number;
    completeness: number | null;
    timeliness: number | null;
  };
}

export interface UnitReports {
  items: Array<{
    form: { code: string; vi: string; en: string };
    period: string;
    status: string;
    deadline: string;
    onTime: boolean | null;
    overdue: boolean;
  }>;
}

/** The provinces and communes the user may open: her own unit and those under it. */
export async function fetchUnitOptions(client: ApiClient): Promise<UnitOption[]> {
  const home = await client.get<{ place: PlaceSummary; children: PlaceSummary[] }>('/places/home');
  return [home.place, ...home.children].flatMap((p): UnitOption[] =>
    p.kind === 'province' || p.kind === 'commune' ? [{ code: p.id, name: p.name, kind: p.kind }] : [],
  );
}

export function fetchOverview(client: ApiClient, unit: string, period: string): Promise<Overview> {
  return client.get('/dashboards/overview', { unit, period });
}

export function fetchBoundaries(client: ApiClient, province: string): Promise<BoundaryCollection> {
  return client.get('/boundaries', { province });
}

export async function fetchMapIndicators(client: ApiClient): Promise<CatalogueIndicator[]> {
  const catalogue = await client.get<{ indicators: CatalogueIndicator[] }>('/indicators');
  return catalogue.indicators.filter((i) => !i.requiresBreakdown);
}

export function fetchRanking(
  client: ApiClient,
  province: string,
  code: string,
  period: string,
): Promise<Ranking> {
  return client.get('/indicators/ranking', { province, code, period });
}

/** The monthly commune report (the collaborators' flows) is the one every commune sends each month. */
export const MONTHLY_FORM = 'DS-XA-THANG';

export function fetchMonitoring(client: ApiClient, province: string, year: string): Promise<Monitoring> {
  return client.get('/reports/monitoring', { province, form: MONTHLY_FORM, year });
}

export function fetchUnitReports(client: ApiClient, unit: string, year: string): Promise<UnitReports> {
  return client.get('/reports', { unit, year });
}
