import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { ProjectionRun } from '../api/projections-api.ts';
import { scenarioName } from './scenario-name.ts';

/** Year by year: the total of every scenario, and births, deaths and dependency of each. */
export function YearsTable({ run }: { run: ProjectionRun }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const whole = (v: number | null) => (v === null ? '—' : formatNumber(Math.round(v), language));
  const ratio = (v: number | null) => (v === null ? '—' : formatNumber(Number(v.toFixed(1)), language));
  const first = run.scenarios[0];
  if (!first) return null;
  return (
    <section className="panel">
      <h2>{t('projections.tableTitle')}</h2>
      <div className="table-scroll">
        <table className="table" data-testid="projection-table">
          <thead>
            <tr>
              <th scope="col">{t('projections.date')}</th>
              {run.scenarios.map((s) => (
                <th scope="col" className="numeric" key={s.id}>
                  {t('projections.totalOf', { scenario: scenarioName(t, s) })}
                </th>
              ))}
              {run.scenarios.map((s) => (
                <th scope="col" className="numeric" key={`b-${s.id}`}>
                  {t('projections.birthsOf', { scenario: scenarioName(t, s) })}
                </th>
              ))}
              {run.scenarios.map((s) => (
                <th scope="col" className="numeric" key={`d-${s.id}`}>
                  {t('projections.deathsOf', { scenario: scenarioName(t, s) })}
                </th>
              ))}
              {run.scenarios.map((s) => (
                <th scope="col" className="numeric" key={`r-${s.id}`}>
                  {t('projections.dependencyOf', { scenario: scenarioName(t, s) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first.years.map((year, i) => (
              <tr key={year.date}>
                <td>{formatDate(year.date)}</td>
                {run.scenarios.map((s) => (
                  <td className="numeric" key={s.id}>
                    {whole(s.years[i]?.total ?? null)}
                  </td>
                ))}
                {run.scenarios.map((s) => (
                  <td className="numeric" key={`b-${s.id}`}>
                    {whole(s.years[i]?.births ?? null)}
                  </td>
                ))}
                {run.scenarios.map((s) => (
                  <td className="numeric" key={`d-${s.id}`}>
                    {whole(s.years[i]?.deaths ?? null)}
                  </td>
                ))}
                {run.scenarios.map((s) => (
                  <td className="numeric" key={`r-${s.id}`}>
                    {ratio(s.years[i]?.totalDependency ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
