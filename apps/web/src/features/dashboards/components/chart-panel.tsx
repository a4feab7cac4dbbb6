import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A chart with its text alternative and, on request, the same numbers as a table: the chart carries a
 * one-sentence summary as its accessible name; the table is for screen readers, keyboards and copying.
 */
export function ChartPanel({
  title,
  note,
  chart,
  table,
  testId,
}: {
  title: string;
  note?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const heading = useId();
  return (
    <section className="panel dashboard-panel" aria-labelledby={heading} data-testid={testId}>
      <div className="dashboard-panel-head">
        <h2 id={heading}>{title}</h2>
        <button
          type="button"
          className="button button-secondary"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? t('dashboards.showChart') : t('dashboards.showTable')}
        </button>
      </div>
      {note ? <p className="muted dashboard-note">{note}</p> : null}
      {asTable ? <div className="table-scroll">{table}</div> : chart}
    </section>
  );
}
