import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../lib/i18n.ts';
import { Link } from '../../../lib/router.tsx';
import type { Overview, UnitOption } from '../api/dashboards-api.ts';
import { useReportTimeliness } from '../hooks/use-dashboards.ts';
import { formatValue } from './format-value.ts';

/** The UN's reading of Whipple's index: how much ages ending in 0 and 5 are over-reported. */
function whippleClass(value: number | null) {
  if (value === null) return null;
  if (value < 105) return 'dashboards.whippleClasses.veryAccurate' as const;
  if (value < 110) return 'dashboards.whippleClasses.accurate' as const;
  if (value < 125) return 'dashboards.whippleClasses.approximate' as const;
  if (value < 175) return 'dashboards.whippleClasses.rough' as const;
  return 'dashboards.whippleClasses.veryRough' as const;
}

/**
 * Data quality: age heaping in the register (Whipple's and Myers' indices) and the monthly reports that are
 * late or missing, from the reports' monitoring (a province's communes) or the commune's own reports.
 */
export function DataQualityPanel({ overview, unit }: { overview: Overview; unit: UnitOption | null }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const whipple = overview.indicators.find((i) => i.code === 'WHIPPLE');
  const myers = overview.indicators.find((i) => i.code === 'MYERS');
  const year = overview.period.to.slice(0, 4);
  const reportUnit =
    overview.unit.level === 'area' ? null : { code: overview.unit.code, kind: overview.unit.level };
  const timeliness = useReportTimeliness(reportUnit, year);
  const whippleReading = whippleClass(whipple?.value ?? null);

  return (
    <section className="panel dashboard-panel" data-testid="panel-quality">
      <h2>{t('dashboards.qualityTitle')}</h2>
      <dl className="dashboard-quality">
        <div>
          <dt>{t('dashboards.whipple')}</dt>
          <dd>
            <strong>{formatValue(whipple?.value ?? null, whipple?.decimals ?? 1, language)}</strong>{' '}
            {whippleReading ? <span className="muted">{t(whippleReading)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('dashboards.myers')}</dt>
          <dd>
            <strong>{formatValue(myers?.value ?? null, myers?.decimals ?? 1, language)}</strong>{' '}
            <span className="muted">{t('dashboards.myersHint')}</span>
          </dd>
        </div>
      </dl>
      <h3>{t('dashboards.reportsTitle', { year })}</h3>
      {timeliness.isPending ? (
        <p className="muted">{t('dashboards.loadingReports')}</p>
      ) : !timeliness.data ? (
        <p className="muted">{t('dashboards.reportsUnavailable')}</p>
      ) : timeliness.data.kind === 'province' ? (
        (() => {
          const m = timeliness.data.monitoring;
          const missing = m.communes.filter((c) => c.cells.some((cell) => cell.overdue));
          const late = m.communes.filter((c) => c.cells.some((cell) => cell.onTime === false));
          return (
            <>
              <p data-testid="reports-summary">
                {t('dashboards.reportsProvince', {
                  received: m.totals.received,
                  expected: m.totals.expected,
                  onTime: m.totals.onTime,
                  missing: missing.length,
                  late: late.length,
                })}
              </p>
              {missing.length > 0 ? (
                <p className="muted">
                  {t('dashboards.missingCommunes')}{' '}
                  {missing
                    .slice(0, 12)
                    .map((c) => c.name)
                    .join(', ')}
                  {missing.length > 12 ? ` … (+${missing.length - 12})` : ''}
                </p>
              ) : null}
              <Link to="/reports/monitoring">{t('dashboards.openMonitoring')}</Link>
            </>
          );
        })()
      ) : (
        (() => {
          const monthly = timeliness.data.reports.items.filter((r) => r.form.code === 'DS-XA-THANG');
          const overdue = monthly.filter((r) => r.overdue);
          const late = monthly.filter((r) => r.onTime === false);
          return (
            <>
              <p data-testid="reports-summary">
                {t('dashboards.reportsCommune', { missing: overdue.length, late: late.length })}
              </p>
              {overdue.length > 0 ? (
                <p className="muted">
                  {t('dashboards.missingPeriods')} {overdue.map((r) => r.period).join(', ')}
                </p>
              ) : null}
              {unit ? <Link to="/reports">{t('dashboards.openReports')}</Link> : null}
            </>
          );
        })()
      )}
    </section>
  );
}
