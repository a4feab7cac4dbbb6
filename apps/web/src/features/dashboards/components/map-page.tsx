import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useLanguage } from '../../../lib/i18n.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useBoundaries, useMapIndicators, useRanking, useUnitOptions } from '../hooks/use-dashboards.ts';
import { ChartPanel } from './chart-panel.tsx';
import { classBreaks, mapOption } from './charts.ts';
import './dashboards.css';
import { EChart, registerMap } from './echart.tsx';
import { formatValue } from './format-value.ts';
import { type PeriodChoice, periodChoices, periodLabel } from './periods.ts';

const DEFAULT_INDICATOR = 'POP';

/**
 * The population map (issue 6, item 6): the province's communes coloured by an indicator for a period,
 * with class breaks in the legend, the commune's name and value on hover, and its page on click.
 */
export function MapPage({ provinceCode }: { provinceCode: string | null }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  useDocumentTitle(t('dashboards.mapTitle'));
  const navigate = useNavigate();
  const search = useSearchParams();
  const units = useUnitOptions();
  const provinces = (units.data ?? []).filter((u) => u.kind === 'province');
  const province = provinceCode ?? provinces[0]?.code ?? null;
  const choices = useMemo(() => periodChoices(), []);
  const period = choices.find((c) => c.value === search.get('period')) ?? (choices[0] as PeriodChoice);
  const code = search.get('indicator') ?? DEFAULT_INDICATOR;
  const indicators = useMapIndicators();
  const boundaries = useBoundaries(province);
  const ranking = useRanking(province, code, period.value);

  const mapName = boundaries.data ? `province-${boundaries.data.province.code}-${boundaries.data.date}` : '';
  const registered = useMemo(() => {
    if (!boundaries.data || boundaries.data.features.length === 0) return false;
    registerMap(mapName, boundaries.data);
    return true;
  }, [boundaries.data, mapName]);

  if (units.isPending || boundaries.isPending) return <Loading />;
  if (!province) return <ErrorPanel error={units.error} onRetry={() => void units.refetch()} />;
  if (!boundaries.data)
    return <ErrorPanel error={boundaries.error} onRetry={() => void boundaries.refetch()} />;

  const go = (next: { province?: string; indicator?: string; period?: string }) =>
    navigate(
      `/map/${encodeURIComponent(next.province ?? province)}?indicator=${encodeURIComponent(next.indicator ?? code)}` +
        `&period=${encodeURIComponent(next.period ?? period.value)}`,
    );
  const name = (i: { vi: string; en: string }) => (language === 'vi' ? i.vi : i.en);
  const indicator = ranking.data?.indicator;
  const decimals = indicator?.decimals ?? 0;
  const fmt = (value: number | null, d = decimals) => formatValue(value, d, language);
  const values = (ranking.data?.items ?? []).map((i) => ({
    code: i.unitCode,
    name: i.unitName,
    value: i.value,
  }));
  const breaks = classBreaks(
    values.map((v) => v.value),
    5,
    decimals,
  );
  const withValue = values.filter((v) => v.value !== null);
  const top = [...withValue].sort((a, b) => (b.value as number) - (a.value as number))[0];
  const bbox = boundaries.data.bbox;
  const aspectScale = bbox ? Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180) : 1;
  const data = boundaries.data;

  return (
    <>
      <PageHeader
        title={t('dashboards.mapTitle')}
        subtitle={t('dashboards.mapSubtitle', { province: data.province.name })}
        actions={
          <Link className="button button-secondary" to={`/dashboards/${province}?period=${period.value}`}>
            {t('dashboards.openDashboard')}
          </Link>
        }
      />
      {data.generated ? (
        <p className="map-notice" role="note">
          {t('dashboards.generatedNotice')}
        </p>
      ) : null}
      <form className="dashboard-controls" onSubmit={(e) => e.preventDefault()}>
        {provinces.length > 1 ? (
          <label>
            <span>{t('dashboards.province')}</span>
            <select value={province} onChange={(e) => go({ province: e.target.value })}>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          <span>{t('dashboards.indicator')}</span>
          <select value={code} onChange={(e) => go({ indicator: e.target.value })}>
            {(indicators.data ?? []).map((i) => (
              <option key={i.code} value={i.code}>
                {name(i)} ({name(i.unit)})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('dashboards.period')}</span>
          <select value={period.value} onChange={(e) => go({ period: e.target.value })}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {periodLabel(t, c)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {!registered ? (
        <section className="panel">
          <p>{t('dashboards.noBoundaries')}</p>
        </section>
      ) : ranking.isPending ? (
        <Loading />
      ) : !ranking.data || !indicator ? (
        <ErrorPanel error={ranking.error} onRetry={() => void ranking.refetch()} />
      ) : (
        <ChartPanel
          testId="panel-map"
          title={`${name(indicator)} (${name(indicator.unit)})`}
          note={t('dashboards.mapNote', { count: data.features.length, missing: data.missing.length })}
          chart={
            <EChart
              testId="chart-map"
              height={560}
              label={t('dashboards.mapLabel', {
                indicator: name(indicator),
                communes: withValue.length,
                low: fmt(breaks[0] ?? null),
                high: fmt(breaks.at(-1) ?? null),
                top: top ? `${top.name} (${fmt(top.value)})` : '—',
              })}
              option={mapOption({
                mapName,
                values,
                breaks,
                unit: name(indicator.unit),
                noData: t('dashboards.noData'),
                format: fmt,
                decimals,
                aspectScale,
              })}
              onItemClick={(commune) => navigate(`/places/communes/${encodeURIComponent(commune)}`)}
            />
          }
          table={
            <table className="table" data-testid="map-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboards.rank')}</th>
                  <th scope="col">{t('dashboards.commune')}</th>
                  <th scope="col" className="numeric">
                    {name(indicator)} ({name(indicator.unit)})
                  </th>
                </tr>
              </thead>
              <tbody>
                {ranking.data.items.map((item) => (
                  <tr key={item.unitCode}>
                    <td>{item.rank ?? '—'}</td>
                    <td>
                      <Link to={`/places/communes/${item.unitCode}`}>{item.unitName}</Link>
                    </td>
                    <td className="numeric">{fmt(item.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </>
  );
}
