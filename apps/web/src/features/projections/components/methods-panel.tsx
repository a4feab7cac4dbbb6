import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { ProjectionRun, RateSource } from '../api/projections-api.ts';

/** Where each rate came from and how it was smoothed, as the run states it. */
export function MethodsPanel({ run }: { run: ProjectionRun }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { methods, window } = run.rates;
  const num = (v: number, digits: number) => formatNumber(Number(v.toFixed(digits)), language);
  const pct = (v: number) => `${num(v * 100, 0)} %`;
  const source = (s: RateSource) =>
    s === 'reference' ? t('projections.sourceReference') : t('projections.sourceBlended');
  const m = methods.mortality;
  const f = methods.fertility;
  const g = methods.migration;
  return (
    <section className="panel" data-testid="projection-methods">
      <h2>{t('projections.methodsTitle')}</h2>
      <p>
        {window
          ? t('projections.window', {
              from: formatDate(window.from),
              to: formatDate(window.to),
              months: window.months,
            })
          : t('projections.noWindow', { months: methods.smoothing.minimumWindowMonths })}
      </p>
      <p className="muted">
        {t('projections.smoothing', {
          level: methods.smoothing.levelPrior,
          group: methods.smoothing.groupPrior,
          months: methods.smoothing.minimumWindowMonths,
        })}
      </p>
      <dl className="projection-methods-list">
        <dt>{t('projections.mortality')}</dt>
        <dd>
          {source(m.source)} — {m.reference}.{' '}
          {t('projections.mortalityFigures', {
            male: num(m.lifeExpectancy.male, 1),
            female: num(m.lifeExpectancy.female, 1),
            deaths: num(m.stats.male.events + m.stats.female.events, 0),
            weight: pct((m.stats.male.weight + m.stats.female.weight) / 2),
          })}
        </dd>
        <dt>{t('projections.fertility')}</dt>
        <dd>
          {source(f.source)} — {f.reference}.{' '}
          {t('projections.fertilityFigures', {
            tfr: num(f.tfr, 2),
            reference: num(f.referenceTfr, 2),
            births: num(f.stats.events, 0),
            weight: pct(f.stats.weight),
            srb: num(methods.srb.value, 3),
          })}
        </dd>
        <dt>{t('projections.migration')}</dt>
        <dd>
          {source(g.source)} — {g.reference}; {g.shape}.{' '}
          {t('projections.migrationFigures', {
            in: num(g.referenceInPerThousand, 1),
            out: num(g.referenceOutPerThousand, 1),
            moves: num(g.in.male.events + g.in.female.events + g.out.male.events + g.out.female.events, 0),
          })}
        </dd>
        <dt>{t('projections.scenarioRule')}</dt>
        <dd>{t('projections.scenarioRuleText')}</dd>
      </dl>
    </section>
  );
}
