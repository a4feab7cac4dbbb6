import type { ChartOption } from './echart.tsx';

const male = '#2f6fb2';
const female = '#c8507a';
const births = '#1f7a4d';
const deaths = '#6b7280';
const target = '#b91c1c';

export type Format = (value: number | null, decimals?: number) => string;

/** Population by sex and age in five-year groups (single ages are too jagged for a small commune). */
export function pyramidGroups(pyramid: { ages: number[]; male: number[]; female: number[] }) {
  const groups: Array<{ label: string; male: number; female: number }> = [];
  for (let start = 0; start < pyramid.ages.length; start += 5) {
    const last = start >= 85;
    const end = last ? pyramid.ages.length : start + 5;
    const sum = (values: number[]) => values.slice(start, end).reduce((s, v) => s + v, 0);
    groups.push({
      label: last ? `${start}+` : `${start}–${start + 4}`,
      male: sum(pyramid.male),
      female: sum(pyramid.female),
    });
    if (last) break;
  }
  return groups;
}

export function pyramidOption(
  groups: ReturnType<typeof pyramidGroups>,
  labels: { male: string; female: string },
  format: Format,
): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => format(Math.abs(Number(v)), 0),
    },
    legend: { data: [labels.male, labels.female], top: 0 },
    grid: { left: 56, right: 24, top: 32, bottom: 28 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(Math.abs(v), 0) } },
    yAxis: { type: 'category', data: groups.map((g) => g.label), axisTick: { show: false } },
    series: [
      {
        name: labels.male,
        type: 'bar',
        stack: 'pyramid',
        barCategoryGap: '10%',
        itemStyle: { color: male },
        data: groups.map((g) => -g.male),
      },
      {
        name: labels.female,
        type: 'bar',
        stack: 'pyramid',
        itemStyle: { color: female },
        data: groups.map((g) => g.female),
      },
    ],
  };
}

export function trendOption(
  months: string[],
  series: Array<{ name: string; values: Array<number | null> }>,
  format: Format,
): ChartOption {
  const colours = [births, deaths];
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(v === null ? null : Number(v), 0) },
    legend: { data: series.map((s) => s.name), top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months.map(monthLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      itemStyle: { color: colours[i % colours.length] },
    })),
  };
}

/** A line against a target: the SRB with the national target of 109 as a red line. */
export function targetLineOption(
  months: string[],
  line: { name: string; values: Array<number | null>; decimals: number },
  goal: { value: number; label: string } | null,
  format: Format,
): ChartOption {
  const values = line.values.filter((v): v is number => v !== null);
  const low = Math.min(...values, goal?.value ?? Number.POSITIVE_INFINITY);
  const high = Math.max(...values, goal?.value ?? Number.NEGATIVE_INFINITY);
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => format(v === null ? null : Number(v), line.decimals),
    },
    legend: { data: [line.name], top: 0 },
    grid: { left: 48, right: 72, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months.map(monthLabel), boundaryGap: false },
    yAxis: {
      type: 'value',
      min: Number.isFinite(low) ? Math.floor(low * 0.95) : undefined,
      max: Number.isFinite(high) ? Math.ceil(high * 1.05) : undefined,
    },
    series: [
      {
        name: line.name,
        type: 'line',
        data: line.values,
        connectNulls: false,
        symbolSize: 5,
        lineStyle: { width: 2, color: male },
        itemStyle: { color: male },
        ...(goal
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: target, type: 'dashed', width: 2 },
                label: { formatter: goal.label, color: target, position: 'end' },
                data: [{ yAxis: goal.value }],
              },
            }
          : {}),
      },
    ],
  };
}

/** 'YYYY-MM' → 'MM/YYYY'. */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/**
 * Class breaks for a choropleth: up to `classes` quantile classes over the values present, with the
 * boundaries rounded to the indicator's decimals and duplicates merged (few distinct values, few classes).
 */
export function classBreaks(values: ReadonlyArray<number | null>, classes = 5, decimals = 1): number[] {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const round = (v: number) => Number(v.toFixed(decimals));
  const breaks = [round(sorted[0] as number)];
  for (let k = 1; k < classes; k++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / classes))] as number;
    const b = round(q);
    if (b > (breaks[breaks.length - 1] as number)) breaks.push(b);
  }
  const top = round(sorted[sorted.length - 1] as number);
  if (top > (breaks[breaks.length - 1] as number) || breaks.length === 1) breaks.push(top);
  return breaks;
}

const palette = ['#fde8d7', '#f9b98a', '#f08a4b', '#d9531e', '#9a3412', '#6c1d0a'];

export function mapOption(input: {
  mapName: string;
  values: Array<{ code: string; name: string; value: number | null }>;
  breaks: number[];
  unit: string;
  noData: string;
  format: Format;
  decimals: number;
  /** cos(latitude): degrees of longitude are shorter than degrees of latitude away from the equator. */
  aspectScale: number;
}): ChartOption {
  const { breaks, format, decimals } = input;
  const pieces = breaks.slice(0, -1).map((low, i) => {
    const high = breaks[i + 1] as number;
    const last = i === breaks.length - 2;
    return {
      min: low,
      ...(last ? { max: high } : { lt: high }),
      label: `${format(low, decimals)} – ${last ? '' : '<'}${format(high, decimals)}`,
      color: palette[Math.min(i, palette.length - 1)],
    };
  });
  if (breaks.length === 1) {
    pieces.push({
      min: breaks[0] as number,
      max: breaks[0] as number,
      label: format(breaks[0] as number, decimals),
      color: palette[2] as string,
    });
  }
  const byCode = new Map(input.values.map((v) => [v.code, v]));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: { name: string }) => {
        const item = byCode.get(params.name);
        if (!item) return params.name;
        const value = item.value === null ? input.noData : `${format(item.value, decimals)} ${input.unit}`;
        return `<strong>${escapeHtml(item.name)}</strong><br/>${escapeHtml(value)}`;
      },
    },
    visualMap: {
      type: 'piecewise',
      pieces,
      left: 8,
      bottom: 8,
      orient: 'vertical',
      textStyle: { fontSize: 12 },
      outOfRange: { color: '#e5e7eb' },
    },
    series: [
      {
        type: 'map',
        map: input.mapName,
        nameProperty: 'code',
        roam: true,
        aspectScale: input.aspectScale,
        itemStyle: { borderColor: '#fff', borderWidth: 0.8, areaColor: '#e5e7eb' },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#2f6fb2' } },
        select: { disabled: true },
        data: input.values.map((v) => ({ name: v.code, value: v.value ?? undefined })),
      },
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
