import { randomUUID } from 'node:crypto';
import {
  type Actor,
  actorRoleFor,
  assertAllowed,
  canonicalJson,
  DomainError,
  defaultIndicatorCatalogue,
  defaultRegisterCodeLists,
  defaultReportFormDefinitions,
  endedPeriods,
  type FilledReport,
  fillReport,
  type IndicatorCatalogue,
  isFrozen,
  keyFingerprint,
  loadReportForms,
  nextReportStatus,
  type Period,
  periodEnd,
  type RegisterCodeLists,
  type ReportAction,
  type ReportDisplayStatus,
  type ReportDocument,
  type ReportForm,
  type ReportLevel,
  type ReportStatus,
  reportDeadline,
  reportDifferences,
  reportDocument,
  reportPeriod,
  reportRequirements,
  reportStatusLabels,
  submittedOnTime,
  verifyDocument,
  vietNamDate,
  YEARBOOK_COMMUNE_TABLE,
  yearbookRankings,
  yearbookTableDefinitions,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import { actorOf } from '../auth/auth.service.ts';
import type { Boundaries } from '../indicators/indicators.repository.ts';
import type { IndicatorsService } from '../indicators/indicators.service.ts';
import { aggregateScope } from '../projections/projections.service.ts';
import {
  type ExportFormat,
  type ExportInput,
  renderReportPdf,
  reportToCsv,
  reportToXlsx,
} from './report-export.ts';
import {
  actionsOf,
  communesOfProvince,
  currentUnit,
  findReport,
  insertAction,
  insertReport,
  insertVersion,
  type ReportRow,
  reportsOf,
  touchedSinceFrozen,
  unitName,
  updateReport,
  versionsOf,
} from './reports.repository.ts';
import { renderYearbookPdf, type YearbookInput, yearbookToXlsx } from './yearbook-export.ts';

export interface ReportKey {
  form: string;
  unit: string;
  period: string;
}

/** A signed document as a browser sends it: the document it was shown, the registered key and the signature. */
export interface SignedInput {
  document: unknown;
  keyId: string;
  signature: string;
}

/**
 * Checks that a registered key of the user signed the document (the signing-key registry). Returns the
 * key's public key, or the reason it does not hold.
 */
export type SignatureVerifier = (
  ex: Executor,
  input: { userId: string; keyId: string; document: unknown; signature: string; at?: Date },
) => Promise<{ ok: true; key: { publicKey: string } } | { ok: false; code: string }>;

interface Computed {
  form: ReportForm;
  period: Period;
  unit: ReportDocument['unit'];
  table: FilledReport;
}

const UNIT_OF_LEVEL = { commune: /^\d{5}$/, province: /^\d{2}$/ } as const;

/**
 * Statistical reports (issue 6, items 2–3): forms as data filled live from the aggregates by the indicator
 * engine; submission freezes and signs the values; the province approves, returns or locks; a later
 * change that alters a frozen report's values is a revision the province accepts, which freezes a new
 * version; deadlines, timeliness and completeness for the province's monitoring.
 */
export class ReportsService {
  readonly forms: ReadonlyMap<string, ReportForm>;

  constructor(
    private readonly database: Database,
    private readonly indicators: IndicatorsService,
    private readonly verifySignature: SignatureVerifier,
    options: {
      forms?: readonly unknown[];
      catalogue?: IndicatorCatalogue;
      codeLists?: RegisterCodeLists;
      now?: () => Date;
    } = {},
  ) {
    this.catalogue = options.catalogue ?? defaultIndicatorCatalogue();
    this.codeLists = options.codeLists ?? defaultRegisterCodeLists;
    this.forms = loadReportForms(options.forms ?? defaultReportFormDefinitions, this.catalogue);
    this.yearbookTables = loadReportForms(yearbookTableDefinitions, this.catalogue);
    this.now = options.now ?? (() => new Date());
  }

  private readonly catalogue: IndicatorCatalogue;
  private readonly codeLists: RegisterCodeLists;
  private readonly now: () => Date;

  /** The forms: titles, period type, level, deadline rule, columns and rows with their formulas. */
  listForms(actor: Actor) {
    assertAllowed(actor, 'aggregate.read');
    return [...this.forms.values()].map((form) => ({
      code: form.code,
      vi: form.vi,
      en: form.en,
      note: form.note ?? null,
      periodType: form.periodType,
      level: form.level,
      deadline: form.deadline,
      layout: form.layout,
      columns: (form.columns ?? []).map((c) => ({ key: c.key, vi: c.vi, en: c.en, split: c.split ?? null })),
      rows: form.rows.map((r) => ({
        code: r.code,
        vi: r.vi,
        en: r.en,
        unit: r.unitLabel,
        formula: r.expression ?? (r.indicator ? `indicator ${r.indicator}` : null),
        decimals: r.digits,
        indent: r.indent ?? 0,
      })),
    }));
  }

  private formOf(code: string): ReportForm {
    const form = this.forms.get(code);
    if (!form) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'form', reason: 'unknown_form' }]);
    return form;
  }

  /** The live values of a form for a unit and period, read through the indicator engine's access checks. */
  async compute(actor: Actor, key: ReportKey, boundaries: Boundaries = 'current'): Promise<Computed> {
    return this.computeForm(actor, this.formOf(key.form), key, boundaries);
  }

  private async computeForm(
    actor: Actor,
    form: ReportForm,
    key: ReportKey,
    boundaries: Boundaries,
  ): Promise<Computed> {
    if (!UNIT_OF_LEVEL[form.level].test(key.unit)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'unit', reason: `not_a_${form.level}` }]);
    }
    const period = reportPeriod(form, key.period);
    const data = await this.indicators.formulaData(actor, {
      unit: key.unit,
      period,
      boundaries,
      requirements: (level) => reportRequirements(form, this.catalogue, level),
      perCommune: form.layout === 'units',
    });
    const table = fillReport(form, {
      catalogue: this.catalogue,
      codeLists: this.codeLists,
      period,
      unit: { code: data.unit.code, level: data.unit.level, rows: data.rows },
      ...(data.communes ? { communes: data.communes } : {}),
    });
    const provinceName =
      data.unit.level === 'province'
        ? data.unit.name
        : await this.provinceName(actor, data.unit.provinceCode);
    return {
      form,
      period,
      unit: {
        code: data.unit.code,
        name: data.unit.name,
        level: form.level,
        provinceCode: data.unit.provinceCode,
        provinceName,
      },
      table,
    };
  }

  /** Province names, kept a few minutes: every commune report names its province. */
  private readonly provinceNames = new Map<string, { name: string; until: number }>();

  private async provinceName(actor: Actor, code: string): Promise<string> {
    const kept = this.provinceNames.get(code);
    if (kept && kept.until > Date.now()) return kept.name;
    const name = (await this.readScoped(actor, (trx) => unitName(trx, code))) ?? code;
    this.provinceNames.set(code, { name, until: Date.now() + 10 * 60_000 });
    return name;
  }

  private documentFor(computed: Computed, version: number, signer: string): ReportDocument {
    return reportDocument({
      form: { code: computed.form.code, vi: computed.form.vi, en: computed.form.en },
      unit: computed.unit,
      period: { code: keyPeriod(computed), from: computed.period.from, to: computed.period.to },
      version,
      signer,
      table: computed.table,
    });
  }

  private readScoped<T>(actor: Actor, fn: (trx: Executor) => Promise<T>): Promise<T> {
    return this.database.scoped(aggregateScope(actor.scope), fn);
  }

  /** Whether the period is over in Viet Nam: only then can its report be closed. */
  private periodOver(period: Period): boolean {
    return periodEnd(period) < vietNamDate(this.now());
  }

  /**
   * A report as its screen shows it: the frozen values of the latest version (or the live draft), the
   * status, the deadline and timeliness, the versions and actions, what changed since the latest version,
   * and the document the reader would sign to submit it or to accept a revision.
   */
  async view(actor: Actor, key: ReportKey, boundaries: Boundaries = 'current') {
    const live = await this.compute(actor, key, boundaries);
    const form = live.form;
    const { stored, versions, actions } =
      boundaries === 'current'
        ? await this.readScoped(actor, async (trx) => {
            const found = await findReport(trx, key);
            return {
              stored: found,
              versions: found ? await versionsOf(trx, found.id) : [],
              actions: found ? await actionsOf(trx, found.id) : [],
            };
          })
        : { stored: null, versions: [], actions: [] };
    const status: ReportStatus = stored?.status ?? 'draft';
    // A returned report is being prepared again: it shows the live values its officer will sign.
    const latest = status === 'returned' ? undefined : versions.at(-1);
    const changes = latest ? reportDifferences(latest.document.table, live.table) : [];
    const displayStatus: ReportDisplayStatus = isFrozen(status) && changes.length > 0 ? 'revised' : status;
    const deadline = reportDeadline(form, live.period);
    const mayAct = (action: ReportAction) => {
      if (boundaries !== 'current' || actor.role !== actorRoleFor(action, form.level)) return false;
      try {
        nextReportStatus(status, action, form.level);
        return true;
      } catch {
        return false;
      }
    };
    const canSubmit = mayAct('submit') && this.periodOver(live.period);
    const canAcceptRevision = mayAct('accept_revision') && changes.length > 0;
    return {
      form: {
        code: form.code,
        vi: form.vi,
        en: form.en,
        periodType: form.periodType,
        level: form.level,
        note: form.note ?? null,
      },
      unit: live.unit,
      period: { code: key.period, from: live.period.from, to: live.period.to },
      boundaries,
      deadline,
      periodOver: this.periodOver(live.period),
      status,
      displayStatus,
      report: stored
        ? {
            id: stored.id,
            version: stored.version,
            firstSubmittedAt: stored.first_submitted_at.toISOString(),
            submittedAt: stored.submitted_at.toISOString(),
            onTime: submittedOnTime(stored.first_submitted_at, stored.deadline),
            approvedAt: stored.approved_at?.toISOString() ?? null,
            lockedAt: stored.locked_at?.toISOString() ?? null,
            returnedReason: stored.returned_reason,
          }
        : null,
      /** What the screen shows: the latest frozen version, or the live values (draft or returned). */
      table: latest ? latest.document.table : live.table,
      /** The live values when they differ from the latest version. */
      live: changes.length > 0 ? live.table : null,
      changes,
      versions: versions.map((v) => ({
        version: v.version,
        kind: v.kind,
        signerName: v.signer_name,
        signedAt: v.signed_at.toISOString(),
        keyId: v.key_id,
        fingerprint: keyFingerprint(v.public_key),
      })),
      actions: actions.map((a) => ({
        action: a.action,
        version: a.version,
        actorName: a.actor_name,
        at: a.at.toISOString(),
        reason: a.reason,
      })),
      can: {
        submit: canSubmit,
        approve: mayAct('approve'),
        lock: mayAct('lock'),
        return: mayAct('return'),
        acceptRevision: canAcceptRevision,
      },
      /** The document to sign: to submit (draft or returned) or to accept the revision. */
      toSign:
        canSubmit || canAcceptRevision
          ? this.documentFor(live, (stored?.version ?? 0) + 1, actor.userId)
          : null,
    };
  }

  /** The live document a signature must cover, refusing one computed on values that have since changed. */
  private async expectedDocument(actor: Actor, key: ReportKey, input: SignedInput, version: number) {
    const live = await this.compute(actor, key, 'current');
    const expected = this.documentFor(live, version, actor.userId);
    if (canonicalJson(expected) !== canonicalJson(input.document)) {
      throw new DomainError('DANSO_ERR_REPORT_STALE', [
        { path: 'document', reason: 'not_the_current_values' },
      ]);
    }
    return { live, expected };
  }

  private async checkSignature(trx: Executor, actor: Actor, document: ReportDocument, input: SignedInput) {
    const checked = await this.verifySignature(trx, {
      userId: actor.userId,
      keyId: input.keyId,
      document,
      signature: input.signature,
      at: this.now(),
    });
    if (!checked.ok) {
      throw new DomainError('DANSO_ERR_REPORT_SIGNATURE', [{ path: 'signature', reason: checked.code }]);
    }
    return checked.key.publicKey;
  }

  private placeOf(form: ReportForm, unit: string, provinceCode: string) {
    return form.level === 'commune' ? { provinceCode, communeCode: unit } : { provinceCode };
  }

  /** The commune officer (or, for a province form, the province officer) closes the period: frozen and signed. */
  async submit(actor: Actor, key: ReportKey, input: SignedInput) {
    assertAllowed(actor, 'report.submit');
    const form = this.formOf(key.form);
    if (actor.role !== actorRoleFor('submit', form.level)) throw new DomainError('DANSO_ERR_FORBIDDEN');
    const current = await this.readScoped(actor, (trx) => findReport(trx, key));
    nextReportStatus(current?.status ?? 'draft', 'submit', form.level);
    const version = (current?.version ?? 0) + 1;
    const { live, expected } = await this.expectedDocument(actor, key, input, version);
    assertAllowed(actor, 'report.submit', this.placeOf(form, key.unit, live.unit.provinceCode));
    if (!this.periodOver(live.period)) {
      throw new DomainError('DANSO_ERR_REPORT_STATE', [{ path: 'period', reason: 'period_not_over' }]);
    }
    const at = this.now();
    await this.write(actor, async (trx) => {
      const publicKey = await this.checkSignature(trx, actor, expected, input);
      const stored = await findReport(trx, key, { forUpdate: true });
      if ((stored?.version ?? 0) + 1 !== version) {
        throw new DomainError('DANSO_ERR_REPORT_STALE', [
          { path: 'document', reason: 'submitted_meanwhile' },
        ]);
      }
      const status = nextReportStatus(stored?.status ?? 'draft', 'submit', form.level);
      const place = {
        provinceCode: live.unit.provinceCode,
        communeCode: form.level === 'commune' ? key.unit : null,
      };
      const id = stored?.id ?? randomUUID();
      if (!stored) {
        await insertReport(trx, {
          id,
          formCode: form.code,
          level: form.level,
          ...place,
          unitCode: key.unit,
          period: key.period,
          status,
          deadline: reportDeadline(form, live.period),
          submittedBy: actor.userId,
          at,
        });
      } else {
        await updateReport(trx, id, {
          status,
          version,
          submitted: { by: actor.userId, at },
          returnedReason: null,
          ...(status === 'locked' ? { lockedAt: at } : {}),
          at,
        });
      }
      await insertVersion(trx, {
        reportId: id,
        version,
        kind: 'submission',
        ...place,
        document: expected,
        signature: input.signature,
        keyId: input.keyId,
        publicKey,
        signedBy: actor.userId,
        at,
      });
      await insertAction(trx, {
        reportId: id,
        ...place,
        action: 'submit',
        version,
        actorId: actor.userId,
        at,
      });
    });
    return this.view(actor, key);
  }

  /** Runs a write in the actor's scope; two writers racing on one report make the second one retry. */
  private async write(actor: Actor, fn: (trx: Executor) => Promise<void>): Promise<void> {
    try {
      await this.database.scoped(actor.scope, fn);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new DomainError('DANSO_ERR_REPORT_STATE', [{ path: 'report', reason: 'changed_meanwhile' }]);
      }
      throw error;
    }
  }

  /** The province's decision on a commune's report: approve (and lock, by default), lock, or return. */
  async decide(
    actor: Actor,
    key: ReportKey,
    decision:
      | { action: 'approve'; lock?: boolean }
      | { action: 'lock' }
      | { action: 'return'; reason: string },
  ) {
    assertAllowed(actor, 'report.approve');
    const form = this.formOf(key.form);
    const at = this.now();
    await this.write(actor, async (trx) => {
      const stored = await findReport(trx, key, { forUpdate: true });
      if (!stored)
        throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'report', reason: 'not_submitted' }]);
      const place = { provinceCode: stored.province_code, communeCode: stored.commune_code };
      assertAllowed(actor, 'report.approve', {
        provinceCode: stored.province_code,
        ...(stored.commune_code ? { communeCode: stored.commune_code } : {}),
      });
      const actionsTaken: ReportAction[] =
        decision.action === 'approve' && decision.lock !== false ? ['approve', 'lock'] : [decision.action];
      let status: ReportStatus = stored.status;
      for (const action of actionsTaken) {
        status = nextReportStatus(status, action, form.level);
        await insertAction(trx, {
          reportId: stored.id,
          ...place,
          action,
          version: stored.version,
          actorId: actor.userId,
          at,
          reason: decision.action === 'return' ? decision.reason : null,
        });
      }
      await updateReport(trx, stored.id, {
        status,
        ...(actionsTaken.includes('approve') ? { approved: { by: actor.userId, at } } : {}),
        ...(actionsTaken.includes('lock') ? { lockedAt: at } : {}),
        ...(decision.action === 'return' ? { returnedReason: decision.reason } : {}),
        at,
      });
    });
    return this.view(actor, key);
  }

  /** The province accepts a revision: the recomputed values become a new version, signed by her. */
  async acceptRevision(actor: Actor, key: ReportKey, input: SignedInput) {
    assertAllowed(actor, 'report.approve');
    const form = this.formOf(key.form);
    const current = await this.readScoped(actor, (trx) => findReport(trx, key));
    if (!current) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'report', reason: 'not_submitted' }]);
    nextReportStatus(current.status, 'accept_revision', form.level);
    const version = current.version + 1;
    const { expected } = await this.expectedDocument(actor, key, input, version);
    const previous = await this.readScoped(actor, async (trx) => (await versionsOf(trx, current.id)).at(-1));
    if (previous && reportDifferences(previous.document.table, expected.table).length === 0) {
      throw new DomainError('DANSO_ERR_REPORT_STATE', [{ path: 'report', reason: 'no_revision' }]);
    }
    const at = this.now();
    await this.write(actor, async (trx) => {
      const publicKey = await this.checkSignature(trx, actor, expected, input);
      const stored = await findReport(trx, key, { forUpdate: true });
      if (!stored || stored.version + 1 !== version) {
        throw new DomainError('DANSO_ERR_REPORT_STALE', [{ path: 'document', reason: 'revised_meanwhile' }]);
      }
      const place = { provinceCode: stored.province_code, communeCode: stored.commune_code };
      const status = nextReportStatus(stored.status, 'accept_revision', form.level);
      await insertVersion(trx, {
        reportId: stored.id,
        version,
        kind: 'revision',
        ...place,
        document: expected,
        signature: input.signature,
        keyId: input.keyId,
        publicKey,
        signedBy: actor.userId,
        at,
      });
      await insertAction(trx, {
        reportId: stored.id,
        ...place,
        action: 'accept_revision',
        version,
        actorId: actor.userId,
        at,
      });
      await updateReport(trx, stored.id, { status, version, at });
    });
    return this.view(actor, key);
  }

  /** A frozen version's document, as signed. */
  async version(actor: Actor, key: ReportKey, version?: number) {
    const stored = await this.storedOrNotFound(actor, key);
    const versions = await this.readScoped(actor, (trx) => versionsOf(trx, stored.id));
    const found = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
    if (!found)
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'version', reason: 'unknown_version' }]);
    return { report: stored, version: found, status: stored.status };
  }

  private async storedOrNotFound(actor: Actor, key: ReportKey): Promise<ReportRow> {
    assertAllowed(actor, 'aggregate.read');
    this.formOf(key.form);
    const stored = await this.readScoped(actor, (trx) => findReport(trx, key));
    if (!stored) throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'report', reason: 'not_submitted' }]);
    return stored;
  }

  /**
   * A report as a file: the given frozen version, else the latest, else (never submitted) the live draft,
   * marked as such. Large PDFs are laid out off the request's thread.
   */
  async exportFile(actor: Actor, key: ReportKey, format: ExportFormat, version?: number) {
    assertAllowed(actor, 'aggregate.read');
    const form = this.formOf(key.form);
    const stored = await this.readScoped(actor, (trx) => findReport(trx, key));
    let input: ExportInput;
    if (stored) {
      const versions = await this.readScoped(actor, (trx) => versionsOf(trx, stored.id));
      const chosen = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
      if (!chosen)
        throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'version', reason: 'unknown_version' }]);
      const label = reportStatusLabels[stored.status].vi;
      input = {
        document: chosen.document,
        statusLabel: chosen.version === stored.version ? label : `${label} (đã có phiên bản mới hơn)`,
        version: {
          number: chosen.version,
          signerName: chosen.signer_name,
          signedAt: chosen.signed_at.toISOString(),
          fingerprint: keyFingerprint(chosen.public_key),
        },
        printedAt: this.now().toISOString(),
      };
    } else {
      if (version !== undefined) {
        throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'version', reason: 'unknown_version' }]);
      }
      const live = await this.compute(actor, key);
      input = {
        document: {
          form: { code: form.code, vi: form.vi, en: form.en },
          unit: live.unit,
          period: { code: keyPeriod(live), from: live.period.from, to: live.period.to },
          table: live.table,
        },
        statusLabel: reportStatusLabels.draft.vi,
        version: null,
        printedAt: this.now().toISOString(),
      };
    }
    const base = `${form.code}_${key.unit}_${key.period}${input.version ? `_v${input.version.number}` : '_nhap'}`;
    switch (format) {
      case 'csv':
        return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: reportToCsv(input) };
      case 'xlsx':
        return {
          fileName: `${base}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await reportToXlsx(input),
        };
      case 'pdf':
        return {
          fileName: `${base}.pdf`,
          contentType: 'application/pdf',
          body: await renderReportPdf(input),
        };
    }
  }

  /**
   * Checks every version's signature again: the stored document's canonical JSON against its signature and
   * the key it was signed with, and that key is the signer's registered key (not revoked then).
   */
  async verify(actor: Actor, key: ReportKey) {
    const stored = await this.storedOrNotFound(actor, key);
    const versions = await this.readScoped(actor, (trx) => versionsOf(trx, stored.id));
    const results = [];
    for (const v of versions) {
      const signatureValid = await verifyDocument(v.public_key, v.document, v.signature);
      const registry = await this.database.db.transaction().execute((trx) =>
        this.verifySignature(trx, {
          userId: v.signed_by,
          keyId: v.key_id,
          document: v.document,
          signature: v.signature,
          at: v.signed_at,
        }),
      );
      const signerMatches = v.document.signer === v.signed_by && v.document.version === v.version;
      results.push({
        version: v.version,
        kind: v.kind,
        signerName: v.signer_name,
        signedAt: v.signed_at.toISOString(),
        fingerprint: keyFingerprint(v.public_key),
        valid: signatureValid && registry.ok && signerMatches,
        reason: !signatureValid
          ? 'signature_does_not_match'
          : !registry.ok
            ? registry.code
            : !signerMatches
              ? 'signer_or_version_mismatch'
              : null,
      });
    }
    return { valid: results.every((r) => r.valid), versions: results };
  }

  /**
   * The reports of a unit for a year: for each form of its level, each period that has ended (and the
   * current one as a draft), with status, deadline and timeliness. Frozen reports a later change may have
   * altered are recomputed, and show as revised when their values differ.
   */
  async list(actor: Actor, query: { unit: string; year: string }) {
    assertAllowed(actor, 'aggregate.read');
    const level: ReportLevel = /^\d{2}$/.test(query.unit) ? 'province' : 'commune';
    const forms = [...this.forms.values()].filter((f) => f.level === level);
    const today = vietNamDate(this.now());
    const items = forms.flatMap((form) =>
      endedPeriods(form, query.year, today).map((period) => ({ form, period })),
    );
    const unit = await this.readScoped(actor, (trx) => currentUnit(trx, query.unit));
    if (!unit || unit.level !== level) {
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'unit', reason: 'unknown_unit' }]);
    }
    assertAllowed({ ...actor, scope: aggregateScope(actor.scope) }, 'aggregate.read', {
      provinceCode: unit.provinceCode,
      ...(level === 'commune' ? { communeCode: unit.code } : {}),
    });
    const stored = await this.readScoped(actor, (trx) =>
      reportsOf(trx, {
        forms: forms.map((f) => f.code),
        units: [query.unit],
        periods: items.map((i) => i.period),
      }),
    );
    const revised = await this.revisedAmong(actor, stored);
    const byKey = new Map(stored.map((r) => [`${r.form_code}|${r.period}`, r]));
    return {
      unit: { code: unit.code, name: unit.name, level },
      year: query.year,
      items: items.reverse().map(({ form, period }) => {
        const r = byKey.get(`${form.code}|${period}`);
        const deadline = reportDeadline(form, reportPeriod(form, period));
        const status: ReportStatus = r?.status ?? 'draft';
        return {
          form: { code: form.code, vi: form.vi, en: form.en, periodType: form.periodType },
          period,
          deadline,
          status,
          displayStatus: (r && revised.has(r.id) ? 'revised' : status) as ReportDisplayStatus,
          submittedAt: r?.first_submitted_at.toISOString() ?? null,
          onTime: r ? submittedOnTime(r.first_submitted_at, r.deadline) : null,
          overdue: !r && deadline < today,
        };
      }),
    };
  }

  /** Frozen reports whose live values now differ from their latest version (recomputed only when touched). */
  private async revisedAmong(actor: Actor, reports: readonly ReportRow[]): Promise<Set<string>> {
    const frozen = reports.filter((r) => isFrozen(r.status));
    const candidates = await this.readScoped(actor, (trx) =>
      touchedSinceFrozen(
        trx,
        frozen.map((r) => ({
          id: r.id,
          level: r.level,
          unitCode: r.unit_code,
          periodEnd: periodEnd(reportPeriod(this.formOf(r.form_code), r.period)),
          frozenAt: r.frozen_at,
        })),
      ),
    );
    const revised = new Set<string>();
    for (const r of frozen.filter((x) => candidates.has(x.id)).slice(0, 50)) {
      const key = { form: r.form_code, unit: r.unit_code, period: r.period };
      const live = await this.compute(actor, key);
      const latest = await this.readScoped(actor, async (trx) => (await versionsOf(trx, r.id)).at(-1));
      if (latest && reportDifferences(latest.document.table, live.table).length > 0) revised.add(r.id);
    }
    return revised;
  }

  /**
   * Monitoring for the province: for a commune form and a year, each commune's reports of the ended periods —
   * status, timeliness (submitted by the deadline) — and its completeness (share of expected reports
   * received); the reports waiting for the province's decision; revisions waiting for acceptance.
   */
  async monitoring(actor: Actor, query: { province: string; form: string; year: string }) {
    assertAllowed(actor, 'aggregate.read', { provinceCode: query.province });
    const form = this.formOf(query.form);
    if (form.level !== 'commune') {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'form', reason: 'not_a_commune_form' }]);
    }
    const today = vietNamDate(this.now());
    const periods = endedPeriods(form, query.year, today);
    const { communes, reports, provinceName } = await this.readScoped(actor, async (trx) => {
      const communes = await communesOfProvince(trx, query.province);
      return {
        communes,
        provinceName: await unitName(trx, query.province),
        reports: await reportsOf(trx, {
          forms: [form.code],
          units: communes.map((c) => c.code),
          periods,
        }),
      };
    });
    if (!provinceName)
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'province', reason: 'unknown_unit' }]);
    const revised = await this.revisedAmong(actor, reports);
    const byKey = new Map(reports.map((r) => [`${r.unit_code}|${r.period}`, r]));
    const deadlines = new Map(periods.map((p) => [p, reportDeadline(form, reportPeriod(form, p))]));
    const rows = communes.map((commune) => {
      const cells = periods.map((period) => {
        const r = byKey.get(`${commune.code}|${period}`);
        const deadline = deadlines.get(period) as string;
        return {
          period,
          deadline,
          status: (r?.status ?? 'draft') as ReportStatus,
          displayStatus: (r ? (revised.has(r.id) ? 'revised' : r.status) : 'draft') as ReportDisplayStatus,
          submittedAt: r?.first_submitted_at.toISOString() ?? null,
          onTime: r ? submittedOnTime(r.first_submitted_at, r.deadline) : null,
          overdue: !r && deadline < today,
        };
      });
      // Expected: the periods whose deadline has passed, and any period already received.
      const expected = cells.filter((c) => c.deadline < today || c.submittedAt).length;
      const received = cells.filter((c) => c.submittedAt).length;
      const onTime = cells.filter((c) => c.onTime).length;
      return {
        code: commune.code,
        name: commune.name,
        cells,
        expected,
        received,
        onTime,
        completeness: expected === 0 ? null : received / expected,
        timeliness: received === 0 ? null : onTime / received,
      };
    });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const expected = sum((r) => r.expected);
    const received = sum((r) => r.received);
    const onTime = sum((r) => r.onTime);
    return {
      province: { code: query.province, name: provinceName },
      form: { code: form.code, vi: form.vi, en: form.en, periodType: form.periodType },
      year: query.year,
      periods: periods.map((p) => ({ period: p, deadline: deadlines.get(p) as string })),
      communes: rows,
      totals: {
        expected,
        received,
        onTime,
        completeness: expected === 0 ? null : received / expected,
        timeliness: received === 0 ? null : onTime / received,
      },
      waiting: reports
        .filter((r) => r.status === 'submitted' || revised.has(r.id))
        .map((r) => ({
          unit: r.unit_code,
          name: communes.find((c) => c.code === r.unit_code)?.name ?? r.unit_code,
          period: r.period,
          displayStatus: (revised.has(r.id) ? 'revised' : r.status) as ReportDisplayStatus,
        })),
    };
  }

  // ------------------------------------------------------------------------------------------- yearbook

  private readonly yearbookTables: ReadonlyMap<string, ReportForm>;
  /** Jobs being built by this process, so that each is built once. */
  private readonly yearbooksBuilding = new Map<string, Promise<void>>();

  /**
   * Starts producing a province's population yearbook for a year as PDF or XLSX. The job is recorded, then
   * built after the answer; its progress is read with `yearbookJob` and the file, once ready, with
   * `yearbookFile`, by the user who started it, for a day. A job cut short by a restart of the server is
   * built again when the server starts (`resumeYearbooks`).
   */
  async startYearbook(actor: Actor, input: { province: string; year: string; format: 'pdf' | 'xlsx' }) {
    assertAllowed(actor, 'aggregate.read', { provinceCode: input.province });
    if (actor.scope.kind !== 'province' && actor.scope.kind !== 'national')
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    if (input.year >= vietNamDate(this.now()).slice(0, 4)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'year', reason: 'year_not_over' }]);
    }
    const db = this.database.db;
    await db.deleteFrom('yearbook_job').where('expires_at', '<', this.now()).execute();
    const running = await db
      .selectFrom('yearbook_job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('status', '=', 'running')
      .executeTakeFirstOrThrow();
    if (Number(running.n) >= 2) throw new DomainError('DANSO_ERR_RATE_LIMITED');
    const id = randomUUID();
    await db
      .insertInto('yearbook_job')
      .values({
        id,
        user_id: actor.userId,
        province_code: input.province,
        year: input.year,
        format: input.format,
        expires_at: new Date(this.now().getTime() + YEARBOOK_KEPT_MS),
      })
      .execute();
    this.buildInBackground(actor, { id, ...input });
    return this.yearbookJob(actor, id);
  }

  /**
   * Builds again the yearbooks left running by a server that stopped, as the users who started them (a user
   * since disabled gets a failed job), after removing those past their day. Returns how many were started.
   */
  async resumeYearbooks(): Promise<number> {
    const db = this.database.db;
    await db.deleteFrom('yearbook_job').where('expires_at', '<', this.now()).execute();
    const jobs = await db
      .selectFrom('yearbook_job as j')
      .innerJoin('app_user as u', 'u.id', 'j.user_id')
      .selectAll('u')
      .select(['j.id as job_id', 'j.province_code', 'j.year', 'j.format'])
      .where('j.status', '=', 'running')
      .where('j.expires_at', '>=', this.now())
      .execute();
    let resumed = 0;
    for (const job of jobs) {
      if (this.yearbooksBuilding.has(job.job_id)) continue;
      if (job.disabled_at !== null) {
        await this.failYearbook(job.job_id, 'DANSO_ERR_FORBIDDEN');
        continue;
      }
      const actor = await actorOf(db, job);
      this.buildInBackground(actor, {
        id: job.job_id,
        province: job.province_code,
        year: job.year,
        format: job.format,
      });
      resumed += 1;
    }
    return resumed;
  }

  private buildInBackground(actor: Actor, job: YearbookRequest) {
    const building = this.buildYearbook(actor, job)
      .catch((error: unknown) =>
        this.failYearbook(job.id, error instanceof DomainError ? error.code : 'DANSO_ERR_INTERNAL'),
      )
      .catch(() => {}) // the database is gone (the server is stopping): the job is resumed at the next start
      .finally(() => this.yearbooksBuilding.delete(job.id));
    this.yearbooksBuilding.set(job.id, building);
  }

  /** Waits for the yearbooks this process is building (tests; a server stopping). */
  async yearbooksSettled(): Promise<void> {
    await Promise.all(this.yearbooksBuilding.values());
  }

  private async failYearbook(id: string, code: string) {
    await this.database.db
      .updateTable('yearbook_job')
      .set({ status: 'failed', error: code })
      .where('id', '=', id)
      .execute();
  }

  private async buildYearbook(actor: Actor, input: YearbookRequest) {
    const db = this.database.db;
    const progress = (values: { progress: number; step?: 'tables' | 'layout' }) =>
      db.updateTable('yearbook_job').set(values).where('id', '=', input.id).execute();
    await progress({ progress: 0, step: 'tables' });
    const tables: ExportInput[] = [];
    const forms = [...this.yearbookTables.values()];
    for (const [i, form] of forms.entries()) {
      const computed = await this.computeForm(
        actor,
        form,
        { form: form.code, unit: input.province, period: input.year },
        'current',
      );
      tables.push({
        document: {
          form: { code: form.code, vi: form.vi, en: form.en },
          unit: computed.unit,
          period: { code: input.year, from: computed.period.from, to: computed.period.to },
          table: computed.table,
        },
        statusLabel: 'số liệu từ các biến động đã duyệt',
        version: null,
        note: `Nguồn: sổ hộ gia đình điện tử của ${computed.unit.name}, các biến động đã duyệt đến ngày lập niên giám.`,
        printedAt: this.now().toISOString(),
      });
      await progress({ progress: ((i + 1) / forms.length) * 0.7 });
    }
    const communeTable = tables.find((t) => t.document.form.code === YEARBOOK_COMMUNE_TABLE)?.document.table;
    const yearbook: YearbookInput = {
      province: { code: input.province, name: tables[0]?.document.unit.name ?? input.province },
      year: input.year,
      tables,
      rankings: communeTable ? yearbookRankings(communeTable) : [],
      printedAt: this.now().toISOString(),
    };
    await progress({ progress: 0.7, step: 'layout' });
    const body = input.format === 'pdf' ? await renderYearbookPdf(yearbook) : await yearbookToXlsx(yearbook);
    await db
      .updateTable('yearbook_job')
      .set({
        status: 'done',
        step: 'done',
        progress: 1,
        file_name: `nien-giam-dan-so_${input.province}_${input.year}.${input.format}`,
        content_type:
          input.format === 'pdf'
            ? 'application/pdf'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body,
      })
      .where('id', '=', input.id)
      .execute();
  }

  /** The job, if the actor started it and may still read its province (else not found). */
  private async jobOf(actor: Actor, id: string, withFile: boolean) {
    const job = await this.database.db
      .selectFrom('yearbook_job')
      .select([
        'id',
        'user_id',
        'province_code',
        'format',
        'status',
        'progress',
        'step',
        'file_name',
        'content_type',
        'error',
      ])
      .$if(withFile, (qb) => qb.select('body'))
      .where('id', '=', id)
      .where('expires_at', '>=', this.now())
      .executeTakeFirst();
    if (!job || job.user_id !== actor.userId || !canReadProvince(actor, job.province_code))
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'id', reason: 'unknown_job' }]);
    return job as typeof job & { body?: Uint8Array | null };
  }

  async yearbookJob(actor: Actor, id: string) {
    const job = await this.jobOf(actor, id, false);
    return {
      id: job.id,
      format: job.format,
      status: job.status,
      progress: Math.round(job.progress * 100) / 100,
      step: job.step,
      fileName: job.status === 'done' ? job.file_name : null,
      error: job.error,
    };
  }

  async yearbookFile(actor: Actor, id: string) {
    const job = await this.jobOf(actor, id, true);
    if (job.status !== 'done' || !job.body)
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'id', reason: 'not_ready' }]);
    return {
      fileName: job.file_name as string,
      contentType: job.content_type as string,
      body: Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength),
    };
  }
}

/** How long a yearbook job and its file are kept. */
const YEARBOOK_KEPT_MS = 24 * 3_600_000;

interface YearbookRequest {
  id: string;
  province: string;
  year: string;
  format: 'pdf' | 'xlsx';
}

function canReadProvince(actor: Actor, provinceCode: string): boolean {
  try {
    assertAllowed(actor, 'aggregate.read', { provinceCode });
    return true;
  } catch {
    return false;
  }
}

function keyPeriod(computed: Computed): string {
  const { form, period } = computed;
  if (form.periodType === 'year') return period.from.slice(0, 4);
  if (form.periodType === 'quarter')
    return `${period.from.slice(0, 4)}-Q${(Number(period.from.slice(5, 7)) + 2) / 3}`;
  return period.from;
}
