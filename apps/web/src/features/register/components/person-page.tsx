import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { PersonPage as PersonPageData } from '../api/register-api.ts';
import { usePersonPage } from '../hooks/use-register.ts';
import { departureKey, formatBirthDate } from './register-format.ts';
import { changeEntryPath, householdBookPath, householdPath, personPath } from './register-paths.ts';
import './register.css';

function Details({ person }: { person: PersonPageData['person'] }) {
  const { t } = useTranslation();
  const fields: [string, ReactNode][] = [
    [t('register.fields.fullName'), person.fullName],
    [t('register.fields.sex'), person.sexLabel],
    [t('register.fields.birthDate'), formatBirthDate(person.birthDate, person.birthDatePrecision)],
    [t('register.fields.relation'), person.relationLabel],
    [
      t('register.person.household'),
      <Link key="household" to={householdPath(person.householdId)}>
        {t('register.person.householdValue', { number: person.householdNumber, code: person.householdCode })}
      </Link>,
    ],
    [t('register.header.address'), person.householdAddress ?? ''],
    [t('register.person.place'), `${person.areaName}, ${person.communeName}, ${person.provinceName}`],
    [t('register.fields.ethnicity'), person.ethnicityLabel],
    [t('register.fields.education'), person.educationLabel ?? ''],
    [t('register.fields.marital'), person.maritalStatusLabel],
    [t('register.fields.residence'), person.residenceStatusLabel],
    [t('register.fields.insuranceNumber'), person.insuranceNumber ?? ''],
    [t('register.fields.personalId'), person.personalId ?? ''],
    [
      t('register.person.mother'),
      person.motherId ? (
        <Link key="mother" to={personPath(person.motherId)}>
          {person.motherName ?? person.motherId}
        </Link>
      ) : (
        ''
      ),
    ],
    [
      t('register.person.contraception'),
      person.contraceptiveMethodLabel
        ? t('register.person.contraceptionValue', {
            method: person.contraceptiveMethodLabel,
            date: formatDate(person.contraceptionStartedOn),
          })
        : '',
    ],
    [
      t('register.fields.note'),
      person.departure
        ? t(departureKey(person.departure), {
            date: formatDate(person.departure.on),
            code: person.departure.householdCode ?? '',
          })
        : '',
    ],
  ];
  return (
    <dl className="register-details" data-testid="person-details">
      {fields.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

function Timeline({ entries }: { entries: PersonPageData['timeline'] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="muted">{t('register.timeline.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="person-timeline">
        <thead>
          <tr>
            <th scope="col">{t('register.timeline.occurredOn')}</th>
            <th scope="col">{t('register.timeline.type')}</th>
            <th scope="col">{t('register.timeline.about')}</th>
            <th scope="col">{t('register.timeline.status')}</th>
            <th scope="col">{t('register.timeline.author')}</th>
            <th scope="col">{t('register.timeline.recordedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="nowrap">{formatDate(entry.occurredOn)}</td>
              <td>{entry.typeLabel}</td>
              <td>{t(`register.timeline.${entry.about}`)}</td>
              <td>
                <span className={entry.status === 'approved' ? 'tag tag-success' : 'tag'}>
                  {entry.statusLabel}
                </span>
                {entry.reason ? <div className="muted">{entry.reason}</div> : null}
              </td>
              <td>{entry.authorName ?? ''}</td>
              <td className="nowrap">{formatDate(entry.recordedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function History({ page }: { page: PersonPageData }) {
  const { t } = useTranslation();
  const until = (date: string | null) => (date ? formatDate(date) : t('register.now'));
  return (
    <div className="columns">
      <section className="panel">
        <h2>{t('register.person.residences')}</h2>
        {page.residences.length === 0 ? (
          <p className="muted">{t('register.person.noHistory')}</p>
        ) : (
          <table className="table" data-testid="person-residences">
            <thead>
              <tr>
                <th scope="col">{t('register.person.household')}</th>
                <th scope="col">{t('register.person.area')}</th>
                <th scope="col">{t('register.person.from')}</th>
                <th scope="col">{t('register.person.to')}</th>
              </tr>
            </thead>
            <tbody>
              {page.residences.map((r) => (
                <tr key={`${r.householdId}|${r.validFrom}`}>
                  <td className="code">
                    <Link to={householdPath(r.householdId)}>{r.householdCode ?? r.householdId}</Link>
                  </td>
                  <td>{r.areaName ? <Link to={householdBookPath(r.areaId)}>{r.areaName}</Link> : ''}</td>
                  <td className="nowrap">{formatDate(r.validFrom)}</td>
                  <td className="nowrap">{until(r.validTo)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>{t('register.person.statuses')}</h2>
        {page.statuses.length === 0 ? (
          <p className="muted">{t('register.person.noHistory')}</p>
        ) : (
          <table className="table" data-testid="person-statuses">
            <thead>
              <tr>
                <th scope="col">{t('register.person.statusKind')}</th>
                <th scope="col">{t('register.person.value')}</th>
                <th scope="col">{t('register.person.from')}</th>
                <th scope="col">{t('register.person.to')}</th>
              </tr>
            </thead>
            <tbody>
              {page.statuses.map((s) => (
                <tr key={`${s.kind}|${s.validFrom}|${s.value}`}>
                  <td>{t(`register.statusKinds.${s.kind}`)}</td>
                  <td>{s.valueLabel}</td>
                  <td className="nowrap">{formatDate(s.validFrom)}</td>
                  <td className="nowrap">{until(s.validTo)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** Where a change about this person starts (shown as on the household page: to those who record changes). */
function PersonActions({ person }: { person: PersonPageData['person'] }) {
  const { t } = useTranslation();
  const choice = (type?: string) =>
    changeEntryPath(person.householdId, { person: person.id, ...(type ? { type } : {}) });
  return (
    <div className="actions register-actions" data-testid="person-actions">
      <Link to={choice('transfer')} className="button button-secondary">
        {t('register.actions.transfer')}
      </Link>
      <Link to={choice('info_change')} className="button button-secondary">
        {t('register.actions.infoChange')}
      </Link>
      <Link to={choice()} className="button button-secondary">
        {t('register.actions.person')}
      </Link>
    </div>
  );
}

/** A person's page: the A0 fields, the changes recorded about them, and their history. */
export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const page = usePersonPage(id);
  const person = page.data?.person;
  useDocumentTitle(person?.fullName ?? t('register.person.title'));

  if (page.isPending) return <Loading />;
  if (!page.data || !person) return <ErrorPanel error={page.error} onRetry={() => void page.refetch()} />;

  return (
    <>
      <PageHeader
        title={person.fullName}
        subtitle={`${person.relationLabel} · ${t('register.person.householdValue', {
          number: person.householdNumber,
          code: person.householdCode,
        })}`}
      >
        <Breadcrumbs
          items={[
            { label: t('register.book.short'), to: householdBookPath(person.areaId) },
            {
              label: t('register.household.title', { number: person.householdNumber }),
              to: householdPath(person.householdId),
            },
            { label: person.fullName },
          ]}
        />
      </PageHeader>
      <section className="panel">
        <h2>{t('register.person.details')}</h2>
        {person.departure === null && person.vitalStatus === 'alive' && !page.data.identifiersMasked ? (
          <PersonActions person={person} />
        ) : null}
        <Details person={person} />
        {page.data.identifiersMasked ? <p className="muted">{t('register.masked')}</p> : null}
      </section>
      <section className="panel">
        <h2>{t('register.timeline.title')}</h2>
        <Timeline entries={page.data.timeline} />
      </section>
      <History page={page.data} />
    </>
  );
}
