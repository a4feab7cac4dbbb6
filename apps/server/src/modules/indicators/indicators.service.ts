import {
  type Actor,
  addMonths,
  assertAllowed,
  type BreakdownName,
  breakdownLabels,
  breakdownNames,
  type Cube,
  type CubeRow,
  categoryLabel,
  cubeByUnit,
  DomainError,
  dataRequirements,
  defaultIndicatorCatalogue,
  defaultRegisterCodeLists,
  dimsetKey,
  evaluateIndicator,
  type Indicator,
  type IndicatorCatalogue,
  type IndicatorResult,
  type IndicatorUnitLevel,
  indicatorGroupLabels,
  indicatorGroups,
  type Period,
  type Place,
  type PlaceScope,
  parsePeriod,
  periodOf,
  type RankOrder,
  type RegisterCodeLists,
  rankByValue,
  type SourceRequirement,
  unionDimsets,
  vietNamDate,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import { refreshStock, runAll } from '../population/population.repository.ts';
import { refreshStaleStock } from '../population/stale-stock.ts';
import { aggregateScope } from '../projections/projections.service.ts';
import {
  type Boundaries,
  communesToRank,
  findArea,
  findCommune,
  findProvince,
  lockProvinceStock,
  type MonthOnBoundaries,
  type Placement,
  readFlows,
  readSource,
  registerFlowDimsets,
  todaysCommunesOf,
  uncoveredMonths,
} from './indicators.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PeriodQuery {
  /** 'YYYY-MM'; with `to`, or instead `period`. */
  from?: string;
  to?: string;
  /** '2026', '2026-H1', '2026-Q3', '2026-03' or '2026-01..2026-06'. */
  period?: string;
  boundaries?: Boundaries;
  /** Parameters of the indicators, 'name:value,…' (e.g. 'oldAge:60'). */
  params?: string;
}

export interface ValuesQuery extends PeriodQuery {
  /** A province (2 digits), a commune (5 digits) or an area (its id). */
  unit: string;
  /** Comma-separated indicator codes; all when absent. */
  codes?: string;
  breakdown?: BreakdownName;
}

export interface RankingQuery extends PeriodQuery {
  province: string;
  code: string;
  order?: RankOrder;
}

interface ResolvedUnit {
  level: IndicatorUnitLevel;
  code: string;
  name: string;
  provinceCode: string;
  place: Place;
  placement: Placement;
}

export interface LabelledValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

const currentMonth = () => vietNamDate(new Date()).slice(0, 7);

function parseParams(text: string | undefined): Record<string, number> {
  const params: Record<string, number> = {};
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [name, value] = part.split(':');
    if (!name || value === undefined || !Number.isFinite(Number(value))) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: 'params', reason: 'expected_name_colon_number' },
      ]);
    }
    params[name] = Number(value);
  }
  return params;
}

export function periodOfQuery(query: PeriodQuery): Period {
  let period: Period;
  if (query.period) {
    if (query.from || query.to) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'period', reason: 'period_or_from_to' }]);
    }
    period = parsePeriod(query.period);
  } else {
    if (!query.from || !query.to) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: query.from ? 'to' : 'from', reason: 'required' },
      ]);
    }
    period = periodOf(query.from, query.to);
  }
  // A month-end stock exists only for months that have begun.
  if (period.to > currentMonth()) {
    throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'to', reason: 'after_this_month' }]);
  }
  return period;
}

/**
 * Which boundaries each month is counted on. Flows and the month-end stock of a month of the period use
 * the units valid on its first day; the stock at the start of the period (the end of the month before)
 * is counted on the units of the period's first month, so that a period beginning on a reform date starts
 * from the new units' population.
 */
function monthsOnBoundaries(period: Period, requirement: SourceRequirement): MonthOnBoundaries[] {
  const first = period.months[0] as string;
  if (requirement.months === 'last') {
    const last = period.months[period.months.length - 1] as string;
    return [{ month: last, boundariesOf: last }];
  }
  return [
    ...(requirement.months === 'period_and_previous'
      ? [{ month: period.previous, boundariesOf: first }]
      : []),
    ...period.months.map((month) => ({ month, boundariesOf: month })),
  ];
}

/**
 * Indicators as data evaluated over the aggregates (issue 6, item 1): for any area, commune or province,
 * any period of whole months, today's or past boundaries, with breakdowns; and rankings of a province's
 * communes. Reads aggregates only, so the central viewer may read them; each unit is checked against the
 * reader's scope, a collaborator reading her whole commune's aggregates (as for projections) but only her
 * own areas'.
 */
export class IndicatorsService {
  constructor(
    private readonly database: Database,
    private readonly catalogue: IndicatorCatalogue = defaultIndicatorCatalogue(),
    private readonly codeLists: RegisterCodeLists = defaultRegisterCodeLists,
  ) {}

  /** The catalogue: indicators with their formulas, units, parameters and breakdowns; the measures. */
  describe(actor: Actor) {
    assertAllowed(actor, 'aggregate.read');
    return {
      indicators: [...this.catalogue.indicators.values()].map((i) => ({
        code: i.code,
        group: i.group,
        vi: i.vi,
        en: i.en,
        unit: i.unit,
        decimals: i.decimals,
        multiplier: i.multiplier ?? 1,
        formula: {
          text: i.formulaText,
          ...(i.numerator ? { numerator: i.numerator } : {}),
          ...(i.denominator ? { denominator: i.denominator } : {}),
          ...(i.expression ? { expression: i.expression } : {}),
        },
        parameters: Object.entries(i.parameters ?? {}).map(([name, p]) => ({
          name,
          default: p.default,
          allowed: p.allowed ?? null,
          vi: p.vi,
          en: p.en,
        })),
        breakdowns: [...i.allowedBreakdowns].map(([by, categories]) => ({ by, categories })),
        requiresBreakdown: i.requiresBreakdown ?? null,
        target: i.target ?? null,
        note: i.note ?? null,
      })),
      measures: [...this.catalogue.measures.values()].map((m) => ({
        code: m.code,
        vi: m.vi,
        en: m.en,
        source: m.source,
        event: m.event ?? null,
        time: m.time,
        dims: Object.keys(m.allDims),
        breakdowns: Object.keys(m.breakdowns),
      })),
      breakdowns: breakdownNames.map((code) => ({ code, ...breakdownLabels[code] })),
      groups: indicatorGroups.map((code) => ({ code, ...indicatorGroupLabels[code] })),
    };
  }

  private indicatorsOf(codes: string | undefined): Indicator[] {
    if (!codes) return [...this.catalogue.indicators.values()];
    const wanted = [
      ...new Set(
        codes
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = wanted.filter((c) => !this.catalogue.indicators.has(c));
    if (unknown.length > 0) {
      throw new DomainError(
        'DANSO_ERR_VALIDATION',
        unknown.map((c) => ({ path: 'codes', reason: 'unknown_indicator', message: c })),
      );
    }
    return wanted.map((c) => this.catalogue.indicators.get(c) as Indicator);
  }

  /** A unit of any level, with the place its aggregates belong to for the access check. */
  private async resolveUnit(
    ex: Executor,
    unit: string,
    boundaries: Boundaries,
    period: Period,
  ): Promise<ResolvedUnit | null> {
    const asOf = `${period.to}-01`;
    if (/^\d{2}$/.test(unit)) {
      const province = await findProvince(ex, unit);
      if (!province) return null;
      return {
        level: 'province',
        code: unit,
        name: province.name,
        provinceCode: unit,
        place: { provinceCode: unit },
        placement: { kind: 'province', provinceCode: unit, boundaries },
      };
    }
    if (/^\d{5}$/.test(unit)) {
      const commune = await findCommune(ex, unit, boundaries, asOf);
      if (!commune) return null;
      // A former commune is checked against today's commune its areas lie in, when there is one.
      const today = boundaries === 'historical' ? await todaysCommunesOf(ex, unit) : [];
      const communeCode = today.length === 1 ? (today[0] as string) : unit;
      return {
        level: 'commune',
        code: unit,
        name: commune.name,
        provinceCode: commune.provinceCode,
        place: { provinceCode: commune.provinceCode, communeCode },
        placement: { kind: 'commune', communeCode: unit, provinceCode: commune.provinceCode, boundaries },
      };
    }
    if (UUID.test(unit)) {
      const area = await findArea(ex, unit);
      if (!area) return null;
      return {
        level: 'area',
        code: area.id,
        name: area.name,
        provinceCode: area.provinceCode,
        place: { provinceCode: area.provinceCode, communeCode: area.communeCode, areaId: area.id },
        placement: { kind: 'area', areaId: area.id, boundaries },
      };
    }
    throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'unit', reason: 'province_commune_or_area' }]);
  }

  /**
   * Computes beforehand the month-end stocks of a province's last `months` months (and of the month before
   * them, the stock at their start) that were never computed, so that the first dashboard (three years of
   * trends) does not wait for them. Newest first, `chunk` months to a transaction: an approval's refresh
   * or a report waits at most for one chunk. Returns the number of months computed.
   */
  async prepareStock(
    provinceCode: string,
    months: number,
    options: {
      chunk?: number;
      onChunk?: (done: { from: string; to: string; left: number }) => void;
      /** Asked before each chunk: true stops. */
      stopped?: () => boolean;
    } = {},
  ): Promise<number> {
    const to = currentMonth();
    const period = periodOf(addMonths(to, -(months - 1)), to);
    const missing = await uncoveredMonths(this.database.db, provinceCode, [
      period.previous,
      ...period.months,
    ]);
    const chunk = Math.max(1, options.chunk ?? 6);
    let done = 0;
    for (let end = missing.length; end > 0 && !options.stopped?.(); end -= chunk) {
      const part = missing.slice(Math.max(0, end - chunk), end);
      await this.ensureStock(provinceCode, part);
      done += part.length;
      options.onChunk?.({
        from: part[0] as string,
        to: part[part.length - 1] as string,
        left: missing.length - done,
      });
    }
    return done;
  }

  /**
   * Month-end stocks are kept current area by area as changes are approved (the areas an approval marked stale
   * and the background has not yet computed again are computed first); months never computed for the
   * whole province (before the register was loaded, or a new month nobody has touched) are computed once,
   * from the validity intervals, before they are read.
   */
  private async ensureStock(provinceCode: string, months: readonly string[]): Promise<void> {
    await refreshStaleStock(this.database.db, provinceCode, `${currentMonth()}-01`);
    if ((await uncoveredMonths(this.database.db, provinceCode, months)).length === 0) return;
    const fill = () =>
      this.database.db.transaction().execute(async (trx) => {
        await lockProvinceStock(trx, provinceCode);
        const missing = await uncoveredMonths(trx, provinceCode, months);
        for (const run of consecutiveRuns(missing)) {
          await runAll(trx, refreshStock({ provinceCode, fromMonth: run.from, toMonth: run.to }));
        }
      });
    try {
      await fill();
    } catch (error) {
      // An approval refreshed one of the same areas' months meanwhile: compute again after it.
      if ((error as { code?: string }).code !== '23505') throw error;
      await fill();
    }
  }

  /** Event and dimension sets whose flow sums are known to be registered (see `registerFlowDimsets`). */
  private readonly flowDimsets = new Set<string>();

  private async ensureFlowSums(requirements: readonly SourceRequirement[]): Promise<void> {
    const missing = requirements
      .filter((r) => r.source === 'flow')
      .flatMap((r) => (r.dimsets ?? [r.dims]).map((dims) => ({ event: r.event as string, dims })))
      .filter((set) => !this.flowDimsets.has(`${set.event}|${dimsetKey(set.dims)}`));
    if (missing.length === 0) return;
    await registerFlowDimsets(this.database.db, missing);
    for (const r of missing) this.flowDimsets.add(`${r.event}|${dimsetKey(r.dims)}`);
  }

  private async readCube(
    reader: Actor,
    placement: Placement,
    requirements: readonly SourceRequirement[],
    period: Period,
    provinceCode: string,
  ): Promise<Cube> {
    const stockMonths = new Set(
      requirements
        .filter((r) => r.source !== 'flow')
        .flatMap((r) => monthsOnBoundaries(period, r).map((m) => m.month)),
    );
    if (stockMonths.size > 0) await this.ensureStock(provinceCode, [...stockMonths].sort());
    if (placement.kind !== 'area') await this.ensureFlowSums(requirements);
    return this.database.scoped(reader.scope, async (trx) => {
      const cube = new Map<string, CubeRow[]>();
      const flows = requirements.filter((r) => r.source === 'flow');
      if (flows.length > 0) {
        const months = monthsOnBoundaries(period, flows[0] as SourceRequirement);
        for (const [key, rows] of await readFlows(trx, placement, flows, months)) cube.set(key, rows);
      }
      for (const requirement of requirements.filter((r) => r.source !== 'flow')) {
        cube.set(
          requirement.key,
          await readSource(trx, placement, requirement, monthsOnBoundaries(period, requirement)),
        );
      }
      return cube;
    });
  }

  private evaluate(
    indicator: Indicator,
    rows: ReadonlyMap<string, readonly CubeRow[]>,
    period: Period,
    level: IndicatorUnitLevel,
    options: { breakdown: BreakdownName | null; params: Record<string, number> },
  ): IndicatorResult {
    return evaluateIndicator(
      indicator,
      { catalogue: this.catalogue, codeLists: this.codeLists, rows, period, level },
      options,
    );
  }

  /** Checks the reader may see the unit's aggregates and resolves it. */
  private async unitFor(actor: Actor, unit: string, boundaries: Boundaries, period: Period) {
    assertAllowed(actor, 'aggregate.read');
    // A collaborator reads her commune's aggregates, but an area's only if it is hers.
    const scope: PlaceScope = UUID.test(unit) ? actor.scope : aggregateScope(actor.scope);
    const reader: Actor = { ...actor, scope };
    const resolved = await this.database.scoped(scope, (trx) =>
      this.resolveUnit(trx, unit, boundaries, period),
    );
    if (!resolved) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'unit', reason: 'unknown_unit' }]);
    assertAllowed(reader, 'aggregate.read', resolved.place);
    return { reader, resolved };
  }

  async values(actor: Actor, query: ValuesQuery) {
    const period = periodOfQuery(query);
    const boundaries = query.boundaries ?? 'current';
    const indicators = this.indicatorsOf(query.codes);
    const params = parseParams(query.params);
    const breakdown = query.breakdown ?? null;
    const { reader, resolved } = await this.unitFor(actor, query.unit, boundaries, period);
    const requirements = dataRequirements(
      this.catalogue,
      indicators.map((i) => i.code),
      breakdown,
      resolved.level,
    );
    const cube = await this.readCube(reader, resolved.placement, requirements, period, resolved.provinceCode);
    const rows = cubeByUnit(cube).get(resolved.code) ?? new Map<string, CubeRow[]>();
    return {
      unit: { code: resolved.code, name: resolved.name, level: resolved.level },
      period: { from: period.from, to: period.to, months: period.months.length, years: period.years },
      boundaries,
      breakdown,
      items: indicators.map((indicator) => {
        const result = this.evaluate(indicator, rows, period, resolved.level, {
          breakdown,
          params: pick(params, indicator),
        });
        return {
          code: indicator.code,
          vi: indicator.vi,
          en: indicator.en,
          unit: indicator.unit,
          decimals: indicator.decimals,
          value: result.value,
          numerator: result.numerator,
          denominator: result.denominator,
          parameters: result.parameters,
          breakdown: result.breakdown,
          categories:
            result.categories?.map((c) => ({
              category: c.category,
              ...categoryLabel(result.breakdown as BreakdownName, c.category, this.codeLists),
              value: c.value,
              numerator: c.numerator,
              denominator: c.denominator,
            })) ?? null,
        };
      }),
    };
  }

  /**
   * The aggregate rows other modules' formulas read (report forms): the unit checked against the reader's
   * scope like an indicator's, its rows for the sources required at its level, and for a province with
   * `perCommune` each of its communes with theirs. Formulas are evaluated by the caller with the same engine.
   */
  async formulaData(
    actor: Actor,
    input: {
      unit: string;
      period: Period;
      boundaries: Boundaries;
      requirements: (level: IndicatorUnitLevel) => SourceRequirement[];
      perCommune?: boolean;
    },
  ) {
    const { period, boundaries } = input;
    if (period.to > currentMonth()) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'period', reason: 'after_this_month' }]);
    }
    const { reader, resolved } = await this.unitFor(actor, input.unit, boundaries, period);
    const unit = {
      code: resolved.code,
      name: resolved.name,
      level: resolved.level,
      provinceCode: resolved.provinceCode,
    };
    if (!input.perCommune || resolved.level !== 'province') {
      const requirements = input.requirements(resolved.level);
      const cube = await this.readCube(
        reader,
        resolved.placement,
        requirements,
        period,
        resolved.provinceCode,
      );
      const rows = cubeByUnit(cube).get(resolved.code) ?? new Map<string, CubeRow[]>();
      return { unit, rows, communes: null };
    }
    // One read per source for every commune, with what both levels need; the province is their sum.
    const placement: Placement = { kind: 'province_communes', provinceCode: resolved.code, boundaries };
    const requirements = mergeRequirements(input.requirements('province'), input.requirements('commune'));
    const cube = await this.readCube(reader, placement, requirements, period, resolved.code);
    const list = await this.database.scoped(reader.scope, (trx) =>
      communesToRank(trx, resolved.code, boundaries, period.months),
    );
    const byUnit = cubeByUnit(cube);
    const rows = new Map<string, CubeRow[]>();
    for (const [key, sourceRows] of cube)
      rows.set(
        key,
        sourceRows.map((r) => ({ ...r, unit: resolved.code })),
      );
    return {
      unit,
      rows,
      communes: list.map((c) => ({ ...c, rows: byUnit.get(c.code) ?? new Map<string, CubeRow[]>() })),
    };
  }

  /** The communes of a province ranked by one indicator; communes without a value come last. */
  async ranking(actor: Actor, query: RankingQuery) {
    const period = periodOfQuery(query);
    const boundaries = query.boundaries ?? 'current';
    const indicator = this.indicatorsOf(query.code)[0] as Indicator;
    if (indicator.requiresBreakdown) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'code', reason: 'has_no_single_value' }]);
    }
    const params = pick(parseParams(query.params), indicator);
    if (!/^\d{2}$/.test(query.province)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'province', reason: 'province_code' }]);
    }
    const { reader, resolved } = await this.unitFor(actor, query.province, boundaries, period);
    const placement: Placement = { kind: 'province_communes', provinceCode: resolved.code, boundaries };
    const requirements = dataRequirements(this.catalogue, [indicator.code], null, 'commune');
    const cube = await this.readCube(reader, placement, requirements, period, resolved.code);
    const communes = await this.database.scoped(reader.scope, (trx) =>
      communesToRank(trx, resolved.code, boundaries, period.months),
    );
    const byUnit = cubeByUnit(cube);
    const valued = communes.map((commune) => ({
      commune,
      result: this.evaluate(indicator, byUnit.get(commune.code) ?? new Map(), period, 'commune', {
        breakdown: null,
        params,
      }),
    }));
    const order = query.order ?? 'desc';
    return {
      province: { code: resolved.code, name: resolved.name },
      indicator: {
        code: indicator.code,
        vi: indicator.vi,
        en: indicator.en,
        unit: indicator.unit,
        decimals: indicator.decimals,
      },
      period: { from: period.from, to: period.to, months: period.months.length, years: period.years },
      boundaries,
      order,
      parameters: valued[0]?.result.parameters ?? params,
      items: rankByValue(
        valued,
        (v) => v.result.value,
        (v) => v.commune.code,
        order,
      ).map(({ item, rank }) => ({
        rank,
        unitCode: item.commune.code,
        unitName: item.commune.name,
        value: item.result.value,
        numerator: item.result.numerator,
        denominator: item.result.denominator,
      })),
    };
  }
}

/** The parameters an indicator declares, from the request's (others are ignored). */
function pick(params: Record<string, number>, indicator: Indicator): Record<string, number> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name in (indicator.parameters ?? {})));
}

/** Requirements that serve two sets of formulas: every dimension either needs, the widest months. */
function mergeRequirements(
  a: readonly SourceRequirement[],
  b: readonly SourceRequirement[],
): SourceRequirement[] {
  const widest = ['last', 'period', 'period_and_previous'] as const;
  const merged = new Map<string, SourceRequirement>();
  for (const r of [...a, ...b]) {
    const seen = merged.get(r.key);
    merged.set(
      r.key,
      seen
        ? {
            ...seen,
            dims: [...new Set([...seen.dims, ...r.dims])].sort(),
            dimsets: seen.dimsets && r.dimsets ? unionDimsets(seen.dimsets, r.dimsets) : undefined,
            urbanity: seen.urbanity || r.urbanity,
            months:
              widest[Math.max(widest.indexOf(seen.months), widest.indexOf(r.months))] ??
              'period_and_previous',
          }
        : { ...r },
    );
  }
  return [...merged.values()].sort((x, y) => x.key.localeCompare(y.key));
}

/** Sorted first-of-month dates grouped into runs of consecutive months. */
export function consecutiveRuns(months: readonly string[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  for (const month of [...months].sort()) {
    const last = runs[runs.length - 1];
    if (last && index(month) === index(last.to) + 1) last.to = month;
    else runs.push({ from: month, to: month });
  }
  return runs;
}
