import type { ReportAction, ReportDocument, ReportLevel, ReportStatus } from '@danso/domain';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The reports' SQL: reports, their frozen versions and actions (all under row-level security). */

export interface ReportRow {
  id: string;
  form_code: string;
  level: ReportLevel;
  province_code: string;
  commune_code: string | null;
  unit_code: string;
  period: string;
  status: Exclude<ReportStatus, 'draft'>;
  version: number;
  deadline: string;
  first_submitted_at: Date;
  submitted_at: Date;
  submitted_by: string;
  approved_at: Date | null;
  approved_by: string | null;
  locked_at: Date | null;
  returned_reason: string | null;
  /** When the latest version was signed. */
  frozen_at: Date;
}

const reportColumns = sql`r.id, r.form_code, r.level, r.province_code, r.commune_code, r.unit_code, r.period, r.status,
  r.version, r.deadline::text AS deadline, r.first_submitted_at, r.submitted_at, r.submitted_by, r.approved_at,
  r.approved_by, r.locked_at, r.returned_reason,
  (SELECT v.signed_at FROM report_version v WHERE v.report_id = r.id AND v.version = r.version) AS frozen_at`;

export async function findReport(
  ex: Executor,
  key: { form: string; unit: string; period: string },
  options: { forUpdate?: boolean } = {},
): Promise<ReportRow | null> {
  const result = await sql<ReportRow>`
    SELECT ${reportColumns} FROM report r
    WHERE r.form_code = ${key.form} AND r.unit_code = ${key.unit} AND r.period = ${key.period}
    ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(ex);
  return result.rows[0] ?? null;
}

/** Reports of forms for units and periods (lists and monitoring). */
export async function reportsOf(
  ex: Executor,
  filter: { forms: readonly string[]; units: readonly string[]; periods: readonly string[] },
): Promise<ReportRow[]> {
  if (filter.forms.length === 0 || filter.units.length === 0 || filter.periods.length === 0) return [];
  const result = await sql<ReportRow>`
    SELECT ${reportColumns} FROM report r
    WHERE r.form_code = ANY(${[...filter.forms]}::text[]) AND r.unit_code = ANY(${[...filter.units]}::text[])
      AND r.period = ANY(${[...filter.periods]}::text[])`.execute(ex);
  return result.rows;
}

export async function insertReport(
  ex: Executor,
  row: {
    id: string;
    formCode: string;
    level: ReportLevel;
    provinceCode: string;
    communeCode: string | null;
    unitCode: string;
    period: string;
    status: ReportStatus;
    deadline: string;
    submittedBy: string;
    at: Date;
  },
): Promise<void> {
  await sql`
    INSERT INTO report (id, form_code, level, province_code, commune_code, unit_code, period, status, version, deadline,
                        first_submitted_at, submitted_at, submitted_by, locked_at, updated_at)
    VALUES (${row.id}::uuid, ${row.formCode}, ${row.level}, ${row.provinceCode}, ${row.communeCode}, ${row.unitCode},
            ${row.period}, ${row.status}, 1, ${row.deadline}::date, ${row.at}, ${row.at}, ${row.submittedBy}::uuid,
            ${row.status === 'locked' ? row.at : null}, ${row.at})`.execute(ex);
}

export async function updateReport(
  ex: Executor,
  id: string,
  change: {
    status: ReportStatus;
    version?: number;
    submitted?: { by: string; at: Date };
    approved?: { by: string; at: Date };
    lockedAt?: Date;
    returnedReason?: string | null;
    at: Date;
  },
): Promise<void> {
  await sql`
    UPDATE report SET
      status = ${change.status},
      version = coalesce(${change.version ?? null}::int, version),
      submitted_at = coalesce(${change.submitted?.at ?? null}::timestamptz, submitted_at),
      submitted_by = coalesce(${change.submitted?.by ?? null}::uuid, submitted_by),
      approved_at = coalesce(${change.approved?.at ?? null}::timestamptz, approved_at),
      approved_by = coalesce(${change.approved?.by ?? null}::uuid, approved_by),
      locked_at = coalesce(${change.lockedAt ?? null}::timestamptz, locked_at),
      returned_reason = ${change.returnedReason === undefined ? sql`returned_reason` : sql`${change.returnedReason}`},
      updated_at = ${change.at}
    WHERE id = ${id}::uuid`.execute(ex);
}

export async function insertVersion(
  ex: Executor,
  row: {
    reportId: string;
    version: number;
    kind: 'submission' | 'revision';
    provinceCode: string;
    communeCode: string | null;
    document: ReportDocument;
    signature: string;
    keyId: string;
    publicKey: string;
    signedBy: string;
    at: Date;
  },
): Promise<void> {
  await sql`
    INSERT INTO report_version (report_id, version, kind, province_code, commune_code, document, signature, key_id,
                                public_key, signed_by, signed_at)
    VALUES (${row.reportId}::uuid, ${row.version}, ${row.kind}, ${row.provinceCode}, ${row.communeCode},
            ${JSON.stringify(row.document)}::jsonb, ${row.signature}, ${row.keyId}::uuid, ${row.publicKey},
            ${row.signedBy}::uuid, ${row.at})`.execute(ex);
}

export interface VersionRow {
  version: number;
  kind: 'submission' | 'revision';
  document: ReportDocument;
  signature: string;
  key_id: string;
  public_key: string;
  signed_by: string;
  signer_name: string;
  signed_at: Date;
}

export async function versionsOf(ex: Executor, reportId: string): Promise<VersionRow[]> {
  const result = await sql<VersionRow>`
    SELECT v.version, v.kind, v.document, v.signature, v.key_id, v.public_key, v.signed_by,
           u.display_name AS signer_name, v.signed_at
    FROM report_version v JOIN app_user u ON u.id = v.signed_by
    WHERE v.report_id = ${reportId}::uuid ORDER BY v.version`.execute(ex);
  return result.rows;
}

export async function insertAction(
  ex: Executor,
  row: {
    reportId: string;
    provinceCode: string;
    communeCode: string | null;
    action: ReportAction;
    version: number;
    actorId: string;
    at: Date;
    reason?: string | null;
  },
): Promise<void> {
  await sql`
    INSERT INTO report_action (report_id, province_code, commune_code, action, version, actor_id, at, reason)
    VALUES (${row.reportId}::uuid, ${row.provinceCode}, ${row.communeCode}, ${row.action}, ${row.version},
            ${row.actorId}::uuid, ${row.at}, ${row.reason ?? null})`.execute(ex);
}

export interface ActionRow {
  action: ReportAction;
  version: number;
  actor_name: string;
  at: Date;
  reason: string | null;
}

export async function actionsOf(ex: Executor, reportId: string): Promise<ActionRow[]> {
  const result = await sql<ActionRow>`
    SELECT a.action, a.version, u.display_name AS actor_name, a.at, a.reason
    FROM report_action a JOIN app_user u ON u.id = a.actor_id
    WHERE a.report_id = ${reportId}::uuid ORDER BY a.id`.execute(ex);
  return result.rows;
}

/**
 * Frozen reports that a change approved since their latest version may have altered: a change of the unit
 * applied after that moment and dated on or before the period's end (a late change of an earlier month
 * moves the stocks at the period's end too). The caller recomputes these to see whether values differ.
 */
export async function touchedSinceFrozen(
  ex: Executor,
  reports: ReadonlyArray<{
    id: string;
    level: ReportLevel;
    unitCode: string;
    periodEnd: string;
    frozenAt: Date;
  }>,
): Promise<Set<string>> {
  if (reports.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    SELECT r.id FROM unnest(${reports.map((r) => r.id)}::uuid[], ${reports.map((r) => r.level)}::text[],
                            ${reports.map((r) => r.unitCode)}::text[], ${reports.map((r) => r.periodEnd)}::date[],
                            ${reports.map((r) => r.frozenAt)}::timestamptz[])
         AS r(id, level, unit_code, period_end, frozen_at)
    WHERE EXISTS (
      SELECT 1 FROM change_record c
      WHERE (CASE WHEN r.level = 'commune' THEN c.commune_code = r.unit_code ELSE c.province_code = r.unit_code END)
        AND c.applied_at > r.frozen_at AND (c.occurred_on <= r.period_end OR c.type = 'correction'))`.execute(
    ex,
  );
  return new Set(result.rows.map((r) => r.id));
}

export async function unitName(ex: Executor, code: string): Promise<string | null> {
  const result = await sql<{ name: string }>`
    SELECT name FROM admin_unit WHERE code = ${code} ORDER BY valid_to IS NULL DESC, valid_from DESC LIMIT 1`.execute(
    ex,
  );
  return result.rows[0]?.name ?? null;
}

/** Today's communes of a province, in code order. */
export async function communesOfProvince(
  ex: Executor,
  provinceCode: string,
): Promise<Array<{ code: string; name: string }>> {
  const result = await sql<{ code: string; name: string }>`
    SELECT code, name FROM admin_unit WHERE parent_code = ${provinceCode} AND level = 'commune' AND valid_to IS NULL
    ORDER BY code`.execute(ex);
  return result.rows;
}

/** A unit valid today, with its province. */
export async function currentUnit(
  ex: Executor,
  code: string,
): Promise<{ code: string; name: string; level: string; provinceCode: string } | null> {
  const result = await sql<{ code: string; name: string; level: string; parent_code: string | null }>`
    SELECT code, name, level, parent_code FROM admin_unit WHERE code = ${code} AND valid_to IS NULL`.execute(
    ex,
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    provinceCode: row.level === 'province' ? row.code : (row.parent_code ?? ''),
  };
}
