/**
 * The frozen report: the document a commune officer signs when she submits (and the province officer when
 * she accepts a revision). It holds everything the report says — form, unit, period, version, signer and
 * the filled table with its labels — so that its canonical JSON, the signature and the public key are all
 * anyone needs to check it again, and every export of a version is drawn from it alone.
 */
import type { FilledReport } from './evaluate.ts';
import type { ReportLevel } from './forms.ts';

export const REPORT_DOCUMENT_TYPE = 'danso.report/1';

export interface ReportDocument {
  type: typeof REPORT_DOCUMENT_TYPE;
  form: { code: string; vi: string; en: string };
  unit: { code: string; name: string; level: ReportLevel; provinceCode: string; provinceName: string };
  period: { code: string; from: string; to: string };
  boundaries: 'current';
  /** 1 for the first submission; each resubmission after a return and each accepted revision adds one. */
  version: number;
  /** The user who signs this version. */
  signer: string;
  table: FilledReport;
}

export interface ReportDocumentInput {
  form: ReportDocument['form'];
  unit: ReportDocument['unit'];
  period: ReportDocument['period'];
  version: number;
  signer: string;
  table: FilledReport;
}

export function reportDocument(input: ReportDocumentInput): ReportDocument {
  return {
    type: REPORT_DOCUMENT_TYPE,
    form: input.form,
    unit: input.unit,
    period: input.period,
    boundaries: 'current',
    version: input.version,
    signer: input.signer,
    table: input.table,
  };
}
