import { createHash } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  type Change,
  canTransition,
  DomainError,
  detectConflicts,
  type ErrorDetail,
  findPossibleDuplicates,
  flowCounts,
  hasBlockingRuleResult,
  householdPlacement,
  isCorrectable,
  parseChange,
  type ReviewActionType,
  type ReviewStatus,
  type RuleResult,
  unacknowledgedWarnings,
  validateChange,
  vietNamDate,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import type { FlowIncrement } from '../../db/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { canonicalJson } from '../audit/audit.service.ts';
import { markStockStale } from '../population/stale-stock.ts';
import { applyChange, changedSince, peopleTouchedBy, undoChange } from './apply.repository.ts';
import {
  actionsOf,
  addFlows,
  type ChangeRow,
  currentRegisterVersion,
  duplicateCandidates,
  findAreaPlace,
  findChange,
  findChanges,
  type HouseholdPlace,
  hadBodyHash,
  type InboxFilter,
  insertAction,
  insertActions,
  insertChanges,
  listChanges,
  lockHouseholdNumber,
  type NewChangeRow,
  nextRegisterVersion,
  updateChange,
} from './changes.repository.ts';
import { RegisterReader, snapshotOf } from './register-reader.ts';

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
const today = () => vietNamDate(new Date());

export function changeHash(change: Change): string {
  return createHash('sha256').update(canonicalJson(change)).digest('hex');
}

export interface ChangeView {
  id: string;
  type: string;
  status: ReviewStatus;
  occurredOn: string;
  recordedAt: string;
  receivedAt: string;
  communeCode: string;
  areaId: string;
  householdId: string;
  personId: string | null;
  authorId: string;
  ruleResults: RuleResult[];
  duplicates: unknown[];
  conflict: unknown;
  lastReason: string | null;
  appliedVersion: number | null;
  change: Change;
}

function view(row: ChangeRow & { duplicates?: unknown }): ChangeView {
  return {
    id: row.id,
    type: row.type,
    status: row.status as ReviewStatus,
    occurredOn: row.occurred_on,
    recordedAt: new Date(row.recorded_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    communeCode: row.commune_code,
    areaId: row.area_id,
    householdId: row.household_id,
    personId: row.person_id,
    authorId: row.author_id,
    ruleResults: row.rule_results as RuleResult[],
    duplicates: (row.duplicates as unknown[]) ?? [],
    conflict: row.conflict ?? null,
    lastReason: row.last_reason,
    appliedVersion: row.applied_version,
    change: row.body as Change,
  };
}

export type SubmitOutcome =
  | { ok: true; change: ChangeView; replay: boolean }
  | { ok: false; error: DomainError };

/** A change's own refusal; anything but a domain error is a fault that fails the whole request. */
function refusal(error: unknown): SubmitOutcome {
  if (error instanceof DomainError) return { ok: false, error };
  throw error;
}

function ruleDetails(results: readonly RuleResult[]): ErrorDetail[] {
  return results.map((r) => ({ path: r.path, reason: r.code, message: r.vi }));
}

export interface ChangesServiceOptions {
  /**
   * For bulk loads of many approvals (the simulator): an approval does not recompute the month-end stock of
   * the areas it touched; it tells this function which areas, from which date, and the caller recomputes the
   * stock once at the end (`refreshStock`). Flow counts and history are written as always.
   */
  deferStock?: (areaIds: readonly string[], fromDate: string) => void;
  /** Told when an approval has marked month-end stocks stale, to bring them up to date soon after. */
  stockRefresher?: { poke(): void };
}

/**
 * Changes as facts: submission (idempotent on the client's UUIDv7), validation by the domain rules, the
 * review state machine, conflicts, and approval that applies the change to the register, its history and
 * its aggregates in one transaction.
 */
export class ChangesService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly options: ChangesServiceOptions = {},
  ) {}

  /** Where a change belongs: its household's place (for a new household, its area's). Null when out of sight. */
  private async placeOf(ex: Executor, change: Change, read: RegisterReader): Promise<HouseholdPlace | null> {
    if (change.type === 'household_new') {
      const area = await findAreaPlace(ex, change.payload.areaId);
      if (!area) return null;
      return {
        id: change.householdId,
        province_code: area.province_code,
        commune_code: area.commune_code,
        area_id: area.id,
        code: '',
      };
    }
    return (await read.household(change.householdId))?.place ?? null;
  }

  private async possibleDuplicates(ex: Executor, change: Change, communeCode: string) {
    const person =
      change.type === 'birth'
        ? {
            id: change.personId,
            fullName: change.payload.fullName,
            sex: change.payload.sex,
            birthDate: change.occurredOn,
            birthDatePrecision: 'day' as const,
            motherId: change.payload.mother.personId ?? null,
            householdId: change.householdId,
            personalId: change.payload.personalId ?? null,
          }
        : change.type === 'move_in'
          ? { id: change.personId, ...change.payload.person, householdId: change.householdId }
          : null;
    if (!person) return [];
    const candidates = (await duplicateCandidates(ex, communeCode, person.fullName)).map((r) => ({
      id: r.id,
      fullName: r.full_name,
      sex: r.sex as 1 | 2,
      birthDate: r.birth_date,
      birthDatePrecision: r.birth_date_precision as 'day' | 'month' | 'year',
      motherId: r.mother_id,
      householdId: r.household_id,
      personalId: r.personal_id,
      insuranceNumber: r.insurance_number,
    }));
    return findPossibleDuplicates(person, candidates)
      .slice(0, 5)
      .map((d) => ({
        personId: d.person.id,
        fullName: d.person.fullName,
        birthDate: d.person.birthDate,
        householdId: d.person.householdId,
        score: d.score,
        reasons: d.reasons,
      }));
  }

  private assertCorrectable(change: Change, corrected: ChangeRow | undefined) {
    if (change.type !== 'correction') return;
    if (!corrected) throw new DomainError('DANSO_ERR_NOT_FOUND');
    if (!isCorrectable(corrected.type)) {
      throw new DomainError('DANSO_ERR_CORRECTION_UNSUPPORTED', [
        { path: 'payload.correctsChangeId', reason: corrected.type },
      ]);
    }
  }

  /** Records a change sent by a device or entered by an officer. Sending it again returns the first answer. */
  async submit(actor: Actor, input: unknown): Promise<{ change: ChangeView; replay: boolean }> {
    const [outcome] = await this.submitMany(actor, [input]);
    if (!outcome?.ok) throw outcome?.error ?? new DomainError('DANSO_ERR_VALIDATION');
    return outcome;
  }

  /**
   * Records changes sent together (a device's push) in one transaction: one read of the changes, people and
   * households they name, one insert of each kind, one append to the audit chain. Each change gets the answer
   * `submit` would give it alone — accepted, a repeat of an earlier send, or refused with its own error — and
   * a refusal never keeps the others out.
   */
  async submitMany(actor: Actor, inputs: readonly unknown[]): Promise<SubmitOutcome[]> {
    assertAllowed(actor, 'personal.write');
    const outcomes: SubmitOutcome[] = [];
    const pending: { index: number; change: Change; hash: string }[] = [];
    inputs.forEach((input, index) => {
      const parsed = parseChange(input);
      if (!parsed.ok) {
        outcomes[index] = refusal(new DomainError('DANSO_ERR_VALIDATION', parsed.errors));
      } else if (parsed.change.authorId !== actor.userId) {
        outcomes[index] = refusal(
          new DomainError('DANSO_ERR_VALIDATION', [{ path: 'authorId', reason: 'not_the_signed_in_user' }]),
        );
      } else {
        pending.push({ index, change: parsed.change, hash: changeHash(parsed.change) });
      }
    });
    if (pending.length === 0) return outcomes;
    return this.database.scoped(actor.scope, async (trx) => {
      const stored = new Map(
        (
          await findChanges(
            trx,
            pending.map((p) => p.change.id),
          )
        ).map((r) => [r.id, r]),
      );
      const read = new RegisterReader(trx);
      await read.preload(pending.filter((p) => !stored.has(p.change.id)).map((p) => p.change));

      // The first sending of each id not stored yet makes a row; every other item is answered after the insert.
      const rows = new Map<string, NewChangeRow>();
      const firsts = new Set<number>();
      for (const item of pending) {
        const id = item.change.id;
        if (stored.has(id) || rows.has(id)) continue;
        firsts.add(item.index);
        try {
          rows.set(id, await this.newRow(trx, actor, item.change, item.hash, read));
        } catch (error) {
          outcomes[item.index] = refusal(error);
        }
      }

      const inserted = new Map((await insertChanges(trx, [...rows.values()])).map((r) => [r.id, r]));
      for (const item of pending) {
        const row = inserted.get(item.change.id);
        if (row && firsts.has(item.index)) {
          outcomes[item.index] = { ok: true, change: view(row), replay: false };
        }
      }
      // Sent before (or sent twice in this batch, or by another request at this moment): the first answer when
      // the content is the same, a refusal when the id carries other content or is not this caller's to see.
      for (const item of pending) {
        if (outcomes[item.index]) continue;
        const first = stored.get(item.change.id) ?? (await findChange(trx, item.change.id));
        try {
          if (!first)
            throw new DomainError('DANSO_ERR_CHANGE_ID_REUSED', [{ path: 'id', reason: 'id_in_use' }]);
          const same = first.body_hash === item.hash || (await hadBodyHash(trx, first.id, item.hash));
          if (!same) {
            throw new DomainError('DANSO_ERR_CHANGE_ID_REUSED', [
              { path: 'id', reason: 'different_content' },
            ]);
          }
          outcomes[item.index] = { ok: true, change: view(first), replay: true };
        } catch (error) {
          outcomes[item.index] = refusal(error);
        }
      }

      const accepted = [...inserted.values()];
      await insertActions(
        trx,
        accepted.map((row) => ({
          change: row,
          action: { type: 'submit', actorId: actor.userId, role: actor.role },
        })),
      );
      await this.audit.recordMany(
        accepted.map((row) => ({
          action: 'change.submit',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'change',
          objectId: row.id,
          placeCode: row.commune_code,
          purpose: 'register.write',
          details: { type: row.type },
        })),
        trx,
      );
      return outcomes;
    });
  }

  /** The row of a new change, once it passes the access check and the blocking rules. */
  private async newRow(
    trx: Executor,
    actor: Actor,
    change: Change,
    hash: string,
    read: RegisterReader,
  ): Promise<NewChangeRow> {
    const place = await this.placeOf(trx, change, read);
    if (!place)
      throw new DomainError('DANSO_ERR_NOT_FOUND', [{ path: 'householdId', reason: 'not_in_your_places' }]);
    assertAllowed(actor, 'personal.write', {
      provinceCode: place.province_code,
      communeCode: place.commune_code,
      areaId: place.area_id,
    });
    const results = validateChange(change, await snapshotOf(change, read), today());
    if (hasBlockingRuleResult(results)) {
      throw new DomainError(
        'DANSO_ERR_CHANGE_INVALID',
        ruleDetails(results.filter((r) => r.severity === 'error')),
      );
    }
    if (change.type === 'correction') {
      this.assertCorrectable(change, await findChange(trx, change.payload.correctsChangeId));
    }
    return {
      id: change.id,
      province_code: place.province_code,
      commune_code: place.commune_code,
      area_id: place.area_id,
      household_id: change.householdId,
      person_id: 'personId' in change && change.personId ? change.personId : null,
      type: change.type,
      occurred_on: change.occurredOn,
      recorded_at: change.recordedAt,
      base_version: change.baseVersion,
      author_id: change.authorId,
      body: change,
      body_hash: hash,
      status: 'submitted',
      rule_results: results,
      duplicates: await this.possibleDuplicates(trx, change, place.commune_code),
      corrects_change_id: change.type === 'correction' ? change.payload.correctsChangeId : null,
    };
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'personal.read');
    return this.database.scoped(actor.scope, async (trx) => {
      const row = await findChange(trx, id);
      if (!row) throw new DomainError('DANSO_ERR_NOT_FOUND');
      const change = view(row);
      const body = change.change;
      // Both versions for the officer: what the register says now about the people the change concerns.
      const snapshot = ['submitted', 'conflict', 'returned'].includes(change.status)
        ? await snapshotOf(body, new RegisterReader(trx))
        : null;
      await this.audit.record(
        {
          action: 'change.read',
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'change',
          objectId: id,
          placeCode: row.commune_code,
          purpose: 'register.review',
        },
        trx,
      );
      return {
        change,
        actions: await actionsOf(trx, id),
        register: snapshot
          ? {
              person: snapshot.person ?? null,
              household: snapshot.household ? { ...snapshot.household, place: undefined } : null,
            }
          : null,
      };
    });
  }

  async list(actor: Actor, filter: InboxFilter) {
    assertAllowed(actor, 'personal.read');
    return this.database.scoped(actor.scope, async (trx) => {
      const { rows, total } = await listChanges(trx, filter);
      return {
        total,
        registerVersion: await currentRegisterVersion(trx),
        items: rows.map((r) => ({
          id: r.id,
          type: r.type,
          status: r.status as ReviewStatus,
          occurredOn: r.occurred_on,
          receivedAt: new Date(r.received_at).toISOString(),
          communeCode: r.commune_code,
          areaId: r.area_id,
          areaNumber: r.area_number ?? null,
          householdId: r.household_id,
          personId: r.person_id,
          authorId: r.author_id,
          authorName: r.author_name,
          warnings: (r.rule_results as RuleResult[]).filter((x) => x.severity === 'warning').length,
          hasConflict: r.conflict !== null,
          lastReason: r.last_reason,
          summary: summaryOf(r.body as Change, r.person_name, r.household_code),
        })),
      };
    });
  }

  /** An officer's decision, or the author's resubmission of a returned change (with its corrected content). */
  async review(
    actor: Actor,
    id: string,
    input: {
      action: ReviewActionType;
      reason?: string;
      acknowledgedRules?: { code: string; path: string }[];
      change?: unknown;
    },
  ): Promise<ChangeView> {
    assertAllowed(actor, 'personal.write');
    return this.database.scoped(actor.scope, async (trx) => {
      const row = await findChange(trx, id, true);
      if (!row) throw new DomainError('DANSO_ERR_NOT_FOUND');
      const status = row.status as ReviewStatus;
      if (!canTransition(status, input.action, actor.role, { isAuthor: row.author_id === actor.userId })) {
        throw new DomainError('DANSO_ERR_REVIEW_NOT_ALLOWED', [
          { path: 'action', reason: `${status}:${input.action}` },
        ]);
      }
      const reason = input.reason?.trim() || null;
      switch (input.action) {
        case 'return':
        case 'reject': {
          if (!reason)
            throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'reason', reason: 'required' }]);
          await updateChange(trx, id, {
            status: input.action === 'return' ? 'returned' : 'rejected',
            last_reason: reason,
          });
          await insertAction(trx, row, {
            type: input.action,
            actorId: actor.userId,
            role: actor.role,
            reason,
          });
          break;
        }
        case 'resolve_conflict':
          await updateChange(trx, id, { status: 'submitted', conflict: null });
          await insertAction(trx, row, {
            type: 'resolve_conflict',
            actorId: actor.userId,
            role: actor.role,
            reason,
          });
          break;
        case 'resubmit':
          await this.resubmit(trx, actor, row, input.change);
          break;
        case 'approve':
          await this.approve(trx, actor, row, input.acknowledgedRules ?? []);
          break;
        case 'submit':
        case 'flag_conflict':
          throw new DomainError('DANSO_ERR_REVIEW_NOT_ALLOWED', [{ path: 'action', reason: input.action }]);
      }
      await this.audit.record(
        {
          action: `change.${input.action}`,
          actorUserId: actor.userId,
          actorRole: actor.role,
          objectType: 'change',
          objectId: id,
          placeCode: row.commune_code,
          purpose: 'register.review',
        },
        trx,
      );
      return view((await findChange(trx, id)) as ChangeRow);
    });
  }

  private async resubmit(trx: Executor, actor: Actor, row: ChangeRow, input: unknown) {
    const parsed = parseChange(input ?? row.body);
    if (!parsed.ok) throw new DomainError('DANSO_ERR_VALIDATION', parsed.errors);
    const change = parsed.change;
    const old = row.body as Change;
    if (
      change.id !== row.id ||
      change.type !== old.type ||
      change.householdId !== old.householdId ||
      change.authorId !== old.authorId
    ) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: 'change', reason: 'must_keep_id_type_household_author' },
      ]);
    }
    const results = validateChange(change, await snapshotOf(change, new RegisterReader(trx)), today());
    if (hasBlockingRuleResult(results)) {
      throw new DomainError(
        'DANSO_ERR_CHANGE_INVALID',
        ruleDetails(results.filter((r) => r.severity === 'error')),
      );
    }
    await updateChange(trx, row.id, {
      status: 'submitted',
      body: change,
      body_hash: changeHash(change),
      rule_results: results,
      occurred_on: change.occurredOn,
      base_version: change.baseVersion,
    });
    await insertAction(trx, row, {
      type: 'resubmit',
      actorId: actor.userId,
      role: actor.role,
      body: { hash: row.body_hash },
    });
  }

  private async approve(
    trx: Executor,
    actor: Actor,
    row: ChangeRow,
    acknowledged: { code: string; path: string }[],
  ) {
    const change = row.body as Change;
    const placement = householdPlacement(change);
    if (placement) await lockHouseholdNumber(trx, placement.areaId, placement.number);
    const read = new RegisterReader(trx);
    const snapshot = await snapshotOf(change, read);
    const conflicts = detectConflicts(change, snapshot);
    const results = validateChange(change, snapshot, today());
    const errors = results.filter((r) => r.severity === 'error');
    if (conflicts.conflict || errors.length > 0) {
      // Never dropped: the change waits with the register's version beside its own.
      await updateChange(trx, row.id, {
        status: 'conflict',
        conflict: { reasons: conflicts.reasons, rules: errors },
        rule_results: results,
      });
      await insertAction(trx, row, { type: 'flag_conflict', actorId: null, role: 'system' });
      return;
    }
    const missing = unacknowledgedWarnings(results, acknowledged);
    if (missing.length > 0)
      throw new DomainError('DANSO_ERR_WARNINGS_NOT_ACKNOWLEDGED', ruleDetails(missing));

    const place: HouseholdPlace = (await this.placeOf(trx, change, read)) ?? {
      id: row.household_id,
      province_code: row.province_code,
      commune_code: row.commune_code,
      area_id: row.area_id,
      code: '',
    };
    const version = await nextRegisterVersion(trx);
    let flows: FlowIncrement[];
    let stockFrom = change.occurredOn;
    const touched = new Set<string>([place.area_id]);
    if (change.type === 'correction') {
      const corrected = await this.applyCorrection(trx, change, row.id, version);
      flows = corrected.flows;
      stockFrom = corrected.fromDate;
      for (const a of corrected.touchedAreas) touched.add(a);
    } else {
      const applied = await applyChange(trx, change, { changeId: row.id, version, household: place });
      for (const a of applied.touchedAreas) touched.add(a);
      const subject = snapshot.person ?? null;
      const members =
        snapshot.household?.members.filter((m) => m.vitalStatus === 'alive' && m.presence === 'present') ??
        [];
      const month = monthOf(change.occurredOn);
      flows = flowCounts(change, {
        person: subject,
        mother: snapshot.mother ?? (change.type === 'birth' ? change.payload.mother : null),
        members,
        provinceCode: place.province_code,
      }).map((f) => ({ areaId: place.area_id, month, ...f }));
      for (const t of applied.transfers) {
        flows.push({ areaId: t.fromArea, month, event: 'transfer_out', dims: {}, n: 1 });
        flows.push({ areaId: t.toArea, month, event: 'transfer_in', dims: {}, n: 1 });
      }
    }
    await addFlows(trx, place, flows);
    await this.refreshStockFrom(trx, place.province_code, [...touched], stockFrom);
    await updateChange(trx, row.id, {
      status: 'approved',
      applied_version: version,
      applied_at: new Date(),
      flows,
      rule_results: results,
      acknowledged_rules: acknowledged.map((a) => `${a.code}@${a.path}`),
      conflict: null,
    });
    await insertAction(trx, row, { type: 'approve', actorId: actor.userId, role: actor.role });
  }

  /**
   * Voids or amends an approved change: what it wrote is taken back (counts, intervals, fields), and an
   * amendment's content is applied in its place. Refused when a later change touched the same people or
   * household: that one is corrected first.
   */
  private async applyCorrection(
    trx: Executor,
    change: Extract<Change, { type: 'correction' }>,
    correctionId: string,
    version: number,
  ): Promise<{ flows: FlowIncrement[]; touchedAreas: Set<string>; fromDate: string }> {
    const corrected = await findChange(trx, change.payload.correctsChangeId, true);
    this.assertCorrectable(change, corrected);
    const target = corrected as ChangeRow;
    if (target.status !== 'approved' || target.corrected_by_change_id) {
      throw new DomainError('DANSO_ERR_REVIEW_NOT_ALLOWED', [
        { path: 'payload.correctsChangeId', reason: 'not_approved_or_already_corrected' },
      ]);
    }
    const original = target.body as Change;
    const people = [
      ...new Set([
        ...(await peopleTouchedBy(trx, target.id)),
        ...(target.person_id ? [target.person_id] : []),
      ]),
    ];
    if (await changedSince(trx, target.applied_version ?? 0, { people, households: [target.household_id] })) {
      throw new DomainError('DANSO_ERR_CORRECTION_UNSUPPORTED', [
        { path: 'payload.correctsChangeId', reason: 'later_changes_touch_the_same_people' },
      ]);
    }
    await undoChange(trx, original, { changeId: target.id, version });
    const flows: FlowIncrement[] = target.flows.map((f) => ({ ...f, n: -f.n }));
    const touchedAreas = new Set<string>([target.area_id, ...target.flows.map((f) => f.areaId)]);
    if (change.payload.action === 'amend') {
      const amended = {
        ...original,
        occurredOn: change.payload.occurredOn,
        payload: change.payload.payload,
      } as Change;
      const read = new RegisterReader(trx);
      const snapshot = await snapshotOf(amended, read);
      const place = (await this.placeOf(trx, amended, read)) ?? {
        id: target.household_id,
        province_code: target.province_code,
        commune_code: target.commune_code,
        area_id: target.area_id,
        code: '',
      };
      // The amended content is applied under the correction's id, so that a later correction can undo it.
      const applied = await applyChange(trx, amended, { changeId: correctionId, version, household: place });
      for (const a of applied.touchedAreas) touchedAreas.add(a);
      flows.push(
        ...flowCounts(amended, {
          person: snapshot.person ?? null,
          mother: snapshot.mother ?? (amended.type === 'birth' ? amended.payload.mother : null),
          members:
            snapshot.household?.members.filter(
              (m) => m.vitalStatus === 'alive' && m.presence === 'present',
            ) ?? [],
          provinceCode: target.province_code,
        }).map((f) => ({ areaId: target.area_id, month: monthOf(amended.occurredOn), ...f })),
      );
    }
    await updateChange(trx, target.id, { corrected_by_change_id: correctionId });
    const dates = [
      target.occurred_on,
      ...(change.payload.action === 'amend' ? [change.payload.occurredOn] : []),
    ];
    return { flows, touchedAreas, fromDate: dates.sort()[0] ?? target.occurred_on };
  }

  /**
   * The month-end stocks of the areas a change touched are marked stale from its month on, in its
   * transaction; they are computed again shortly after, once for however many approvals marked them, and
   * always before the indicator engine reads them.
   */
  private async refreshStockFrom(trx: Executor, provinceCode: string, areaIds: string[], occurredOn: string) {
    if (this.options.deferStock) {
      this.options.deferStock(areaIds, occurredOn);
      return;
    }
    await markStockStale(trx, provinceCode, areaIds, monthOf(occurredOn));
    this.options.stockRefresher?.poke();
  }
}

/** One line for the inbox: who and which household, without opening the change. */
function summaryOf(change: Change, personName: string | null, householdCode: string | null): string {
  const who =
    change.type === 'birth'
      ? change.payload.fullName
      : change.type === 'move_in'
        ? change.payload.person.fullName
        : (personName ?? '');
  const household = householdCode ? `hộ ${householdCode}` : '';
  return [who, household].filter(Boolean).join(' — ');
}
