import {
  type Actor,
  type BreakdownName,
  categoryLabel,
  DEFAULT_SUPPRESSION_THRESHOLD,
  DomainError,
  dataRequirements,
  defaultIndicatorCatalogue,
  defaultRegisterCodeLists,
  evaluateIndicator,
  type IndicatorCatalogue,
  type RegisterCodeLists,
  recomputableCells,
  suppressTable,
} from '@danso/domain';
import type { IndicatorsService, PeriodQuery } from '../indicators/indicators.service.ts';
import { periodOfQuery } from '../indicators/indicators.service.ts';

/** The counts a published table may hold: numbers of people, households and births, never rates. */
export const PUBLISHABLE_INDICATORS = ['POP', 'HOUSEHOLDS', 'BIRTHS', 'DEATHS', 'MWRA'] as const;

export interface PublishedTableQuery extends PeriodQuery {
  province: string;
  code: string;
  breakdown?: BreakdownName;
}

export interface PublishedTable {
  province: { code: string; name: string };
  indicator: { code: string; vi: string; en: string; unit: { vi: string; en: string } };
  period: { from: string; to: string; months: number; years: number };
  boundaries: 'current' | 'historical';
  breakdown: BreakdownName | null;
  threshold: number;
  columns: Array<{ category: string; vi: string; en: string }>;
  rows: Array<{ unitCode: string; unitName: string; cells: Array<number | null>; total: number | null }>;
  columnTotals: Array<number | null>;
  total: number | null;
  withheld: { primary: number; complementary: number };
}

/**
 * Tables for the public and other agencies: one count indicator for every commune of a province, optionally
 * broken down, with small counts withheld (`suppressTable`). Computed by the indicator engine from the
 * aggregate tables, so a published table holds no personal data and reads no register row.
 */
export class PublishedService {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly catalogue: IndicatorCatalogue = defaultIndicatorCatalogue(),
    private readonly codeLists: RegisterCodeLists = defaultRegisterCodeLists,
  ) {}

  async table(actor: Actor, query: PublishedTableQuery): Promise<PublishedTable> {
    const indicator = this.catalogue.indicators.get(query.code);
    if (!indicator || !(PUBLISHABLE_INDICATORS as readonly string[]).includes(query.code)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'code', reason: 'not_a_publishable_count' }]);
    }
    const breakdown = query.breakdown ?? null;
    if (breakdown && !indicator.allowedBreakdowns.has(breakdown)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: 'breakdown', reason: 'not_allowed_for_indicator' },
      ]);
    }
    const period = periodOfQuery(query);
    const boundaries = query.boundaries ?? 'current';
    const data = await this.indicators.formulaData(actor, {
      unit: query.province,
      period,
      boundaries,
      requirements: (level) => dataRequirements(this.catalogue, [indicator.code], breakdown, level),
      perCommune: true,
    });
    if (data.unit.level !== 'province' || !data.communes) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'province', reason: 'province_code' }]);
    }
    const results = data.communes.map((commune) => ({
      commune,
      result: evaluateIndicator(
        indicator,
        {
          catalogue: this.catalogue,
          codeLists: this.codeLists,
          rows: commune.rows,
          period,
          level: 'commune',
        },
        { breakdown },
      ),
    }));
    const categories = breakdown
      ? [...new Set(results.flatMap(({ result }) => (result.categories ?? []).map((c) => c.category)))]
      : [];
    const count = (value: number | null) => Math.round(value ?? 0);
    const cells = results.map(({ result }) =>
      breakdown
        ? categories.map((category) =>
            count(result.categories?.find((c) => c.category === category)?.value ?? 0),
          )
        : [count(result.value)],
    );
    const suppressed = suppressTable(cells, { threshold: DEFAULT_SUPPRESSION_THRESHOLD });
    // Checked again by linear algebra, independently of how the cells were chosen: never publish otherwise.
    if (recomputableCells(suppressed).length > 0) {
      throw new DomainError('DANSO_ERR_INTERNAL', [{ path: 'table', reason: 'suppression_not_safe' }]);
    }
    return {
      province: { code: data.unit.code, name: data.unit.name },
      indicator: { code: indicator.code, vi: indicator.vi, en: indicator.en, unit: indicator.unit },
      period: { from: period.from, to: period.to, months: period.months.length, years: period.years },
      boundaries,
      breakdown,
      threshold: DEFAULT_SUPPRESSION_THRESHOLD,
      columns: breakdown
        ? categories.map((category) => ({ category, ...categoryLabel(breakdown, category, this.codeLists) }))
        : [{ category: 'total', vi: 'Tổng số', en: 'Total' }],
      rows: results.map(({ commune }, i) => ({
        unitCode: commune.code,
        unitName: commune.name,
        cells: suppressed.cells[i] ?? [],
        total: suppressed.rowTotals[i] ?? null,
      })),
      columnTotals: suppressed.columnTotals,
      total: suppressed.total,
      withheld: { primary: suppressed.primary, complementary: suppressed.complementary },
    };
  }
}

/** A published table as CSV (UTF-8 with a byte-order mark for spreadsheet programs); withheld cells read "x". */
export function publishedTableCsv(table: PublishedTable): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const shown = (value: number | null) => (value === null ? 'x' : String(value));
  const lines = [
    [`${table.indicator.vi} – ${table.province.name}`, `${table.period.from} – ${table.period.to}`],
    ['Mã xã', 'Tên xã', ...table.columns.map((c) => c.vi), 'Tổng số'],
    ...table.rows.map((row) => [row.unitCode, row.unitName, ...row.cells.map(shown), shown(row.total)]),
    ['', 'Toàn tỉnh', ...table.columnTotals.map(shown), shown(table.total)],
    [`x: số nhỏ hơn ${table.threshold} và các ô có thể suy ra chúng không được công bố`],
  ];
  return `\uFEFF${lines.map((line) => line.map(quote).join(',')).join('\r\n')}\r\n`;
}
