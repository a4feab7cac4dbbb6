import { randomUUID } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  type ChangeType,
  DomainError,
  type ErrorDetail,
  isMonth,
  localMonthBounds,
  localMonthOf,
  type MonthSubmissionDocument,
  monthSubmissionProblems,
  submissionDeadline,
  verifyDocument,
} from '@danso/domain';
import type { Database } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { signingKeyById, verifySignedBy } from '../signing-keys/signing-keys.service.ts';
import {
  areaLabels,
  authoredAmong,
  authoredRecordedIn,
  collaboratorsWithSync,
  findSubmission,
  insertSubmission,
  provinceOfCommune,
  type SubmissionRow,
  submissionsOf,
  usernameOf,
} from './submissions.repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** At most this many ids are listed in an error's details. */
const MAX_LISTED = 50;

/**
 * The collaborators' month submissions (phiếu thu tin): signed on the phone, checked against what the server
 * holds from her, kept as versions, and shown to the commune with the signature checked again.
 */
export class SubmissionsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly options: { dueDay: number },
  ) {}

  private deadlineOf(month: string) {
    return submissionDeadline(month, { dueDay: this.options.dueDay });
  }

  async submit(
    actor: Actor,
    input: { document: MonthSubmissionDocument; keyId: string; signature: string },
    now = new Date(),
  ) {
    if (actor.role !== 'collaborator' || actor.scope.kind !== 'areas')
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    const scope = actor.scope;
    const { document } = input;
    if (document.userId !== actor.userId) {
      throw new DomainError('DANSO_ERR_SUBMISSION_INVALID', [
        { path: 'document.userId', reason: 'not_the_signed_in_user' },
      ]);
    }
    if (!isMonth(document.month)) {
      throw new DomainError('DANSO_ERR_SUBMISSION_INVALID', [
        { path: 'document.month', reason: 'not_a_month' },
      ]);
    }
    if (document.month > localMonthOf(now.toISOString())) {
      throw new DomainError('DANSO_ERR_SUBMISSION_MONTH_NOT_OVER', [
        { path: 'document.month', reason: 'future' },
      ]);
    }
    const foreignAreas = document.areaIds.filter((a) => !scope.areaIds.includes(a));
    if (foreignAreas.length > 0 || document.areaIds.length === 0) {
      throw new DomainError('DANSO_ERR_SUBMISSION_INVALID', [
        { path: 'document.areaIds', reason: foreignAreas.length > 0 ? 'not_her_areas' : 'empty' },
      ]);
    }
    return this.database.scoped(scope, async (trx) => {
      const check = await verifySignedBy(trx, {
        userId: actor.userId,
        keyId: input.keyId,
        document,
        signature: input.signature,
      });
      if (!check.ok)
        throw new DomainError(check.code, [
          { path: check.code === 'DANSO_ERR_SIGNATURE_INVALID' ? 'signature' : 'keyId', reason: 'signature' },
        ]);

      const listed = await authoredAmong(trx, actor.userId, document.changeIds);
      const known = new Map(listed.map((c) => [c.id, c.type as ChangeType]));
      const unknown = document.changeIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new DomainError(
          'DANSO_ERR_SUBMISSION_CHANGES_NOT_SYNCED',
          unknown.slice(0, MAX_LISTED).map((id) => ({ path: 'document.changeIds', reason: id })),
        );
      }
      const bounds = localMonthBounds(document.month);
      const recorded = await authoredRecordedIn(trx, actor.userId, bounds.from, bounds.to);
      const inList = new Set(document.changeIds);
      const missing = recorded.filter((c) => !inList.has(c.id));
      if (missing.length > 0) {
        throw new DomainError(
          'DANSO_ERR_SUBMISSION_INCOMPLETE',
          missing.slice(0, MAX_LISTED).map((c) => ({ path: 'document.changeIds', reason: c.id })),
        );
      }
      const problems = monthSubmissionProblems(document, (id) => known.get(id));
      if (problems.length > 0) {
        throw new DomainError(
          'DANSO_ERR_SUBMISSION_INVALID',
          problems.map(
            (p): ErrorDetail => ({
              path: `document.${p.path}`,
              reason: p.code === 'counts_mismatch' ? `${p.code}:${p.type}:${p.expected}` : p.code,
            }),
          ),
        );
      }
      const { deadline } = this.deadlineOf(document.month);
      const row = await insertSubmission(trx, {
        id: randomUUID(),
        user_id: actor.userId,
        province_code: scope.provinceCode,
        commune_code: scope.communeCode,
        area_ids: [...document.areaIds],
        month: `${document.month}-01`,
        document,
        key_id: input.keyId,
        signature: input.signature,
        received_at: now,
        deadline: new Date(deadline),
        on_time: now.getTime() < Date.parse(deadline),
        change_count: document.changeIds.length,
      });
      await this.audit.record(
        {
          action: 'submission.submit',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'month_submission',
          objectId: row.id,
          placeCode: scope.communeCode,
          purpose: 'register.report',
          details: {
            month: document.month,
            version: row.version,
            changes: row.change_count,
            keyId: input.keyId,
          },
        },
        trx,
      );
      return {
        id: row.id,
        version: row.version,
        receivedAt: iso(row.received_at) as string,
        deadline,
        onTime: row.on_time,
      };
    });
  }

  /** The stored signature checked again against the stored document (tampering shows as invalid). */
  private async signatureValid(
    trx: Parameters<typeof verifySignedBy>[0],
    row: SubmissionRow,
  ): Promise<boolean> {
    const check = await verifySignedBy(trx, {
      userId: row.user_id,
      keyId: row.key_id,
      document: row.document,
      signature: row.signature,
      at: new Date(row.received_at),
    });
    return check.ok && (row.document as MonthSubmissionDocument).userId === row.user_id;
  }

  private async assertCommuneOfficer(actor: Actor, communeCode: string) {
    if (actor.role !== 'commune_officer' && actor.role !== 'province_officer') {
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    }
    const provinceCode = await provinceOfCommune(this.database.db, communeCode);
    assertAllowed(actor, 'personal.read', { provinceCode, communeCode });
  }

  /** Who of the commune's collaborators submitted the month, on time or late, with their last sync. */
  async list(actor: Actor, communeCode: string, month: string) {
    await this.assertCommuneOfficer(actor, communeCode);
    const { deadline, dueDate } = this.deadlineOf(month);
    return this.database.scoped(actor.scope, async (trx) => {
      const collaborators = await collaboratorsWithSync(trx, communeCode);
      const rows = await submissionsOf(trx, communeCode, `${month}-01`);
      const labels = await areaLabels(trx, [...new Set(collaborators.flatMap((c) => c.area_ids))]);
      const result = [];
      for (const c of collaborators) {
        const versions = rows.filter((r) => r.user_id === c.id);
        const first = versions[0];
        const latest = versions.at(-1);
        result.push({
          userId: c.id,
          username: c.username,
          displayName: c.display_name,
          areas: c.area_ids.flatMap((id) => {
            const label = labels.get(id);
            return label ? [label] : [];
          }),
          status: !first ? ('missing' as const) : first.on_time ? ('on_time' as const) : ('late' as const),
          submissionId: latest?.id ?? null,
          submittedAt: latest ? iso(latest.received_at) : null,
          firstSubmittedAt: first ? iso(first.received_at) : null,
          versions: versions.length,
          changeCount: latest?.change_count ?? 0,
          signatureValid: latest ? await this.signatureValid(trx, latest) : false,
          lastSyncAt: iso(c.last_sync_at),
          waitingOnDevice:
            c.waiting_reported_at !== null
              ? {
                  count: c.waiting_count ?? 0,
                  oldestRecordedAt: iso(c.waiting_oldest_recorded_at),
                  reportedAt: iso(c.waiting_reported_at) as string,
                }
              : null,
        });
      }
      return { communeCode, month, dueDate, deadline, collaborators: result };
    });
  }

  /** One stored submission, for proof: the document, the signature, the key, and the check made again now. */
  async get(actor: Actor, id: string) {
    return this.database.scoped(actor.scope, async (trx) => {
      const row = await findSubmission(trx, id);
      const mine = row?.user_id === actor.userId;
      if (!row || (!mine && actor.role !== 'commune_officer' && actor.role !== 'province_officer')) {
        throw new DomainError('DANSO_ERR_NOT_FOUND');
      }
      const key = await signingKeyById(trx, row.key_id);
      const user = await usernameOf(trx, row.user_id);
      const document = row.document as MonthSubmissionDocument;
      const valid =
        key !== null &&
        key.userId === row.user_id &&
        document.userId === row.user_id &&
        (await verifyDocument(key.publicKey, document, row.signature));
      return {
        id: row.id,
        userId: row.user_id,
        username: user?.username ?? '',
        displayName: user?.display_name ?? '',
        communeCode: row.commune_code,
        month: document.month,
        version: row.version,
        receivedAt: iso(row.received_at) as string,
        deadline: iso(row.deadline) as string,
        onTime: row.on_time,
        document,
        signature: row.signature,
        key: key
          ? {
              id: key.id,
              fingerprint: key.fingerprint,
              publicKey: key.publicKey,
              label: key.label,
              createdAt: key.createdAt,
              revokedAt: key.revokedAt,
            }
          : null,
        signatureValid: valid,
      };
    });
  }
}
