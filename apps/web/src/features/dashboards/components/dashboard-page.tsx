import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { Overview, UnitOption } from '../api/dashboards-api.ts';
import { useOverview, useUnitOptions } from '../hooks/use-dashboards.ts';
import { ChartPanel } from './chart-panel.tsx';
import { monthLabel, pyramidGroups, pyramidOption, targetLineOption, trendOption } from './charts.ts';
import './dashboards.css';
import { DataQualityPanel } from './data-quality-panel.tsx';
import { EChart } from './echart.tsx';
import { formatValue } from './format-value.ts';
import { type PeriodChoice, periodChoices, periodLabel } from './periods.ts';

const tiles = ['POP', 'BIRTHS', 'DEATHS', 'CBR', 'CDR', 'TFR', 'SRB', 'CPR', 'BIRTHS_3PLUS', 'AGEING_INDEX'];

/** The province or commune overview (issue 6, item 5): the unit and period chosen within the user's scope. */
export function DashboardPage({ unitCode }: { unitCode: string | null }) {
  const { t } = useTranslation();
  const units = useUnitOptions();
  const navigate = useNavigate();
  const search = useSearchParams();
  const choices = useMemo(() => periodChoices(), []);
  const period = choices.find((c) => c.value === search.get('period')) ?? (choices[0] as PeriodChoice);
  const unit: UnitOption | null =
    units.data?.find((u) => u.code === unitCode) ?? (unitCode ? null : (units.data?.[0] ?? null));
  const overview = useOverview(unit?.code ?? (unitCode || null), period.value);
  useDocumentTitle(t('dashboards.title'));

  if (units.isPending) return <Loading />;
  if (!units.data) return <ErrorPanel error={units.error} onRetry={() => void units.refetch()} />;

  const go = (code: string, periodValue: string) =>
    navigate(`/dashboards/${encodeURIComponent(code)}?period=${encodeURIComponent(periodValue)}`);
  const current = unit?.code ?? unitCode ?? '';

  return (
    <>
      <PageHeader
        title={t('dashboards.title')}
        subtitle={overview.data ? t('dashboards.subtitle', { unit: overview.data.unit.name }) : undefined}
        actions={
          overview.data?.unit.level === 'province' ? (
            <Link
              className="button button-secondary"
              to={`/map/${overview.data.unit.code}?period=${period.value}`}
            >
              {t('dashboards.openMap')}
            </Link>
          ) : null
        }
      />
      <form className="dashboard-controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('dashboards.unit')}</span>
          <select value={current} onChange={(e) => go(e.target.value, period.value)}>
            {unit || !unitCode ? null : <option value={unitCode}>{unitCode}</option>}
            {units.data.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('dashboards.period')}</span>
          <select value={period.value} onChange={(e) => go(current, e.target.value)}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {periodLabel(t, c)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {overview.isPending ? (
        <Loading />
      ) : overview.data ? (
        <OverviewPanels overview={overview.data} unit={unit} />
      ) : (
        <ErrorPanel error={overview.error} onRetry={() => void overview.refetch()} />
      )}
    </>
  );
}

function OverviewPanels({ overview, unit }: { overview: Overview; unit: UnitOption | null }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const fmt = (value: number | null, decimals = 0) => formatValue(value, decimals, language);
  const name = (i: { vi: string; en: string }) => (language === 'vi' ? i.vi : i.en);
  const byCode = new Map(overview.indicators.map((i) => [i.code, i]));
  const series = new Map(overview.series.items.map((s) => [s.code, s]));
  const months = overview.series.months;

  const groups = pyramidGroups(overview.pyramid);
  const totalMale = groups.reduce((s, g) => s + g.male, 0);
  const totalFemale = groups.reduce((s, g) => s + g.female, 0);
  const pyramidLabels = { male: t('dashboards.male'), female: t('dashboards.female') };

  const births = series.get('BIRTHS');
  const deaths = series.get('DEATHS');
  const srb = series.get('SRB');
  const tfr = series.get('TFR');
  const third = series.get('BIRTHS_3PLUS');
  const goal = srb?.target?.max ?? 109;
  const lastSrb = srb?.values.at(-1) ?? null;

  return (
    <>
      <p className="muted" data-testid="dashboard-period">
        {t('dashboards.periodShown', {
          from: monthLabel(overview.period.from),
          to: monthLabel(overview.period.to),
        })}
      </p>
      <dl className="stat-tiles dashboard-tiles">
        {tiles.map((code) => {
          const i = byCode.get(code);
          if (!i) return null;
          return (
            <div className="stat-tile" key={code}>
              <dt>{name(i)}</dt>
              <dd>
                {fmt(i.value, i.decimals)} <span className="muted">{name(i.unit)}</span>
              </dd>
            </div>
          );
        })}
      </dl>
      <div className="dashboard-grid">
        <ChartPanel
          testId="panel-pyramid"
          title={t('dashboards.pyramidTitle', { date: formatDate(overview.pyramid.date) })}
          chart={
            <EChart
              testId="chart-pyramid"
              height={380}
              label={t('dashboards.pyramidLabel', {
                date: formatDate(overview.pyramid.date),
                male: fmt(totalMale),
                female: fmt(totalFemale),
              })}
              option={pyramidOption(groups, pyramidLabels, fmt)}
            />
          }
          table={
            <table className="table">
              <caption className="visually-hidden">
                {t('dashboards.pyramidTitle', { date: formatDate(overview.pyramid.date) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboards.ageGroup')}</th>
                  <th scope="col" className="numeric">
                    {pyramidLabels.male}
                  </th>
                  <th scope="col" className="numeric">
                    {pyramidLabels.female}
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.label}>
                    <th scope="row">{g.label}</th>
                    <td className="numeric">{fmt(g.male)}</td>
                    <td className="numeric">{fmt(g.female)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        {births && deaths ? (
          <ChartPanel
            testId="panel-trend"
            title={t('dashboards.trendTitle')}
            chart={
              <EChart
                testId="chart-trend"
                label={t('dashboards.trendLabel', {
                  from: monthLabel(months[0] ?? ''),
                  to: monthLabel(months.at(-1) ?? ''),
                  births: fmt(births.values.reduce<number>((s, v) => s + (v ?? 0), 0)),
                  deaths: fmt(deaths.values.reduce<number>((s, v) => s + (v ?? 0), 0)),
                })}
                option={trendOption(
                  months,
                  [
                    { name: name(births), values: births.values },
                    { name: name(deaths), values: deaths.values },
                  ],
                  fmt,
                )}
              />
            }
            table={
              <SeriesTable
                months={months}
                columns={[
                  { name: name(births), values: births.values, decimals: 0 },
                  { name: name(deaths), values: deaths.values, decimals: 0 },
                ]}
              />
            }
          />
        ) : null}
        {srb ? (
          <ChartPanel
            testId="panel-srb"
            title={t('dashboards.srbTitle', { goal })}
            note={t('dashboards.rollingNote', { months: overview.series.rollingMonths })}
            chart={
              <EChart
                testId="chart-srb"
                label={t('dashboards.srbLabel', {
                  value: fmt(lastSrb, srb.decimals),
                  month: monthLabel(months.at(-1) ?? ''),
                  goal,
                })}
                option={targetLineOption(
                  months,
                  { name: name(srb), values: srb.values, decimals: srb.decimals },
                  { value: goal, label: t('dashboards.srbGoal', { goal }) },
                  fmt,
                )}
              />
            }
            table={
              <SeriesTable
                months={months}
                columns={[
                  { name: name(srb), values: srb.values, decimals: srb.decimals },
                  { name: t('dashboards.srbGoal', { goal }), values: months.map(() => goal), decimals: 0 },
                ]}
              />
            }
          />
        ) : null}
        {tfr && third ? (
          <ChartPanel
            testId="panel-fertility"
            title={t('dashboards.fertilityTitle')}
            note={t('dashboards.rollingNote', { months: overview.series.rollingMonths })}
            chart={
              <div className="dashboard-pair">
                <EChart
                  testId="chart-tfr"
                  height={220}
                  label={t('dashboards.lineLabel', {
                    name: name(tfr),
                    value: fmt(tfr.values.at(-1) ?? null, tfr.decimals),
                    unit: name(tfr.unit),
                    month: monthLabel(months.at(-1) ?? ''),
                  })}
                  option={targetLineOption(
                    months,
                    { name: name(tfr), values: tfr.values, decimals: tfr.decimals },
                    null,
                    fmt,
                  )}
                />
                <EChart
                  testId="chart-third"
                  height={220}
                  label={t('dashboards.lineLabel', {
                    name: name(third),
                    value: fmt(third.values.at(-1) ?? null, third.decimals),
                    unit: name(third.unit),
                    month: monthLabel(months.at(-1) ?? ''),
                  })}
                  option={targetLineOption(
                    months,
                    { name: name(third), values: third.values, decimals: third.decimals },
                    null,
                    fmt,
                  )}
                />
              </div>
            }
            table={
              <SeriesTable
                months={months}
                columns={[
                  { name: `${name(tfr)} (${name(tfr.unit)})`, values: tfr.values, decimals: tfr.decimals },
                  {
                    name: `${name(third)} (${name(third.unit)})`,
                    values: third.values,
                    decimals: third.decimals,
                  },
                ]}
              />
            }
          />
        ) : null}
        <DataQualityPanel overview={overview} unit={unit} />
      </div>
    </>
  );
}

function SeriesTable({
  months,
  columns,
}: {
  months: string[];
  columns: Array<{ name: string; values: Array<number | null>; decimals: number }>;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('dashboards.month')}</th>
          {columns.map((c) => (
            <th scope="col" className="numeric" key={c.name}>
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {months.map((m, i) => (
          <tr key={m}>
            <th scope="row">{monthLabel(m)}</th>
            {columns.map((c) => (
              <td className="numeric" key={c.name}>
                {formatValue(c.values[i] ?? null, c.decimals, language)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
