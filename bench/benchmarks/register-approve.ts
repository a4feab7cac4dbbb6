/**
 * Approving changes one after another, as a commune's day of review goes: in a fresh Lạng Sơn of 200,000
 * people (the size of a small province's register, enough for realistic indexes and areas), each change is
 * submitted by the collaborator of the household's area and approved by the commune officer, through the
 * server's routes (`app.inject`, no network): POST /api/v1/changes, then POST /api/v1/changes/:id/review
 * acknowledging the warnings the submission returned. A mix of births, deaths, move-outs, move-ins,
 * marriages, elderly checks, contraception starts, pregnancies and pre-marital checks, each for a person
 * chosen with SQL so that it is valid (every person once), dated in the last 45 days.
 * The issue sets no target; ≥ 20 approvals/s (submit + approve) is ours.
 */
import { randomBytes } from 'node:crypto';
import { makeUuidV7 } from '@danso/domain';
import { demoPassword } from '@danso/server/modules/seed/accounts.ts';
import type { Client } from '../../apps/server/test/fixtures.ts';
import type { BenchmarkResult } from '../benchmark.ts';
import {
  cpuMeter,
  freshProvince,
  loadAverage,
  machine,
  round,
  serverFor,
  stats,
} from '../register-fixture.ts';

export const id = 'register-approve';
export const title = 'Submit and approve changes one after another (Lạng Sơn, 200,000 people)';
export const unit = 'changes/s';
export const target = '≥ 20 approvals/s, submit + approve each (our target: the issue sets none)';

const provinceCode = '20';
const people = 200_000;
const seed = 2025;
const communeCount = 3;
const areasPerCommune = 6;
const warmUp = 20;
const measured = 500;
const minPerSecond = 20;

/** Changes per 100, by type. */
const mix = {
  birth: 20,
  death: 12,
  move_out: 12,
  move_in: 8,
  marriage: 10,
  elderly_check: 14,
  contraception_start: 10,
  pregnancy_event: 8,
  premarital_check: 6,
} as const;
type Kind = keyof typeof mix;

const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const dateBefore = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
/** The same day `years` years ago (28 February for 29 February). */
const yearsBefore = (years: number) =>
  `${Number(today.slice(0, 4)) - years}${today.slice(4) === '-02-29' ? '-02-28' : today.slice(4)}`;
const newId = () => makeUuidV7(Date.now(), randomBytes(10));

interface Candidate {
  id: string;
  household_id: string;
  area_id: string;
  commune_code: string;
  full_name: string;
  sex: number;
  birth_date: string;
  birth_date_precision: 'day' | 'month' | 'year';
  ethnicity_code: string;
  relation_to_head: string;
  living_children: number;
}

/** Who each kind of change can be about, in the areas under test (the dates leave room for 45 days back). */
const conditions: Record<Kind, string> = {
  // Mothers: married women of 20–40.
  birth: `p.sex = 2 AND p.marital_status = 'married' AND p.birth_date BETWEEN d.born_40 AND d.born_20`,
  death: `p.birth_date < d.born_75 AND p.relation_to_head <> 'head'`,
  move_out: `p.relation_to_head NOT IN ('head', 'spouse') AND p.birth_date BETWEEN d.born_40 AND d.born_18`,
  // The household a newcomer joins (the candidate is its head).
  move_in: `p.relation_to_head = 'head'`,
  marriage: `p.marital_status = 'never_married' AND p.birth_date BETWEEN d.born_35 AND d.born_22`,
  elderly_check: `p.birth_date < d.born_62`,
  contraception_start: `p.sex = 2 AND p.marital_status = 'married' AND p.birth_date BETWEEN d.born_40 AND d.born_20
    AND coalesce(p.contraceptive_method, 'none') = 'none'`,
  pregnancy_event: `p.sex = 2 AND p.marital_status = 'married' AND p.birth_date BETWEEN d.born_40 AND d.born_20`,
  premarital_check: `p.marital_status = 'never_married' AND p.birth_date BETWEEN d.born_35 AND d.born_22`,
};
/** The birthdays the conditions compare with: born_N is the date N years before today. */
const bornYearsAgo = [18, 20, 22, 35, 40, 62, 75];

const givenNames = {
  1: ['Văn An', 'Minh Đức', 'Quang Huy', 'Văn Hùng', 'Đức Thắng', 'Gia Bảo', 'Hoàng Nam', 'Văn Tùng'],
  2: ['Thị Lan', 'Ngọc Ánh', 'Thu Hà', 'Thị Hoa', 'Khánh Linh', 'Thị Hương', 'Bảo Ngọc', 'Thị Yến'],
} as const;
const spouseNames = {
  1: ['Nguyễn Văn Long', 'Hoàng Đức Mạnh', 'Lương Văn Sơn', 'Vi Văn Thành'],
  2: ['Nông Thị Mai', 'Hoàng Thị Thu', 'Lý Thị Nga', 'Đinh Thị Hằng'],
} as const;
const destinations = [
  { provinceCode: '01' },
  { provinceCode: '79' },
  { provinceCode: '24' },
  { country: 'Nhật Bản' },
];

interface Planned {
  kind: Kind;
  collaborator: string;
  officer: string;
  /** The change without its envelope's author, version and id (filled when it is sent). */
  build(authorId: string, baseVersion: number): Record<string, unknown>;
}

/** The interleaved order of kinds: each kind spread evenly over the run. */
function schedule(total: number): Kind[] {
  const kinds = Object.entries(mix) as [Kind, number][];
  const sum = kinds.reduce((s, [, n]) => s + n, 0);
  const order: Kind[] = [];
  const given = new Map<Kind, number>();
  for (let i = 0; i < total; i++) {
    // The kind furthest behind its share so far.
    let best: Kind = kinds[0]?.[0] ?? 'birth';
    let gap = -Infinity;
    for (const [kind, share] of kinds) {
      const behind = ((i + 1) * share) / sum - (given.get(kind) ?? 0);
      if (behind > gap) [best, gap] = [kind, behind];
    }
    given.set(best, (given.get(best) ?? 0) + 1);
    order.push(best);
  }
  return order;
}

function plan(kind: Kind, p: Candidate, i: number, usernames: Map<string, string>): Planned {
  const occurredOn = dateBefore(1 + (i % 45));
  const familyName = p.full_name.split(' ')[0] ?? 'Nguyễn';
  const sex = (i % 2) + 1;
  const payload = (): Record<string, unknown> => {
    switch (kind) {
      case 'birth':
        return {
          fullName: `${familyName} ${givenNames[sex as 1 | 2][i % 8]}`,
          sex,
          ethnicityCode: p.ethnicity_code,
          relationToHead: ['head', 'spouse'].includes(p.relation_to_head) ? 'child' : 'grandchild',
          birthPlace: i % 5 === 0 ? 'health_station' : 'hospital',
          birthOrder: p.living_children + 1,
          mother: {
            personId: p.id,
            fullName: p.full_name,
            birthDate: p.birth_date,
            birthDatePrecision: p.birth_date_precision,
          },
        };
      case 'death':
        return i % 3 === 0 ? { cause: 'Tuổi già' } : {};
      case 'move_out':
        return { scope: 'person', destination: destinations[i % destinations.length] };
      case 'move_in':
        return {
          person: {
            fullName: `${spouseNames[sex as 1 | 2][i % 4]}`,
            relationToHead: 'other',
            sex,
            birthDate: `${1970 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
            birthDatePrecision: 'day',
            ethnicityCode: p.ethnicity_code,
            maritalStatus: 'married',
            residenceStatus: 'temporary',
          },
          from: destinations[i % 3],
        };
      case 'marriage': {
        const spouseSex = p.sex === 1 ? 2 : 1;
        return {
          spouse: {
            fullName: spouseNames[spouseSex as 1 | 2][i % 4],
            sex: spouseSex,
            birthDate: `${Number(p.birth_date.slice(0, 4)) + (spouseSex === 2 ? 2 : -2)}-06-15`,
            birthDatePrecision: 'day',
          },
          childMarriage: false,
          consanguineous: false,
        };
      }
      case 'elderly_check':
        return { site: i % 4 === 0 ? 'mobile_service' : 'health_station' };
      case 'contraception_start':
        return {
          method: ['iud', 'pill', 'condom', 'injectable', 'implant'][i % 5],
          livingChildren: p.living_children,
          site: 'health_station',
        };
      case 'pregnancy_event':
        return { kind: 'pregnant', pregnancyNumber: p.living_children + 1, gestationWeeks: 8 + (i % 20) };
      case 'premarital_check':
        return { counselling: true, healthCheck: i % 3 !== 0, site: 'health_station' };
    }
  };
  const body = payload();
  const personId = kind === 'birth' || kind === 'move_in' ? null : p.id;
  return {
    kind,
    collaborator: usernames.get(p.area_id) ?? '',
    officer: `xa.${p.commune_code}`,
    build: (authorId, baseVersion) => ({
      id: newId(),
      type: kind,
      householdId: p.household_id,
      personId: personId ?? newId(),
      authorId,
      occurredOn: kind === 'birth' ? dateBefore(1 + (i % 20)) : occurredOn,
      recordedAt: new Date().toISOString(),
      baseVersion,
      payload: body,
    }),
  };
}

interface RuleResultView {
  code: string;
  path: string;
  severity: string;
}

export async function run(): Promise<BenchmarkResult> {
  const fixture = await freshProvince({ provinceCode, people, seed });
  const { database } = fixture;
  const loadAtStart = loadAverage();
  try {
    // The biggest communes, and the first areas of each: their collaborators send, their officers approve.
    const communes = await database.pool.query<{ commune_code: string; n: number }>(
      `SELECT commune_code, count(*)::int AS n FROM person GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $1`,
      [communeCount],
    );
    const areas = await database.pool.query<{ id: string; commune_code: string; number: number }>(
      `SELECT id, commune_code, number FROM (
         SELECT a.*, row_number() OVER (PARTITION BY commune_code ORDER BY number) AS k FROM area a
         WHERE commune_code = ANY($1)) a WHERE k <= $2`,
      [communes.rows.map((c) => c.commune_code), areasPerCommune],
    );
    const areaIds = areas.rows.map((a) => a.id);
    const usernames = new Map(areas.rows.map((a) => [a.id, `ctv.${a.commune_code}.${a.number}`]));

    const order = schedule(warmUp + measured);
    const needed = new Map<Kind, number>();
    for (const kind of order) needed.set(kind, (needed.get(kind) ?? 0) + 1);
    const used = new Set<string>();
    const byKind = new Map<Kind, Candidate[]>();
    for (const kind of Object.keys(mix) as Kind[]) {
      const { rows } = await database.pool.query<Candidate>(
        `SELECT p.id, p.household_id, p.area_id, p.commune_code, p.full_name, p.sex, p.birth_date,
                p.birth_date_precision, p.ethnicity_code, p.relation_to_head,
                (SELECT count(*) FROM person c WHERE c.mother_id = p.id AND c.vital_status = 'alive')::int
                  AS living_children
         FROM person p,
              (SELECT ${bornYearsAgo.map((n, i) => `$${i + 3}::date AS born_${n}`).join(', ')}) d
         WHERE p.area_id = ANY($1) AND p.vital_status = 'alive' AND p.presence = 'present'
           AND p.merged_into_id IS NULL AND p.residence_status <> 'temporarily_absent'
           AND p.birth_date_precision = 'day' AND (${conditions[kind]})
         ORDER BY md5(p.id::text || $2) LIMIT $${bornYearsAgo.length + 3}`,
        [areaIds, kind, ...bornYearsAgo.map(yearsBefore), (needed.get(kind) ?? 0) * 10],
      );
      byKind.set(kind, rows);
    }
    const planned: Planned[] = order.map((kind, i) => {
      // A move-in joins a household: many may join one; everyone else is the subject of one change only.
      const candidate = byKind
        .get(kind)
        ?.find((c) => !used.has(c.id) && (kind === 'move_in' || !used.has(`hh:${c.household_id}`)));
      if (!candidate) throw new Error(`not enough people for ${kind} changes in the areas under test`);
      used.add(candidate.id);
      // Deaths and departures change a household; keep other changes out of it for clean snapshots.
      if (kind === 'death' || kind === 'move_out') used.add(`hh:${candidate.household_id}`);
      return plan(kind, candidate, i, usernames);
    });

    const server = await serverFor(database);
    try {
      const clients = new Map<string, { client: Client; userId: string }>();
      const signIn = async (username: string) => {
        let entry = clients.get(username);
        if (!entry) {
          const client = await server.login(username, demoPassword);
          const me = (await client.request('GET', '/api/v1/auth/session')).json() as { user: { id: string } };
          entry = { client, userId: me.user.id };
          clients.set(username, entry);
        }
        return entry;
      };
      for (const p of planned) {
        await signIn(p.collaborator);
        await signIn(p.officer);
      }

      let version = 0;
      const submitMs: number[] = [];
      const approveMs: number[] = [];
      const totalMs: number[] = [];
      const approveByKind = new Map<Kind, number[]>();
      const failures: string[] = [];
      let warnings = 0;
      let loopStart = 0;
      let cpu = cpuMeter(fixture.name);
      for (const [i, p] of planned.entries()) {
        if (i === warmUp) {
          loopStart = performance.now();
          cpu = cpuMeter(fixture.name);
        }
        const author = await signIn(p.collaborator);
        const officer = await signIn(p.officer);
        const change = p.build(author.userId, version);
        const t0 = performance.now();
        const submitted = await author.client.request('POST', '/api/v1/changes', change);
        const t1 = performance.now();
        if (submitted.statusCode !== 201) {
          failures.push(`${p.kind} submit ${submitted.statusCode}: ${submitted.body.slice(0, 300)}`);
          continue;
        }
        const acknowledgedRules = (submitted.json().change.ruleResults as RuleResultView[])
          .filter((r) => r.severity === 'warning')
          .map((r) => ({ code: r.code, path: r.path }));
        warnings += acknowledgedRules.length;
        const approved = await officer.client.request('POST', `/api/v1/changes/${change.id}/review`, {
          action: 'approve',
          acknowledgedRules,
        });
        const t2 = performance.now();
        const status = approved.statusCode === 200 ? (approved.json().status as string) : '';
        if (status !== 'approved') {
          failures.push(`${p.kind} approve ${approved.statusCode} ${status}: ${approved.body.slice(0, 300)}`);
          continue;
        }
        version = Math.max(version, Number(approved.json().appliedVersion));
        if (i < warmUp) continue;
        submitMs.push(t1 - t0);
        approveMs.push(t2 - t1);
        totalMs.push(t2 - t0);
        const list = approveByKind.get(p.kind) ?? [];
        list.push(t2 - t1);
        approveByKind.set(p.kind, list);
      }
      const elapsedMs = performance.now() - loopStart;
      const cpuMsPerChange = cpu.perOperation(totalMs.length);
      const perSecond = round((totalMs.length / elapsedMs) * 1000, 1);

      const approvedInDb = await database.pool.query<{ type: string; n: number }>(
        `SELECT type, count(*)::int AS n FROM change_record WHERE status = 'approved' GROUP BY 1 ORDER BY 1`,
      );
      const approve = stats(approveMs);
      const submit = stats(submitMs);
      return {
        value: perSecond,
        ok: failures.length === 0 && perSecond >= minPerSecond,
        details: {
          summary:
            `${totalMs.length} changes in ${round(elapsedMs / 1000)} s; approve p50 ${approve.p50} ms, ` +
            `p95 ${approve.p95} ms; submit p50 ${submit.p50} ms; CPU ${cpuMsPerChange.total ?? cpuMsPerChange.node} ms a change; ` +
            `load ${loadAtStart[0]}${failures.length ? `; ${failures.length} FAILED` : ''}`,
          targetNote: 'the issue sets no target; ≥ 20 approvals/s (submit + approve each) is ours',
          province: `${fixture.report.provinceName} (${provinceCode})`,
          people: fixture.report.people,
          communesUnderTest: communes.rows.map((c) => ({ code: c.commune_code, people: c.n })),
          areasUnderTest: areaIds.length,
          collaborators: new Set(planned.map((p) => p.collaborator)).size,
          changes: totalMs.length,
          warmUpChanges: warmUp,
          mixPer100: mix,
          occurredOn:
            'the last 45 days (births: the last 20), so approvals refresh one or two month-end stocks',
          elapsedSeconds: round(elapsedMs / 1000, 2),
          perChangeMs: stats(totalMs),
          submitMs: submit,
          approveMs: approve,
          approveMsByKind: Object.fromEntries([...approveByKind].map(([kind, list]) => [kind, stats(list)])),
          cpuMsPerChange,
          cpuNote:
            'CPU time of this process (server and client) and of the database backends per change: unlike the elapsed times, it does not grow with the load of the machine',
          warningsAcknowledged: warnings,
          approvedInDatabase: Object.fromEntries(approvedInDb.rows.map((r) => [r.type, r.n])),
          failures: failures.slice(0, 10),
          path: 'app.inject (no network): POST /api/v1/changes by the collaborator, POST /api/v1/changes/:id/review by the commune officer',
          seedSeconds: round(fixture.report.elapsedMs / 1000),
          machine: await machine(database, loadAtStart),
        },
      };
    } finally {
      await server.app.close();
    }
  } finally {
    await fixture.release();
  }
}
