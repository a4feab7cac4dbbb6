import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectionRun } from '../api/projections-api.ts';
import { fanOption } from './charts.ts';
import { EChart } from './echart.tsx';
import { scenarioName } from './scenario-name.ts';

/** Total population and the total dependency ratio of every scenario, with the fan between them. */
export function TrendsPanel({ run }: { run: ProjectionRun }) {
  const { t } = useTranslation();
  const band = t('projections.fan');
  const names = useMemo(() => run.scenarios.map((s) => scenarioName(t, s)), [run, t]);
  const total = useMemo(() => fanOption(run, (y) => y.total, { band, digits: 0, names }), [run, band, names]);
  const dependency = useMemo(
    () => fanOption(run, (y) => y.totalDependency, { band, digits: 1, names }),
    [run, band, names],
  );
  return (
    <section className="panel">
      <div className="columns">
        <div>
          <h2>{t('projections.totalTitle')}</h2>
          <EChart option={total} label={t('projections.totalTitle')} testId="fan-total" height={320} />
        </div>
        <div>
          <h2>{t('projections.dependencyTitle')}</h2>
          <p className="muted">{t('projections.dependencyHint')}</p>
          <EChart
            option={dependency}
            label={t('projections.dependencyTitle')}
            testId="fan-dependency"
            height={300}
          />
        </div>
      </div>
    </section>
  );
}
