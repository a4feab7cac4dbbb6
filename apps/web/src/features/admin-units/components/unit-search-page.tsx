import { type UnitLevel, unitLevels } from '@danso/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pager } from '../../../components/pager.tsx';
import { formatDate, formatNumber, todayIsoDate } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import { useLabels } from '../../../lib/labels.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { UnitSearch } from '../api/admin-units-api.ts';
import { useUnitSearch } from '../hooks/use-admin-units.ts';
import { unitPath } from './unit-labels.ts';

const pageSize = 50;

function isLevel(value: string | null): value is UnitLevel {
  return (unitLevels as readonly string[]).includes(value ?? '');
}

function searchFromParams(params: URLSearchParams): UnitSearch {
  const level = params.get('level');
  const offset = Number(params.get('offset') ?? '0');
  return {
    q: params.get('q') ?? '',
    level: isLevel(level) ? level : '',
    parent: params.get('parent') ?? '',
    asOf: params.get('asOf') || todayIsoDate(),
    limit: pageSize,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function searchToPath(search: UnitSearch): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.level) params.set('level', search.level);
  if (search.parent) params.set('parent', search.parent);
  params.set('asOf', search.asOf);
  if (search.offset) params.set('offset', String(search.offset));
  return `/units?${params.toString()}`;
}

/** Tra cứu danh mục: the national list of units as it stood on a date, searchable by name or code. */
export function UnitSearchPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const labels = useLabels();
  const navigate = useNavigate();
  const search = searchFromParams(useSearchParams());
  const [draft, setDraft] = useState(search);
  const results = useUnitSearch(search);
  useDocumentTitle(t('units.title'));

  // The fields follow the address when it changes from outside the form (back button, links).
  const { q, level, parent, asOf } = search;
  useEffect(() => {
    setDraft((current) => ({ ...current, q, level, parent, asOf }));
  }, [q, level, parent, asOf]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(searchToPath({ ...draft, q: draft.q.trim(), asOf: draft.asOf || todayIsoDate(), offset: 0 }));
  };

  return (
    <>
      <PageHeader title={t('units.title')} subtitle={t('units.subtitle')} />
      <form className="panel filter-bar" onSubmit={submit}>
        <Field label={t('units.query')}>
          {(props) => (
            <input
              {...props}
              name="q"
              type="search"
              placeholder={t('units.queryPlaceholder')}
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('units.level')}>
          {(props) => (
            <select
              {...props}
              name="level"
              value={draft.level}
              onChange={(e) => setDraft({ ...draft, level: isLevel(e.target.value) ? e.target.value : '' })}
            >
              <option value="">{t('units.allLevels')}</option>
              {unitLevels.map((option) => (
                <option key={option} value={option}>
                  {t(`units.levels.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('units.asOf')}>
          {(props) => (
            <input
              {...props}
              name="asOf"
              type="date"
              value={draft.asOf}
              onChange={(e) => setDraft({ ...draft, asOf: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('common.search')}
        </button>
      </form>

      {results.isPending ? <Loading /> : null}
      {results.isError ? <ErrorPanel error={results.error} onRetry={() => void results.refetch()} /> : null}
      {results.data ? (
        <section className="panel">
          <h2>
            {t('units.results', {
              total: formatNumber(results.data.total, language),
              date: formatDate(search.asOf),
            })}
          </h2>
          {results.data.items.length === 0 ? (
            <p className="muted">{t('units.noResults')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-clickable" data-testid="unit-results">
                <thead>
                  <tr>
                    <th scope="col">{t('units.code')}</th>
                    <th scope="col">{t('units.name')}</th>
                    <th scope="col">{t('units.level')}</th>
                    <th scope="col">{t('units.unitType')}</th>
                    <th scope="col">{t('units.urbanity')}</th>
                    <th scope="col">{t('units.parent')}</th>
                    <th scope="col">{t('units.validity')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.data.items.map((unit) => {
                    const to = unitPath(unit.code, search.asOf);
                    return (
                      <tr key={`${unit.code}-${unit.validFrom}`} onClick={() => navigate(to)}>
                        <td className="code">{unit.code}</td>
                        <td>
                          <Link to={to} onClick={(event) => event.stopPropagation()}>
                            {unit.name}
                          </Link>
                        </td>
                        <td>{t(`units.levels.${unit.level}`)}</td>
                        <td>{labels.unitType(unit.unitType)}</td>
                        <td>{labels.urbanity(unit.urbanity)}</td>
                        <td className="code">{unit.parentCode ?? ''}</td>
                        <td className="nowrap">
                          {t('units.validRange', {
                            from: formatDate(unit.validFrom),
                            to: unit.validTo ? formatDate(unit.validTo) : t('units.now'),
                          })}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            offset={search.offset}
            limit={pageSize}
            total={results.data.total}
            onChange={(offset) => navigate(searchToPath({ ...search, offset }))}
          />
        </section>
      ) : null}
    </>
  );
}
