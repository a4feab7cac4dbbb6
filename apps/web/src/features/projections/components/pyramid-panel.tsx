import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { ProjectionRun } from '../api/projections-api.ts';
import { pyramidOption, pyramidScale } from './charts.ts';
import { EChart } from './echart.tsx';
import { scenarioName } from './scenario-name.ts';

const frameMs = 450;

/** The population pyramid of one scenario, year by year: a slider, and play / pause to animate it. */
export function PyramidPanel({ run }: { run: ProjectionRun }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [scenarioId, setScenarioId] = useState(
    () => (run.scenarios.find((s) => s.id === 'medium') ?? run.scenarios[0])?.id ?? '',
  );
  const scenario = run.scenarios.find((s) => s.id === scenarioId) ?? run.scenarios[0];
  const years = scenario?.years ?? [];
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const lastIndex = years.length - 1;

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      setIndex((i) => {
        if (i >= lastIndex) {
          setPlaying(false);
          return i;
        }
        return i + 1;
      });
    }, frameMs);
    return () => window.clearInterval(timer);
  }, [playing, lastIndex]);

  const scale = useMemo(() => pyramidScale(years), [years]);
  const year = years[Math.min(index, lastIndex)];
  const labels = useMemo(
    () => ({ male: t('projections.male'), female: t('projections.female'), age: t('projections.age') }),
    [t],
  );
  const option = useMemo(
    () => (year ? pyramidOption(run.ages, year, scale, labels) : {}),
    [run.ages, year, scale, labels],
  );
  if (!scenario || !year) return null;

  const play = () => {
    if (index >= lastIndex) setIndex(0);
    setPlaying(true);
  };

  return (
    <section className="panel">
      <h2>{t('projections.pyramidTitle')}</h2>
      <div className="pyramid-controls">
        {run.scenarios.length > 1 ? (
          <label>
            <span>{t('projections.scenario')}</span>{' '}
            <select value={scenario.id} onChange={(e) => setScenarioId(e.target.value)}>
              {run.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {scenarioName(t, s)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => (playing ? setPlaying(false) : play())}
        >
          {playing ? t('projections.pause') : t('projections.play')}
        </button>
        <input
          type="range"
          min={0}
          max={lastIndex}
          step={1}
          value={index}
          aria-label={t('projections.yearSlider')}
          aria-valuetext={year.date.slice(0, 4)}
          onChange={(e) => {
            setPlaying(false);
            setIndex(Number(e.target.value));
          }}
        />
        <strong data-testid="pyramid-year" aria-live="polite">
          {t('projections.yearLabel', { year: year.date.slice(0, 4) })}
        </strong>
        <span className="muted">
          {t('projections.yearTotal', { total: formatNumber(Math.round(year.total), language) })}
        </span>
      </div>
      <EChart
        option={option}
        label={t('projections.pyramidLabel', { year: year.date.slice(0, 4) })}
        testId="pyramid"
        height={520}
      />
    </section>
  );
}
