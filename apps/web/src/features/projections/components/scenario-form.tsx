import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { useCreateScenario } from '../hooks/use-projections.ts';

const factorFields = ['fertility', 'mortality', 'migration'] as const;

/** Officers keep named scenarios for their unit: three multipliers between 0.5 and 1.5. */
export function ScenarioForm({ unitCode }: { unitCode: string }) {
  const { t } = useTranslation();
  const create = useCreateScenario();
  const [name, setName] = useState('');
  const [factors, setFactors] = useState({ fertility: 1, mortality: 1, migration: 1 });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ unitCode, name, ...factors }, { onSuccess: () => setName('') });
  };
  return (
    <section className="panel">
      <h2>{t('projections.newScenario')}</h2>
      <p className="muted">{t('projections.newScenarioHint')}</p>
      <form className="form" onSubmit={submit}>
        <div className="form-grid">
          <Field label={t('projections.scenarioName')}>
            {(props) => (
              <input
                {...props}
                required
                maxLength={80}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          {factorFields.map((key) => (
            <Field key={key} label={t(`projections.factor.${key}`)}>
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={0.5}
                  max={1.5}
                  step={0.05}
                  required
                  value={factors[key]}
                  onChange={(e) => setFactors((f) => ({ ...f, [key]: Number(e.target.value) }))}
                />
              )}
            </Field>
          ))}
        </div>
        <ErrorMessage error={create.error} />
        {create.isSuccess ? (
          <div className="alert alert-success" role="status">
            {t('projections.scenarioSaved')}
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button-secondary" disabled={create.isPending}>
            {t('projections.saveScenario')}
          </button>
        </div>
      </form>
    </section>
  );
}
