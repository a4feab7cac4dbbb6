import type { Role } from '@danso/domain';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { StatTiles } from '../../../components/stat-tiles.tsx';
import { formatDate, formatNumber, todayIsoDate } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { exportUrl, type ProjectionRun } from '../api/projections-api.ts';
import { useRunProjection, useScenarios, useUnitOptions } from '../hooks/use-projections.ts';
import './projections.css';
import { MethodsPanel } from './methods-panel.tsx';
import { PyramidPanel } from './pyramid-panel.tsx';
import { ScenarioForm } from './scenario-form.tsx';
import { scenarioName } from './scenario-name.ts';
import { TrendsPanel } from './trends-panel.tsx';
import { YearsTable } from './years-table.tsx';

const defaultScenarios = ['low', 'medium', 'high'];

/** Seconds since `running` became true, for the progress shown while a projection runs. */
function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    setSeconds(0);
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => window.clearInterval(timer);
  }, [running]);
  return seconds;
}

export function ProjectionsPage({ role }: { role: Role }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  useDocumentTitle(t('projections.title'));
  const units = useUnitOptions();
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [baseDate, setBaseDate] = useState(todayIsoDate());
  const [horizon, setHorizon] = useState(20);
  const [chosen, setChosen] = useState<string[]>(defaultScenarios);
  const unit = unitCode ?? units.data?.[0]?.code ?? null;
  const scenarios = useScenarios(unit);
  const run = useRunProjection();
  const elapsed = useElapsedSeconds(run.isPending);
  const [result, setResult] = useState<ProjectionRun | null>(null);

  const available = useMemo(() => scenarios.data?.items ?? [], [scenarios.data]);
  const selected = chosen.filter((id) => available.some((s) => s.id === id));

  if (units.isPending) return <Loading />;
  if (!units.data) return <ErrorPanel error={units.error} onRetry={() => void units.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!unit || selected.length === 0) return;
    run.mutate(
      { unitCode: unit, baseDate, horizon, scenarioIds: selected },
      { onSuccess: (answer) => setResult(answer) },
    );
  };
  const toggle = (id: string) =>
    setChosen((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));
  const n = (value: number) => formatNumber(Math.round(value), language);
  const medium = result?.scenarios.find((s) => s.id === 'medium') ?? result?.scenarios[0];
  const last = medium?.years.at(-1);

  return (
    <>
      <PageHeader title={t('projections.title')} subtitle={t('projections.subtitle')} />
      <section className="panel">
        <h2>{t('projections.formTitle')}</h2>
        <form className="form projection-form" onSubmit={submit}>
          <div className="form-grid">
            <Field label={t('projections.unit')}>
              {(props) => (
                <select {...props} value={unit ?? ''} onChange={(e) => setUnitCode(e.target.value)}>
                  {units.data.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name} ({u.code})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('projections.baseDate')} hint={t('projections.baseDateHint')}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  required
                  max={todayIsoDate()}
                  value={baseDate}
                  onChange={(e) => setBaseDate(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('projections.horizon')} hint={t('projections.horizonHint')}>
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={1}
                  max={50}
                  required
                  value={horizon}
                  onChange={(e) => setHorizon(Number(e.target.value))}
                />
              )}
            </Field>
          </div>
          <fieldset className="scenario-choices">
            <legend>{t('projections.scenarios')}</legend>
            {scenarios.isPending ? <Loading /> : null}
            {available.map((s) => (
              <label key={s.id} className="checkbox">
                <input type="checkbox" checked={chosen.includes(s.id)} onChange={() => toggle(s.id)} />
                <span>
                  {scenarioName(t, s)}{' '}
                  <span className="muted">
                    {t('projections.factorsShort', {
                      fertility: s.factors.fertility,
                      mortality: s.factors.mortality,
                      migration: s.factors.migration,
                    })}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <ErrorMessage error={run.error} />
          <div className="actions">
            <button type="submit" className="button" disabled={run.isPending || selected.length === 0}>
              {t('projections.run')}
            </button>
          </div>
          {run.isPending ? (
            <div className="projection-progress" role="status" aria-live="polite">
              <progress aria-label={t('projections.running')} />
              <span>{t('projections.runningFor', { seconds: elapsed })}</span>
            </div>
          ) : null}
        </form>
      </section>

      {result && medium && last ? (
        <div data-testid="projection-result">
          <section className="panel">
            <div className="projection-result-head">
              <h2>
                {t('projections.resultTitle', {
                  unit: result.unit.name,
                  from: formatDate(result.baseDate),
                  to: formatDate(last.date),
                })}
              </h2>
              <div className="page-actions">
                <a className="button button-secondary" href={exportUrl(result.id, 'xlsx')} download>
                  {t('projections.downloadXlsx')}
                </a>
                <a className="button button-secondary" href={exportUrl(result.id, 'csv')} download>
                  {t('projections.downloadCsv')}
                </a>
              </div>
            </div>
            <StatTiles
              stats={[
                { label: t('projections.basePopulation'), value: n(medium.years[0]?.total ?? 0) },
                {
                  label: t('projections.finalPopulation', {
                    scenario: scenarioName(t, medium),
                    year: last.date.slice(0, 4),
                  }),
                  value: n(last.total),
                },
                {
                  label: t('projections.tfr'),
                  value: formatNumber(Number(result.rates.methods.fertility.tfr.toFixed(2)), language),
                },
                {
                  label: t('projections.lifeExpectancy'),
                  value: `${formatNumber(Number(result.rates.methods.mortality.lifeExpectancy.male.toFixed(1)), language)} / ${formatNumber(Number(result.rates.methods.mortality.lifeExpectancy.female.toFixed(1)), language)}`,
                },
              ]}
            />
          </section>
          <PyramidPanel run={result} />
          <TrendsPanel run={result} />
          <YearsTable run={result} />
          <MethodsPanel run={result} />
        </div>
      ) : null}

      {unit && (role === 'commune_officer' || role === 'province_officer') ? (
        <ScenarioForm unitCode={unit} />
      ) : null}
    </>
  );
}
