import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { SearchFilter } from '../api/register-api.ts';
import { usePeopleSearch } from '../hooks/use-register.ts';
import { birthDateInputOf, departureKey, formatBirthDate, parseBirthDateInput } from './register-format.ts';
import { householdPath, personPath, searchPath } from './register-paths.ts';
import './register.css';

const fields = ['q', 'birthDate', 'householdCode', 'card'] as const;

function filterFromParams(params: URLSearchParams): SearchFilter | null {
  const filter: SearchFilter = { q: '', birthDate: '', householdCode: '', card: '' };
  for (const field of fields) filter[field] = params.get(field)?.trim() ?? '';
  return fields.some((field) => filter[field]) ? filter : null;
}

function pathOf(filter: SearchFilter): string {
  const params = new URLSearchParams();
  for (const field of fields) if (filter[field]) params.set(field, filter[field]);
  return `${searchPath}?${params.toString()}`;
}

/** Tra cứu nhân khẩu: people of the user's place by name (with or without diacritics), birth date, codes. */
export function SearchPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const filter = filterFromParams(useSearchParams());
  const [draft, setDraft] = useState<SearchFilter>(
    filter
      ? { ...filter, birthDate: birthDateInputOf(filter.birthDate) }
      : { q: '', birthDate: '', householdCode: '', card: '' },
  );
  const [problem, setProblem] = useState<'birthDate' | 'empty' | null>(null);
  const results = usePeopleSearch(filter);
  useDocumentTitle(t('register.search.title'));

  const key = filter ? pathOf(filter) : '';
  useEffect(() => {
    if (!key) return;
    const next = filterFromParams(new URL(key, window.location.origin).searchParams);
    if (next) setDraft({ ...next, birthDate: birthDateInputOf(next.birthDate) });
  }, [key]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const birthDate = parseBirthDateInput(draft.birthDate);
    if (birthDate === null) {
      setProblem('birthDate');
      return;
    }
    const next = {
      q: draft.q.trim(),
      birthDate,
      householdCode: draft.householdCode.trim(),
      card: draft.card.trim(),
    };
    if (!fields.some((field) => next[field])) {
      setProblem('empty');
      return;
    }
    setProblem(null);
    navigate(pathOf(next));
  };

  return (
    <>
      <PageHeader title={t('register.search.title')} subtitle={t('register.search.subtitle')} />
      <form className="panel filter-bar register-search" onSubmit={submit} noValidate>
        <Field label={t('register.search.name')}>
          {(props) => (
            <input
              {...props}
              name="q"
              type="search"
              maxLength={100}
              placeholder={t('register.search.namePlaceholder')}
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('register.search.birthDate')}
          error={problem === 'birthDate' ? t('register.search.badBirthDate') : undefined}
        >
          {(props) => (
            <input
              {...props}
              name="birthDate"
              inputMode="numeric"
              placeholder={t('register.search.birthDatePlaceholder')}
              value={draft.birthDate}
              onChange={(e) => setDraft({ ...draft, birthDate: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('register.search.householdCode')}>
          {(props) => (
            <input
              {...props}
              name="householdCode"
              maxLength={40}
              value={draft.householdCode}
              onChange={(e) => setDraft({ ...draft, householdCode: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('register.search.card')}>
          {(props) => (
            <input
              {...props}
              name="card"
              maxLength={20}
              value={draft.card}
              onChange={(e) => setDraft({ ...draft, card: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('register.search.submit')}
        </button>
      </form>
      {problem === 'empty' ? (
        <div className="alert alert-error" role="alert">
          {t('register.search.needCriterion')}
        </div>
      ) : null}
      {filter && results.isPending ? <Loading /> : null}
      {results.isError ? <ErrorPanel error={results.error} onRetry={() => void results.refetch()} /> : null}
      {filter && results.data ? (
        <section className="panel">
          <h2>{t('register.search.count', { total: formatNumber(results.data.items.length, language) })}</h2>
          {results.data.truncated ? (
            <p className="alert alert-info">
              {t('register.search.truncated', { total: formatNumber(results.data.items.length, language) })}
            </p>
          ) : null}
          {results.data.items.length === 0 ? (
            <p className="muted">{t('register.search.none')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="search-results">
                <thead>
                  <tr>
                    <th scope="col">{t('register.fields.fullName')}</th>
                    <th scope="col">{t('register.fields.birthDate')}</th>
                    <th scope="col">{t('register.fields.sex')}</th>
                    <th scope="col">{t('register.search.household')}</th>
                    <th scope="col">{t('register.search.place')}</th>
                    <th scope="col">{t('register.fields.personalId')}</th>
                    <th scope="col">{t('register.fields.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.data.items.map((person) => (
                    <tr key={person.id}>
                      <td>
                        <Link to={personPath(person.id)}>{person.fullName}</Link>
                      </td>
                      <td className="nowrap">
                        {formatBirthDate(person.birthDate, person.birthDatePrecision)}
                      </td>
                      <td>{person.sexLabel}</td>
                      <td className="code">
                        <Link to={householdPath(person.householdId)}>{person.householdCode}</Link>
                      </td>
                      <td>
                        {person.areaName}, {person.communeName}
                      </td>
                      <td className="code">{person.personalId ?? ''}</td>
                      <td>
                        {person.departure
                          ? t(departureKey(person.departure), {
                              date: formatDate(person.departure.on),
                              code: person.departure.householdCode ?? '',
                            })
                          : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
