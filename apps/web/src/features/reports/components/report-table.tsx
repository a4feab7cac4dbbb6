import type { FilledReport } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import type { ValueChange } from '../api/reports-api.ts';
import { useReportLabels } from './report-labels.ts';

/** The filled form as on paper: number, indicator, unit, then one column per value (or per commune). */
export function ReportTable({
  table,
  changes = [],
  testId = 'report-table',
}: {
  table: FilledReport;
  changes?: ValueChange[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const labels = useReportLabels();
  const changed = new Map(changes.map((c) => [`${c.row}|${c.column}`, c]));
  const name = (x: { vi: string; en: string }) => (labels.language === 'en' ? x.en : x.vi);
  return (
    <div className="table-scroll">
      <table className="table report-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('reports.view.code')}</th>
            <th scope="col">{t('reports.view.indicator')}</th>
            <th scope="col">{t('reports.view.unitOfMeasure')}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c.key} className="numeric">
                {name(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.code} className={row.heading ? 'report-heading' : undefined}>
              <td>{row.code}</td>
              <td style={{ paddingLeft: `${0.5 + row.indent * 1.25}rem` }}>{name(row)}</td>
              <td>{row.unit ? name(row.unit) : ''}</td>
              {table.columns.map((c, i) => {
                const change = changed.get(`${row.code}|${c.key}`);
                return (
                  <td
                    key={c.key}
                    className={`numeric${change ? ' report-changed' : ''}`}
                    title={change ? `${t('reports.revision.before')}: ${change.before ?? '–'}` : undefined}
                  >
                    {row.heading ? '' : labels.value(row.values[i] ?? null, row.decimals)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
