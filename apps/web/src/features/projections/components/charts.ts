import type { ProjectedYear, ProjectionRun } from '../api/projections-api.ts';
import type { ChartOption } from './echart.tsx';

const male = '#2f6fb2';
const female = '#c8507a';
const scenarioColours = ['#b45309', '#1f7a4d', '#6d28d9', '#0e7490', '#be123c', '#4d7c0f'];

export function scenarioColour(index: number): string {
  return scenarioColours[index % scenarioColours.length] ?? '#333';
}

/** The largest single-age group of a scenario over all its years: the pyramid keeps one scale. */
export function pyramidScale(years: readonly ProjectedYear[]): number {
  let max = 0;
  for (const year of years) {
    for (const v of year.population.male) max = Math.max(max, v);
    for (const v of year.population.female) max = Math.max(max, v);
  }
  return max > 0 ? Math.ceil(max * 1.05) : 1;
}

export function pyramidOption(
  ages: readonly number[],
  year: ProjectedYear,
  scale: number,
  labels: { male: string; female: string; age: string },
): ChartOption {
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    animationDurationUpdate: 350,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => String(Math.abs(Number(v))),
    },
    legend: { data: [labels.male, labels.female], top: 0 },
    grid: { left: 48, right: 24, top: 32, bottom: 28 },
    xAxis: {
      type: 'value',
      min: -scale,
      max: scale,
      axisLabel: { formatter: (v: number) => String(Math.abs(v)) },
    },
    yAxis: {
      type: 'category',
      name: labels.age,
      data: ages.map((a, i) => (i === ages.length - 1 ? `${a}+` : String(a))),
      axisTick: { show: false },
      axisLabel: { interval: 9 },
    },
    series: [
      {
        name: labels.male,
        type: 'bar',
        stack: 'pyramid',
        barCategoryGap: '8%',
        itemStyle: { color: male },
        data: year.population.male.map((v) => -round(v)),
      },
      {
        name: labels.female,
        type: 'bar',
        stack: 'pyramid',
        itemStyle: { color: female },
        data: year.population.female.map(round),
      },
    ],
  };
}

/**
 * One line per scenario, and the band between the lowest and highest scenario each year (the fan): a
 * transparent base series stacked under the band's height.
 */
export function fanOption(
  run: ProjectionRun,
  value: (year: ProjectedYear) => number | null,
  labels: { band: string; digits: number; names: readonly string[] },
): ChartOption {
  const years = run.scenarios[0]?.years.map((y) => y.date.slice(0, 4)) ?? [];
  const values = run.scenarios.map((s) => s.years.map((y) => value(y)));
  const round = (v: number | null) => (v === null ? null : Number(v.toFixed(labels.digits)));
  const low = years.map((_, i) => Math.min(...values.map((v) => v[i] ?? Number.POSITIVE_INFINITY)));
  const high = years.map((_, i) => Math.max(...values.map((v) => v[i] ?? Number.NEGATIVE_INFINITY)));
  const band =
    run.scenarios.length > 1
      ? [
          {
            name: 'fan-base',
            type: 'line',
            stack: 'fan',
            data: low.map((v) => round(Number.isFinite(v) ? v : null)),
            lineStyle: { opacity: 0 },
            symbol: 'none',
            tooltip: { show: false },
            silent: true,
          },
          {
            name: labels.band,
            type: 'line',
            stack: 'fan',
            data: high.map((v, i) => round(Number.isFinite(v) ? v - (low[i] ?? 0) : null)),
            lineStyle: { opacity: 0 },
            areaStyle: { color: 'rgba(180, 83, 9, 0.12)' },
            symbol: 'none',
            tooltip: { show: false },
            silent: true,
          },
        ]
      : [];
  return {
    animationDuration: 400,
    tooltip: { trigger: 'axis' },
    legend: { data: [...labels.names], top: 0 },
    grid: { left: 64, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: years, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [
      ...band,
      ...run.scenarios.map((s, i) => ({
        name: labels.names[i] ?? s.name,
        type: 'line',
        data: values[i]?.map(round),
        symbol: 'none',
        lineStyle: { width: 2, color: scenarioColour(i) },
        itemStyle: { color: scenarioColour(i) },
      })),
    ],
  };
}
