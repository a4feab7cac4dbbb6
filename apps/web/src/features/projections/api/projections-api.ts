import type { ApiClient } from '../../../lib/api-client.ts';

export interface ScenarioFactors {
  fertility: number;
  mortality: number;
  migration: number;
}

export interface Scenario {
  id: string;
  unitCode: string | null;
  name: string;
  standard: boolean;
  factors: ScenarioFactors;
}

export interface BySex<T> {
  male: T;
  female: T;
}

export interface ComponentStats {
  events: number;
  expected: number;
  weight: number;
  ratio: number;
}

export type RateSource = 'reference' | 'register-blended';

export interface ProjectedYear {
  offset: number;
  date: string;
  population: BySex<number[]>;
  total: number;
  male: number;
  female: number;
  births: number | null;
  deaths: number | null;
  netMigrants: number | null;
  youngDependency: number | null;
  oldDependency: number | null;
  totalDependency: number | null;
  medianAge: number | null;
}

export interface ProjectionRun {
  id: string;
  unit: { code: string; name: string; level: 'province' | 'commune' };
  baseDate: string;
  horizon: number;
  createdAt: string;
  ages: number[];
  rates: {
    window: { from: string; to: string; months: number; years: number } | null;
    srb: number;
    methods: {
      smoothing: { levelPrior: number; groupPrior: number; srbPrior: number; minimumWindowMonths: number };
      mortality: {
        source: RateSource;
        reference: string;
        stats: BySex<ComponentStats>;
        lifeExpectancy: BySex<number>;
        referenceLifeExpectancy: BySex<number>;
      };
      fertility: {
        source: RateSource;
        reference: string;
        referenceTfr: number;
        tfr: number;
        stats: ComponentStats;
      };
      srb: { source: RateSource; reference: string; births: BySex<number>; value: number };
      migration: {
        source: RateSource;
        reference: string;
        shape: string;
        referenceInPerThousand: number;
        referenceOutPerThousand: number;
        in: BySex<ComponentStats>;
        out: BySex<ComponentStats>;
      };
    };
  };
  scenarios: Array<{
    id: string;
    name: string;
    standard: boolean;
    factors: ScenarioFactors;
    years: ProjectedYear[];
  }>;
}

export interface ProjectionRequest {
  unitCode: string;
  baseDate: string;
  horizon: number;
  scenarioIds: string[];
}

/** A unit the user may project: her province and its communes, or her commune. */
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

export async function fetchUnitOptions(client: ApiClient): Promise<UnitOption[]> {
  const home = await client.get<{ place: PlaceSummary; children: PlaceSummary[] }>('/places/home');
  return [home.place, ...home.children].flatMap((p): UnitOption[] =>
    p.kind === 'province' || p.kind === 'commune' ? [{ code: p.id, name: p.name, kind: p.kind }] : [],
  );
}

export function fetchScenarios(client: ApiClient, unitCode: string): Promise<{ items: Scenario[] }> {
  return client.get('/projections/scenarios', { unitCode });
}

export function createScenario(
  client: ApiClient,
  input: { unitCode: string; name: string } & ScenarioFactors,
): Promise<Scenario> {
  return client.post('/projections/scenarios', input);
}

export function runProjection(client: ApiClient, request: ProjectionRequest): Promise<ProjectionRun> {
  return client.post('/projections', request);
}

/** Where the browser downloads a run's table (the session cookie authenticates the GET). */
export function exportUrl(runId: string, format: 'xlsx' | 'csv'): string {
  return `/api/v1/projections/${encodeURIComponent(runId)}/table.${format}`;
}
