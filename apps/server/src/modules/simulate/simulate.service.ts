import { type Actor, type ChangeType, DomainError, vietNamDate } from '@danso/domain';
import type { Database } from '../../db/database.ts';
import { AuditService } from '../audit/audit.service.ts';
import { ChangesService, type ChangeView } from '../changes/changes.service.ts';
import { earliestStockMonth, refreshStock, runAll } from '../population/population.repository.ts';
import { Random } from '../seed/random.ts';
import { type PlannedChange, planCommuneMonth } from './planner.ts';
import {
  communePool,
  communesWithRegister,
  flowTotals,
  presentPeople,
  registerVersion,
  type SimulatedCommune,
  unitCodes,
} from './simulate.repository.ts';

export interface SimulateOptions {
  provinceCode: string;
  /** How many months, the last one being `endMonth`. */
  months: number;
  seed: number;
  /** The last month simulated (YYYY-MM); by default the current month, simulated up to today. */
  endMonth?: string;
  onProgress?: (progress: SimulateProgress) => void;
}

export interface SimulateProgress {
  phase: 'commune' | 'stock';
  /** YYYY-MM of the month being simulated. */
  month: string;
  monthIndex: number;
  months: number;
  communesDone: number;
  communes: number;
  /** Changes sent so far (each counted once, whatever its review). */
  changes: number;
  elapsedMs: number;
}

/** How a simulated change ended, as planned: approved as sent, returned then approved, or rejected. */
export type SimulatedReview = 'approved' | 'returned_then_approved' | 'rejected';

export interface SimulatedChange {
  id: string;
  type: ChangeType;
  occurredOn: string;
  review: SimulatedReview;
}

export interface SimulationFailure {
  id: string;
  type: ChangeType;
  occurredOn: string;
  code: string;
  details: string;
}

export interface SimulateReport {
  provinceCode: string;
  engine: Database['kind'];
  seed: number;
  fromMonth: string;
  toMonth: string;
  months: number;
  communes: number;
  /** Changes by type and how they were reviewed (approved counts those first returned too). */
  byType: Partial<Record<ChangeType, { approved: number; returnedThenApproved: number; rejected: number }>>;
  totals: { sent: number; approved: number; returnedThenApproved: number; rejected: number; failed: number };
  changes: SimulatedChange[];
  /** Changes the register refused or found in conflict (none when the planner does its job). */
  failures: SimulationFailure[];
  people: { start: number; end: number };
  /** Annual rates per 1000 of the mean population, from the flow counts of the simulated months (people, not changes). */
  perThousand: { births: number; deaths: number; arrivals: number; departures: number; marriages: number };
  /** Boys born per girl over the simulated months. */
  sexRatioAtBirth: number | null;
  elapsedMs: number;
  stockMs: number;
}

export type SimulateErrorCode = 'invalid_option' | 'no_register' | 'no_officer';

/** A reason not to simulate, in Vietnamese and English; nothing has been written. */
export class SimulateError extends Error {
  constructor(
    readonly code: SimulateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimulateError';
  }
}

export const maxSimulatedMonths = 120;

const pad2 = (n: number) => String(n).padStart(2, '0');
const todayInVietNam = () => vietNamDate(new Date());

/** First days of `count` months ending with `end` (YYYY-MM), oldest first. */
export function monthsEnding(end: string, count: number): string[] {
  const [year, month] = [Number(end.slice(0, 4)), Number(end.slice(5, 7))];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    out.push(`${Math.floor(index / 12)}-${pad2((index % 12) + 1)}-01`);
  }
  return out;
}

function lastDayOf(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

export function checkSimulateOptions(
  options: Pick<SimulateOptions, 'provinceCode' | 'months' | 'seed' | 'endMonth'>,
) {
  const problems: string[] = [];
  if (!/^\d{2}$/.test(options.provinceCode)) {
    problems.push(`mã tỉnh "${options.provinceCode}" phải có 2 chữ số (the province code must be 2 digits)`);
  }
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > maxSimulatedMonths) {
    problems.push(
      `số tháng phải là số nguyên từ 1 đến ${maxSimulatedMonths} (months must be an integer 1–${maxSimulatedMonths})`,
    );
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 31 - 1) {
    problems.push(`hạt giống phải là số nguyên từ 0 đến ${2 ** 31 - 1} (seed must be an integer 0–2^31−1)`);
  }
  const current = todayInVietNam().slice(0, 7);
  if (options.endMonth !== undefined) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.endMonth)) {
      problems.push(`tháng cuối "${options.endMonth}" phải có dạng YYYY-MM (the end month must be YYYY-MM)`);
    } else if (options.endMonth > current) {
      problems.push(`tháng cuối ${options.endMonth} chưa đến (the end month is in the future)`);
    }
  }
  if (problems.length > 0) throw new SimulateError('invalid_option', problems.join('; '));
}

/** The officer's actor for a commune, and each collaborator's with all her areas. */
function actorsOf(provinceCode: string, commune: SimulatedCommune) {
  const officer: Actor | null = commune.officerId
    ? {
        userId: commune.officerId,
        role: 'commune_officer',
        scope: { kind: 'commune', provinceCode, communeCode: commune.code },
      }
    : null;
  const areasOf = new Map<string, string[]>();
  for (const a of commune.areas) {
    if (!a.collaboratorId) continue;
    areasOf.set(a.collaboratorId, [...(areasOf.get(a.collaboratorId) ?? []), a.id]);
  }
  const authorOf = new Map<string, Actor>();
  for (const a of commune.areas) {
    if (!a.collaboratorId) continue;
    authorOf.set(a.id, {
      userId: a.collaboratorId,
      role: 'collaborator',
      scope: {
        kind: 'areas',
        provinceCode,
        communeCode: commune.code,
        areaIds: areasOf.get(a.collaboratorId) ?? [a.id],
      },
    });
  }
  return { officer, authorOf };
}

/**
 * Simulates months of a province's life through the real pipeline: for each month (oldest first) and
 * commune, the planner draws the changes from Viet Nam's rates and the register as it stands; each is
 * submitted by the area's collaborator and reviewed by the commune officer (most approved, a few returned
 * and resubmitted, a few duplicates rejected), so that history, flow counts and month-end stock are written
 * as they would be in use. Deterministic from the seed and the register.
 */
export async function simulateMonths(database: Database, options: SimulateOptions): Promise<SimulateReport> {
  const started = performance.now();
  checkSimulateOptions(options);
  const { provinceCode, seed, onProgress } = options;
  const today = todayInVietNam();
  const months = monthsEnding(options.endMonth ?? today.slice(0, 7), options.months);
  const db = database.db;

  const communes = await communesWithRegister(db, provinceCode);
  if (communes.length === 0) {
    throw new SimulateError(
      'no_register',
      `Tỉnh ${provinceCode} chưa có hộ nào trong sổ; hãy chạy danso seed trước (the province has no register; run danso seed first)`,
    );
  }
  const withoutOfficer = communes.filter((c) => !c.officerId).map((c) => c.code);
  if (withoutOfficer.length === communes.length) {
    throw new SimulateError(
      'no_officer',
      `Không xã nào của tỉnh ${provinceCode} có viên chức dân số để duyệt (no commune has an officer to review)`,
    );
  }
  const reviewed = communes.filter((c) => c.officerId);
  const units = await unitCodes(db, provinceCode);

  let stockFrom: string | null = null;
  const changesService = new ChangesService(database, new AuditService(database), {
    deferStock: (_areas, fromDate) => {
      const month = `${fromDate.slice(0, 7)}-01`;
      if (stockFrom === null || month < stockFrom) stockFrom = month;
    },
  });

  const report: SimulateReport = {
    provinceCode,
    engine: database.kind,
    seed,
    fromMonth: (months[0] as string).slice(0, 7),
    toMonth: (months.at(-1) as string).slice(0, 7),
    months: months.length,
    communes: reviewed.length,
    byType: {},
    totals: { sent: 0, approved: 0, returnedThenApproved: 0, rejected: 0, failed: 0 },
    changes: [],
    failures: [],
    people: { start: await presentPeople(db, provinceCode), end: 0 },
    perThousand: { births: 0, deaths: 0, arrivals: 0, departures: 0, marriages: 0 },
    sexRatioAtBirth: null,
    elapsedMs: 0,
    stockMs: 0,
  };
  let version = await registerVersion(db);
  const now = Date.now();

  const tally = (type: ChangeType, key: 'approved' | 'returnedThenApproved' | 'rejected') => {
    const counts = report.byType[type] ?? { approved: 0, returnedThenApproved: 0, rejected: 0 };
    counts[key] += 1;
    report.byType[type] = counts;
    report.totals[key] += 1;
  };

  const approve = async (officer: Actor, view: ChangeView): Promise<ChangeView> => {
    const acknowledged = view.ruleResults
      .filter((r) => r.severity === 'warning')
      .map((r) => ({ code: r.code, path: r.path }));
    try {
      return await changesService.review(officer, view.id, {
        action: 'approve',
        acknowledgedRules: acknowledged,
      });
    } catch (error) {
      // A warning that appeared since submission: the officer reads it and acknowledges it too.
      if (!(error instanceof DomainError) || error.code !== 'DANSO_ERR_WARNINGS_NOT_ACKNOWLEDGED')
        throw error;
      const more = (error.details ?? []).map((d) => ({ code: d.reason, path: d.path ?? '' }));
      return changesService.review(officer, view.id, {
        action: 'approve',
        acknowledgedRules: [...acknowledged, ...more],
      });
    }
  };

  /** Sends one planned change through submission and review; true when it ended approved. */
  const send = async (plan: PlannedChange, officer: Actor, author: Actor): Promise<boolean> => {
    const body = {
      id: plan.id,
      type: plan.type,
      householdId: plan.householdId,
      ...(plan.personId ? { personId: plan.personId } : {}),
      authorId: author.userId,
      occurredOn: plan.occurredOn,
      recordedAt: plan.recordedAt,
      baseVersion: version,
      payload: plan.payload,
    };
    report.totals.sent += 1;
    try {
      let view: ChangeView;
      const review = plan.review;
      if (review.kind === 'return') {
        await changesService.submit(author, { ...body, ...review.first });
        await changesService.review(officer, plan.id, { action: 'return', reason: review.reason });
        view = await changesService.review(author, plan.id, { action: 'resubmit', change: body });
      } else {
        view = (await changesService.submit(author, body)).change;
      }
      let copyId: string | null = null;
      if (review.kind === 'duplicate') {
        const copy = {
          ...body,
          id: review.copy.id,
          recordedAt: review.copy.recordedAt,
          ...(review.copy.personId ? { personId: review.copy.personId } : {}),
        };
        copyId = (await changesService.submit(author, copy)).change.id;
      }
      const approved = await approve(officer, view);
      if (approved.status !== 'approved') {
        throw new DomainError('DANSO_ERR_CHANGE_INVALID', [
          { path: 'status', reason: approved.status, message: JSON.stringify(approved.conflict) },
        ]);
      }
      version = Math.max(version, approved.appliedVersion ?? version);
      const reviewKind: SimulatedReview = review.kind === 'return' ? 'returned_then_approved' : 'approved';
      tally(plan.type, 'approved');
      if (reviewKind === 'returned_then_approved') tally(plan.type, 'returnedThenApproved');
      report.changes.push({ id: plan.id, type: plan.type, occurredOn: plan.occurredOn, review: reviewKind });
      if (copyId && review.kind === 'duplicate') {
        await changesService.review(officer, copyId, { action: 'reject', reason: review.reason });
        tally(plan.type, 'rejected');
        report.changes.push({ id: copyId, type: plan.type, occurredOn: plan.occurredOn, review: 'rejected' });
      }
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.totals.failed += 1;
      if (report.failures.length < 50) {
        report.failures.push({
          id: plan.id,
          type: plan.type,
          occurredOn: plan.occurredOn,
          code: error.code,
          details: JSON.stringify(error.details ?? []),
        });
      }
      return false;
    }
  };

  try {
    for (const [index, month] of months.entries()) {
      const lastDay = [lastDayOf(month), today].sort()[0] as string;
      for (const [done, commune] of reviewed.entries()) {
        const { officer, authorOf } = actorsOf(provinceCode, commune);
        if (!officer) continue;
        const pool = await communePool(db, commune.code);
        const plan = planCommuneMonth(
          {
            seed,
            provinceCode,
            communeCode: commune.code,
            month,
            lastDay,
            now,
            people: pool.people,
            households: pool.households,
            areaIds: commune.areas.filter((a) => a.collaboratorId).map((a) => a.id),
            otherCommunes: units.communes.filter((c) => c !== commune.code),
            provinces: units.provinces,
          },
          new Random(`simulate:${seed}:${provinceCode}:${commune.code}:${month}`),
        );
        const approvedSeqs = new Set<number>();
        for (const change of plan) {
          if (change.after !== undefined && !approvedSeqs.has(change.after)) continue;
          if (await send(change, officer, authorOf.get(change.areaId) ?? officer))
            approvedSeqs.add(change.seq);
        }
        onProgress?.({
          phase: 'commune',
          month: month.slice(0, 7),
          monthIndex: index + 1,
          months: months.length,
          communesDone: done + 1,
          communes: reviewed.length,
          changes: report.totals.sent,
          elapsedMs: Math.round(performance.now() - started),
        });
      }
    }
  } finally {
    // The month-end stock of every month from the first simulated one, once, as approvals would have kept it.
    const stockStarted = performance.now();
    if (stockFrom !== null) {
      onProgress?.({
        phase: 'stock',
        month: (months.at(-1) as string).slice(0, 7),
        monthIndex: months.length,
        months: months.length,
        communesDone: reviewed.length,
        communes: reviewed.length,
        changes: report.totals.sent,
        elapsedMs: Math.round(performance.now() - started),
      });
      const earliest = await earliestStockMonth(db, provinceCode);
      const fromMonth = [months[0] as string, earliest ?? (months[0] as string)].sort()[0] as string;
      await db
        .transaction()
        .execute((trx) =>
          runAll(trx, refreshStock({ provinceCode, fromMonth, toMonth: `${today.slice(0, 7)}-01` })),
        );
    }
    report.stockMs = Math.round(performance.now() - stockStarted);
  }

  report.people.end = await presentPeople(db, provinceCode);
  // The rates as the reports will read them: from the flow counts of the simulated months.
  const flows = await flowTotals(db, provinceCode, months[0] as string, months.at(-1) as string);
  const personYears = ((report.people.start + report.people.end) / 2) * (months.length / 12);
  const perThousand = (event: string) =>
    personYears > 0 ? Math.round(((flows.events.get(event) ?? 0) / personYears) * 10_000) / 10 : 0;
  report.perThousand = {
    births: perThousand('birth'),
    deaths: perThousand('death'),
    arrivals: perThousand('move_in'),
    departures: perThousand('move_out'),
    marriages: perThousand('marriage'),
  };
  report.sexRatioAtBirth = flows.girls > 0 ? Math.round((flows.boys / flows.girls) * 1000) / 1000 : null;
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}
