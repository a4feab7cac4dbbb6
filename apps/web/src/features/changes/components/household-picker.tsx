import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Pager } from '../../../components/pager.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { PersonHit } from '../api/changes-api.ts';
import { useAreaHouseholds, useHomePlace, usePeopleSearch } from '../hooks/use-changes.ts';

const pageSize = 25;

/** A household code looks like "20123-4-56" (commune, area, number); anything else is searched as a name. */
function searchOf(text: string): { householdCode: string } | { q: string } | null {
  const value = text.trim();
  if (!value) return null;
  return /^\d{5}-\d+-[\d.]+$/.test(value) ? { householdCode: value } : { q: value };
}

interface FoundHousehold {
  id: string;
  code: string;
  place: string;
  people: string[];
}

function householdsOf(hits: readonly PersonHit[]): FoundHousehold[] {
  const byId = new Map<string, FoundHousehold>();
  for (const hit of hits) {
    const found = byId.get(hit.householdId) ?? {
      id: hit.householdId,
      code: hit.householdCode,
      place: [hit.householdAddress, hit.hamletName, hit.areaName].filter(Boolean).join(', '),
      people: [],
    };
    found.people.push(hit.fullName);
    byId.set(hit.householdId, found);
  }
  return [...byId.values()];
}

/** Bước 1: find the household of the paper sheet, by its code or a member's name, or from an area's list. */
export function HouseholdPicker({ onPick }: { onPick: (householdId: string) => void }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [text, setText] = useState('');
  const [query, setQuery] = useState<{ householdCode: string } | { q: string } | null>(null);
  const [areaId, setAreaId] = useState('');
  const [offset, setOffset] = useState(0);
  const search = usePeopleSearch(query);
  const home = useHomePlace();
  const areas = home.data?.children.filter((c) => c.kind === 'area') ?? [];
  const households = useAreaHouseholds(areaId || null, offset, pageSize);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(searchOf(text));
  };

  const pick = (id: string) => (
    <button type="button" className="button button-secondary" onClick={() => onPick(id)}>
      {t('changes.entry.pick')}
    </button>
  );

  const found = search.data ? householdsOf(search.data.items) : [];

  return (
    <section className="panel" aria-labelledby="pick-title">
      <h2 id="pick-title">{t('changes.entry.pickTitle')}</h2>
      <div className="columns">
        <form className="inline-form" onSubmit={submit}>
          <Field label={t('changes.entry.search')} hint={t('changes.entry.searchHint')}>
            {(props) => (
              <input
                {...props}
                type="search"
                name="household-search"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button">
            {t('common.search')}
          </button>
        </form>
        <Field label={t('changes.entry.area')}>
          {(props) => (
            <select
              {...props}
              name="area"
              value={areaId}
              onChange={(e) => {
                setAreaId(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">{t('changes.entry.chooseArea')}</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {query ? (
        <div data-testid="household-search-results">
          {search.isPending ? <Loading /> : null}
          <ErrorMessage error={search.error} />
          {search.data && found.length === 0 ? <p className="muted">{t('changes.entry.noMatch')}</p> : null}
          {found.length > 0 ? (
            <div className="table-scroll">
              <table className="table" data-testid="household-matches">
                <thead>
                  <tr>
                    <th scope="col">{t('changes.entry.householdCode')}</th>
                    <th scope="col">{t('changes.entry.place')}</th>
                    <th scope="col">{t('changes.entry.matchingPeople')}</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {found.map((h) => (
                    <tr key={h.id}>
                      <td className="code">{h.code}</td>
                      <td>{h.place}</td>
                      <td>{h.people.join(', ')}</td>
                      <td>{pick(h.id)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {search.data?.truncated ? <p className="field-hint">{t('changes.entry.truncated')}</p> : null}
        </div>
      ) : null}
      {areaId ? (
        <div>
          {households.isPending ? <Loading /> : null}
          <ErrorMessage error={households.error} />
          {households.data ? (
            <>
              <div className="table-scroll">
                <table className="table" data-testid="area-households">
                  <thead>
                    <tr>
                      <th scope="col" className="numeric">
                        {t('changes.entry.householdNumber')}
                      </th>
                      <th scope="col">{t('changes.entry.householdCode')}</th>
                      <th scope="col">{t('changes.entry.head')}</th>
                      <th scope="col">{t('changes.entry.place')}</th>
                      <th scope="col" className="numeric">
                        {t('changes.entry.memberCount')}
                      </th>
                      <th scope="col" />
                    </tr>
                  </thead>
                  <tbody>
                    {households.data.items.map((h) => (
                      <tr key={h.id}>
                        <td className="numeric">{h.number}</td>
                        <td className="code">{h.code}</td>
                        <td>{h.headName ?? ''}</td>
                        <td>{[h.address, h.hamletName].filter(Boolean).join(', ')}</td>
                        <td className="numeric">{formatNumber(h.memberCount, language)}</td>
                        <td>{pick(h.id)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} limit={pageSize} total={households.data.total} onChange={setOffset} />
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
