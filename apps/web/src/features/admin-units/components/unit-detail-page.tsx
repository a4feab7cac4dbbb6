import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumbs } from '../../../components/breadcrumbs.tsx';
import { ErrorPanel } from '../../../components/error-panel.tsx';
import { Field } from '../../../components/field.tsx';
import { Loading } from '../../../components/loading.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { formatDate, todayIsoDate } from '../../../lib/format.ts';
import { useLabels } from '../../../lib/labels.ts';
import { Link, useNavigate, useSearchParams } from '../../../lib/router.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import type { Succession, UnitView } from '../api/admin-units-api.ts';
import { useUnit } from '../hooks/use-admin-units.ts';
import { unitPath, useSuccessionKindLabel } from './unit-labels.ts';

function SuccessionTable({
  title,
  items,
  side,
  asOf,
  testId,
}: {
  title: string;
  items: Succession[];
  side: 'from' | 'to';
  asOf: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const kindLabel = useSuccessionKindLabel();
  return (
    <section className="panel">
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('units.noSuccessions')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid={testId}>
            <thead>
              <tr>
                <th scope="col">{t('units.code')}</th>
                <th scope="col">{t('units.name')}</th>
                <th scope="col">{t('units.successionKind')}</th>
                <th scope="col">{t('units.effectiveOn')}</th>
                <th scope="col" className="numeric">
                  {t('units.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const code = side === 'from' ? item.fromCode : item.toCode;
                const name = (side === 'from' ? item.fromName : item.toName) ?? code;
                // A predecessor is looked at on the day before it ended; a successor on the day it began.
                const lookAt = side === 'from' ? dayBefore(item.effectiveOn) : item.effectiveOn;
                return (
                  <tr key={`${item.fromCode}-${item.toCode}-${item.effectiveOn}`}>
                    <td className="code">{code}</td>
                    <td>
                      <Link to={unitPath(code, lookAt || asOf)}>{name}</Link>
                    </td>
                    <td>{kindLabel(item.kind)}</td>
                    <td className="nowrap">{formatDate(item.effectiveOn)}</td>
                    <td className="numeric">
                      {item.share === null ? '' : `${Math.round(item.share * 100)}%`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function dayBefore(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return '';
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function UnitFacts({ unit, asOf }: { unit: UnitView; asOf: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <dl className="facts panel">
      <div>
        <dt>{t('units.code')}</dt>
        <dd className="code">{unit.code}</dd>
      </div>
      <div>
        <dt>{t('units.level')}</dt>
        <dd>{t(`units.levels.${unit.level}`)}</dd>
      </div>
      <div>
        <dt>{t('units.unitType')}</dt>
        <dd>{labels.unitType(unit.unitType) || '—'}</dd>
      </div>
      <div>
        <dt>{t('units.urbanity')}</dt>
        <dd>{labels.urbanity(unit.urbanity) || '—'}</dd>
      </div>
      <div>
        <dt>{t('units.parent')}</dt>
        <dd>{unit.parentCode ? <Link to={unitPath(unit.parentCode, asOf)}>{unit.parentCode}</Link> : '—'}</dd>
      </div>
      <div>
        <dt>{t('units.validity')}</dt>
        <dd>
          {t('units.validRange', {
            from: formatDate(unit.validFrom),
            to: unit.validTo ? formatDate(unit.validTo) : t('units.now'),
          })}
        </dd>
      </div>
    </dl>
  );
}

/** One unit as it stood on a date, all its versions, and the units it came from or became. */
export function UnitDetailPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const params = useSearchParams();
  const asOf = params.get('asOf') || todayIsoDate();
  const [draftAsOf, setDraftAsOf] = useState(asOf);
  const detail = useUnit(code, asOf);
  useDocumentTitle(detail.data?.unit.name ?? t('units.title'));

  useEffect(() => setDraftAsOf(asOf), [asOf]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(unitPath(code, draftAsOf || todayIsoDate()));
  };

  const crumbs = [
    { label: t('units.title'), to: `/units?asOf=${encodeURIComponent(asOf)}` },
    { label: detail.data?.unit.name ?? code },
  ];

  return (
    <>
      <PageHeader
        title={detail.data?.unit.name ?? code}
        subtitle={detail.data ? t('units.asOfDate', { date: formatDate(asOf) }) : undefined}
        actions={
          <form className="inline-form" onSubmit={submit}>
            <Field label={t('units.asOf')}>
              {(props) => (
                <input
                  {...props}
                  name="asOf"
                  type="date"
                  value={draftAsOf}
                  onChange={(e) => setDraftAsOf(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="button button-secondary">
              {t('units.show')}
            </button>
          </form>
        }
      >
        <Breadcrumbs items={crumbs} />
      </PageHeader>
      {detail.isPending ? <Loading /> : null}
      {detail.isError ? <ErrorPanel error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.data ? (
        <>
          {detail.data.validOnDate ? null : (
            <div className="alert alert-info" role="status">
              {t('units.notValidOnDate', { date: formatDate(asOf) })}
            </div>
          )}
          <UnitFacts unit={detail.data.unit} asOf={asOf} />
          <SuccessionTable
            title={t('units.predecessors')}
            items={detail.data.predecessors}
            side="from"
            asOf={asOf}
            testId="unit-predecessors"
          />
          <SuccessionTable
            title={t('units.successors')}
            items={detail.data.successors}
            side="to"
            asOf={asOf}
            testId="unit-successors"
          />
          <section className="panel">
            <h2>{t('units.versions')}</h2>
            <div className="table-scroll">
              <table className="table" data-testid="unit-versions">
                <thead>
                  <tr>
                    <th scope="col">{t('units.name')}</th>
                    <th scope="col">{t('units.unitType')}</th>
                    <th scope="col">{t('units.parent')}</th>
                    <th scope="col">{t('units.validity')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.data.versions.map((version) => {
                    const current =
                      version.validFrom <= asOf && (version.validTo === null || asOf <= version.validTo);
                    return (
                      <tr key={version.validFrom} className={current ? 'row-current' : undefined}>
                        <td>
                          {version.name}
                          {current ? <span className="tag tag-accent">{t('units.validOnDate')}</span> : null}
                        </td>
                        <td>{labels.unitType(version.unitType)}</td>
                        <td className="code">{version.parentCode ?? ''}</td>
                        <td className="nowrap">
                          {t('units.validRange', {
                            from: formatDate(version.validFrom),
                            to: version.validTo ? formatDate(version.validTo) : t('units.now'),
                          })}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}
