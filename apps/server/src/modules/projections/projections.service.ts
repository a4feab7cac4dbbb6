import { randomUUID } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  DomainError,
  isRealDate,
  type PlaceScope,
  vietNamDate,
} from '@danso/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { runToCsv, runToXlsx } from './export.ts';
import {
  birthCounts,
  eventCounts,
  findRun,
  findUnit,
  firstEventMonth,
  insertRun,
  insertScenario,
  personYears,
  populationOn,
  type ScenarioRow,
  scenarioNameTaken,
  scenariosOf,
  type UnitPlace,
  type UnitRow,
} from './projections.repository.ts';
import { type EstimatedRates, estimateRates, type ObservationWindow } from './rates.ts';
import { type ProjectedYear, project, type ScenarioFactors, standardScenarios } from './run.ts';

export const MAX_HORIZON = 50;
export const MAX_RATE_YEARS = 3;

export interface ScenarioView {
  id: string;
  unitCode: string | null;
  name: string;
  standard: boolean;
  factors: ScenarioFactors;
}

export interface ProjectionRequest {
  unitCode: string;
  baseDate: string;
  horizon: number;
  scenarioIds: string[];
  /** Years of approved changes the rates are estimated from (1 to 3; default 3). */
  rateYears?: number;
}

export interface ProjectionRunResult {
  id: string;
  unit: { code: string; name: string; level: 'province' | 'commune' };
  baseDate: string;
  horizon: number;
  createdAt: string;
  ages: number[];
  rates: EstimatedRates;
  scenarios: Array<{
    id: string;
    name: string;
    standard: boolean;
    factors: ScenarioFactors;
    years: ProjectedYear[];
  }>;
}

/**
 * Projections are aggregates of a whole unit. A collaborator may see those of her commune, not only of her
 * areas: her reads for a projection run under her commune's scope, and never return a person.
 */
export function aggregateScope(scope: PlaceScope): PlaceScope {
  return scope.kind === 'areas'
    ? { kind: 'commune', provinceCode: scope.provinceCode, communeCode: scope.communeCode }
    : scope;
}

/** Officers keep the scenarios of their units; others use them. */
const scenarioKeepers: ReadonlyArray<Actor['role']> = ['commune_officer', 'province_officer'];

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function viewOfStored(row: ScenarioRow): ScenarioView {
  return {
    id: row.id,
    unitCode: row.unit_code,
    name: row.name,
    standard: false,
    factors: {
      fertility: Number(row.fertility_factor),
      mortality: Number(row.mortality_factor),
      migration: Number(row.migration_factor),
    },
  };
}

const standardViews: ScenarioView[] = standardScenarios.map((s) => ({
  id: s.id,
  unitCode: null,
  name: s.name,
  standard: true,
  factors: { ...s.factors },
}));

function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function monthsBetween(from: string, to: string): number {
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7))
  );
}

function minusYears(month: string, years: number): string {
  return `${String(Number(month.slice(0, 4)) - years).padStart(4, '0')}${month.slice(4)}`;
}

/**
 * The window the rates are estimated from: the whole months before the base date's month, at most
 * `rateYears` years back and not before the register's first approved event.
 */
export function observationWindow(
  baseDate: string,
  rateYears: number,
  firstMonth: string | null,
): ObservationWindow | null {
  const to = firstOfMonth(baseDate);
  if (!firstMonth || firstMonth >= to) return null;
  const earliest = minusYears(to, rateYears);
  const from = firstMonth > earliest ? firstMonth : earliest;
  return { from, to, months: monthsBetween(from, to) };
}

/**
 * Population projections of a commune or province: rates estimated from the register (smoothed toward
 * Viet Nam's reference rates), named scenarios, runs by the domain's cohort-component method, and exports.
 */
export class ProjectionsService {
  constructor(private readonly database: Database) {}

  /** Checks the actor may read the unit's aggregates, and runs `fn` under the matching scope. */
  private async withUnit<T>(
    actor: Actor,
    unitCode: string,
    fn: (trx: Transaction<DB>, unit: UnitRow, place: UnitPlace) => Promise<T>,
  ): Promise<T> {
    const reader = { ...actor, scope: aggregateScope(actor.scope) };
    assertAllowed(reader, 'aggregate.read');
    return this.database.scoped(reader.scope, async (trx) => {
      const unit = await findUnit(trx, unitCode);
      if (!unit) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'unitCode', reason: 'unknown_unit' }]);
      const place: UnitPlace = {
        provinceCode: unit.provinceCode,
        communeCode: unit.level === 'commune' ? unit.code : null,
      };
      assertAllowed(reader, 'aggregate.read', {
        provinceCode: place.provinceCode,
        ...(place.communeCode ? { communeCode: place.communeCode } : {}),
      });
      return fn(trx, unit, place);
    });
  }

  async listScenarios(actor: Actor, unitCode: string): Promise<{ items: ScenarioView[] }> {
    return this.withUnit(actor, unitCode, async (trx, unit) => {
      const stored = await scenariosOf(trx, unit.code);
      return { items: [...standardViews, ...stored.map(viewOfStored)] };
    });
  }

  async createScenario(
    actor: Actor,
    input: { unitCode: string; name: string } & ScenarioFactors,
  ): Promise<ScenarioView> {
    assertAllowed(actor, 'aggregate.read');
    if (!scenarioKeepers.includes(actor.role)) throw new DomainError('DANSO_ERR_FORBIDDEN');
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!name) throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'name', reason: 'required' }]);
    return this.withUnit(actor, input.unitCode, async (trx, unit, place) => {
      if (standardViews.some((s) => s.name === name) || (await scenarioNameTaken(trx, unit.code, name))) {
        throw new DomainError('DANSO_ERR_CONFLICT', [{ path: 'name', reason: 'taken' }]);
      }
      const row = await insertScenario(trx, {
        id: randomUUID(),
        place,
        unitCode: unit.code,
        name,
        fertility: input.fertility,
        mortality: input.mortality,
        migration: input.migration,
        createdBy: actor.userId,
      });
      return viewOfStored(row);
    });
  }

  /** Estimates the rates, projects each scenario, stores the run and returns it. */
  async run(actor: Actor, request: ProjectionRequest): Promise<ProjectionRunResult> {
    const rateYears = request.rateYears ?? MAX_RATE_YEARS;
    const problems = [];
    if (!isRealDate(request.baseDate)) problems.push({ path: 'baseDate', reason: 'not_a_date' });
    else if (request.baseDate > vietNamDate(new Date()))
      problems.push({ path: 'baseDate', reason: 'in_future' });
    if (!Number.isInteger(request.horizon) || request.horizon < 1 || request.horizon > MAX_HORIZON) {
      problems.push({ path: 'horizon', reason: 'out_of_range' });
    }
    if (new Set(request.scenarioIds).size !== request.scenarioIds.length) {
      problems.push({ path: 'scenarioIds', reason: 'duplicate' });
    }
    if (problems.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', problems);

    return this.withUnit(actor, request.unitCode, async (trx, unit, place) => {
      const stored = await scenariosOf(trx, unit.code);
      const available = [...standardViews, ...stored.map(viewOfStored)];
      const chosen = request.scenarioIds.map((id, i) => {
        const found = available.find((s) => s.id === id);
        if (!found) {
          throw new DomainError('DANSO_ERR_VALIDATION', [
            { path: `scenarioIds/${i}`, reason: 'unknown_scenario' },
          ]);
        }
        return found;
      });

      const base = await populationOn(trx, place, request.baseDate);
      const window = observationWindow(request.baseDate, rateYears, await firstEventMonth(trx, place));
      const observations = window
        ? {
            window,
            exposure: await personYears(trx, place, window.from, window.to),
            deaths: await eventCounts(trx, place, 'death', window.from, window.to),
            births: await birthCounts(trx, place, window.from, window.to),
            moveIn: await eventCounts(trx, place, 'move_in', window.from, window.to),
            moveOut: await eventCounts(trx, place, 'move_out', window.from, window.to),
          }
        : {
            window: null,
            exposure: { male: [], female: [] },
            deaths: [],
            births: [],
            moveIn: [],
            moveOut: [],
          };
      const rates = estimateRates({ provinceCode: place.provinceCode, observations, base });

      const result: ProjectionRunResult = {
        id: randomUUID(),
        unit: { code: unit.code, name: unit.name, level: unit.level },
        baseDate: request.baseDate,
        horizon: request.horizon,
        createdAt: new Date().toISOString(),
        ages: rates.ages,
        rates,
        scenarios: chosen.map((scenario) => ({
          id: scenario.id,
          name: scenario.name,
          standard: scenario.standard,
          factors: scenario.factors,
          years: project(rates, base, scenario.factors, request.horizon, request.baseDate).map((year) => ({
            ...year,
            population: {
              male: year.population.male.map(round3),
              female: year.population.female.map(round3),
            },
          })),
        })),
      };
      await insertRun(trx, {
        id: result.id,
        place,
        unitCode: unit.code,
        baseDate: request.baseDate,
        horizon: request.horizon,
        createdBy: actor.userId,
        result,
      });
      return result;
    });
  }

  async getRun(actor: Actor, id: string): Promise<ProjectionRunResult> {
    const reader = { ...actor, scope: aggregateScope(actor.scope) };
    assertAllowed(reader, 'aggregate.read');
    return this.database.scoped(reader.scope, async (trx) => {
      const row = await findRun(trx, id);
      // Row-level security hides runs of other places: they are simply not found.
      if (!row) throw new DomainError('DANSO_ERR_NOT_FOUND');
      assertAllowed(reader, 'aggregate.read', {
        provinceCode: row.province_code,
        ...(row.commune_code ? { communeCode: row.commune_code } : {}),
      });
      return row.result as ProjectionRunResult;
    });
  }

  async exportRun(
    actor: Actor,
    id: string,
    format: 'csv' | 'xlsx',
  ): Promise<{ fileName: string; contentType: string; body: Buffer | string }> {
    const run = await this.getRun(actor, id);
    const fileName = `du-bao-dan-so-${run.unit.code}-${run.baseDate}-${run.horizon}-nam.${format}`;
    return format === 'csv'
      ? { fileName, contentType: 'text/csv; charset=utf-8', body: runToCsv(run) }
      : {
          fileName,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await runToXlsx(run),
        };
  }
}
