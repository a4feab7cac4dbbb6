/**
 * The simulator's planner: from a commune's register at the start of a month (its "pool") and seeded
 * randomness, the changes its collaborators record that month — with realistic rates, valid subjects and
 * follow-ups (a head who dies is replaced, a bride moves in) — and how the officer reviews each one.
 * No I/O: the service loads the pool and sends the plan through the real submission and review.
 */
import {
  ageInCompletedYears,
  type BirthDatePrecision,
  type ChangeType,
  type MaritalStatus,
  makeUuidV7,
  type PregnancyEventKind,
  type RelationToHead,
  type ResidenceStatus,
  type SexCode,
} from '@danso/domain';
import { dayOfIso, isoOfDay } from '../seed/dates.ts';
import { NameMaker } from '../seed/naming.ts';
import { type Random, Weighted } from '../seed/random.ts';
import * as rates from './rates.ts';

/** A person alive and present in the commune at the start of the month, as the planner needs them. */
export interface PoolPerson {
  id: string;
  householdId: string;
  areaId: string;
  fullName: string;
  sex: SexCode;
  birthDate: string;
  birthDatePrecision: BirthDatePrecision;
  ethnicityCode: string;
  maritalStatus: MaritalStatus;
  relationToHead: RelationToHead;
  residenceStatus: ResidenceStatus;
  contraceptiveMethod: string | null;
  motherId: string | null;
  /** Living children recorded with her as their mother (what the rules compare a birth order with). */
  livingChildren: number;
  /** Birth date of her youngest recorded child. */
  lastChildBirth: string | null;
  /** Start of the residence interval now open: no event of theirs may come before it. */
  residentSince: string;
  hasPersonalId: boolean;
  /** Her latest approved pregnancy event. */
  pregnancy: { kind: PregnancyEventKind; on: string; gestationWeeks: number } | null;
}

export interface PoolHousehold {
  id: string;
  areaId: string;
  hamletId: string | null;
  number: number;
  active: boolean;
  headPersonId: string | null;
}

export interface CommuneMonth {
  seed: number;
  provinceCode: string;
  communeCode: string;
  /** First day of the month (YYYY-MM-01). */
  month: string;
  /** The last day an event may fall on: the month's last day, or today in the current month. */
  lastDay: string;
  /** Milliseconds now: nothing is recorded later than this. */
  now: number;
  people: readonly PoolPerson[];
  /** Every household of the commune, closed ones included (their numbers stay taken). */
  households: readonly PoolHousehold[];
  /** Areas that may receive a new household (those with a collaborator). */
  areaIds: readonly string[];
  /** The province's other communes: destinations and origins of moves inside the province. */
  otherCommunes: readonly string[];
  /** Every current province code. */
  provinces: readonly string[];
}

/** How the officer treats a planned change. */
export type ReviewPlan =
  | { kind: 'approve' }
  /** First sent with a mistake, returned with a reason, resubmitted corrected, then approved. */
  | { kind: 'return'; first: { occurredOn: string; payload: Record<string, unknown> }; reason: string }
  /** Approved; the same event is also sent a second time under another id, and that copy is rejected. */
  | { kind: 'duplicate'; copy: { id: string; recordedAt: string; personId?: string }; reason: string };

export interface PlannedChange {
  /** Order of planning; changes are sent by date, then in this order. */
  seq: number;
  id: string;
  type: ChangeType;
  occurredOn: string;
  recordedAt: string;
  householdId: string;
  personId?: string;
  payload: Record<string, unknown>;
  /** The area whose collaborator records the change. */
  areaId: string;
  /** A follow-up is sent only when the change it follows was approved. */
  after?: number;
  review: ReviewPlan;
}

const MS_PER_DAY = 86_400_000;
const day = (iso: string) => dayOfIso(iso);
const addDays = (iso: string, n: number) => isoOfDay(dayOfIso(iso) + n);
const maxDate = (...dates: string[]) => dates.slice().sort().at(-1) as string;
const minDate = (...dates: string[]) => dates.slice().sort()[0] as string;

/** Completed years on a date (imputed for imprecise birth dates); −1 before birth. */
export function ageOn(person: Pick<PoolPerson, 'birthDate' | 'birthDatePrecision'>, on: string): number {
  if (on < person.birthDate) return -1;
  try {
    return ageInCompletedYears(person.birthDate, on, person.birthDatePrecision);
  } catch {
    return -1;
  }
}

/** Poisson draw by multiplication (Knuth); the means here are small. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.float();
  while (p > limit) {
    k += 1;
    p *= random.float();
  }
  return k;
}

const monthlyProbability = (annual: number) => 1 - Math.exp(-annual / 12);

const withoutDiacritics = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const deathCauses = {
  young: ['Tai nạn giao thông', 'Đuối nước', 'Tai nạn lao động', 'Bệnh hiểm nghèo'],
  adult: ['Ung thư', 'Bệnh tim mạch', 'Tai nạn giao thông', 'Đột quỵ', 'Bệnh phổi'],
  old: ['Bệnh tuổi già', 'Đột quỵ', 'Bệnh tim mạch', 'Ung thư', 'Bệnh phổi tắc nghẽn mạn tính'],
} as const;

const returnReasons = {
  name: 'Họ tên viết thiếu dấu, đề nghị ghi đúng theo giấy tờ và gửi lại.',
  date: 'Ngày xảy ra chưa đúng, đề nghị kiểm tra lại với hộ gia đình và gửi lại.',
} as const;
const duplicateReason = 'Trùng với biến động đã ghi (gửi hai lần), đã duyệt bản trước.';

/** Types whose changes may be sent twice by mistake, or returned for a fix (not household restructuring). */
const reviewableTypes = new Set<ChangeType>([
  'birth',
  'death',
  'move_in',
  'move_out',
  'marriage',
  'elderly_check',
  'pregnancy_event',
  'prenatal_screening',
  'newborn_screening',
  'contraception_start',
  'contraception_stop',
  'premarital_check',
]);

interface Spec {
  type: ChangeType;
  occurredOn: string;
  householdId: string;
  personId?: string;
  payload: Record<string, unknown>;
  areaId: string;
  after?: number;
  /** When the collaborator records it, if not a few days after it happened (e.g. methods begun years ago). */
  recordedOn?: string;
}

class Planner {
  readonly changes: PlannedChange[] = [];
  private readonly byId = new Map<string, PoolPerson>();
  private readonly members = new Map<string, PoolPerson[]>();
  private readonly households = new Map<string, PoolHousehold>();
  /** People (and households) already given an event this month: one story per person per month. */
  private readonly used = new Set<string>();
  /** People who die or leave this month. */
  private readonly leaving = new Set<string>();
  private readonly nextNumber = new Map<string, number>();
  private readonly names: NameMaker;
  private readonly provinceWeights: Weighted<string> | null;
  private readonly ethnicities: Weighted<string>;
  private expectedBirths = 0;
  /** Ages at the start and the end of the month, computed once. */
  private readonly ages = new Map<string, number>();
  private readonly agesAtEnd = new Map<string, number>();

  constructor(
    private readonly input: CommuneMonth,
    private readonly random: Random,
  ) {
    this.names = new NameMaker(input.provinceCode);
    for (const p of input.people) {
      this.byId.set(p.id, p);
      const list = this.members.get(p.householdId) ?? [];
      list.push(p);
      this.members.set(p.householdId, list);
    }
    for (const h of input.households) {
      this.households.set(h.id, { ...h });
      this.nextNumber.set(h.areaId, Math.max(this.nextNumber.get(h.areaId) ?? 1, h.number + 1));
    }
    const known = new Set(input.provinces);
    const weights = rates.otherProvinceWeights.filter(([c]) => known.has(c) && c !== input.provinceCode);
    this.provinceWeights = weights.length > 0 ? new Weighted(weights) : null;
    const counts = new Map<string, number>();
    for (const p of input.people) counts.set(p.ethnicityCode, (counts.get(p.ethnicityCode) ?? 0) + 1);
    this.ethnicities = new Weighted(counts.size > 0 ? [...counts] : [['01', 1]]);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private age(p: PoolPerson, at: 'start' | 'end' = 'start'): number {
    const cache = at === 'start' ? this.ages : this.agesAtEnd;
    let age = cache.get(p.id);
    if (age === undefined) {
      age = ageOn(p, at === 'start' ? this.month : this.lastDay);
      cache.set(p.id, age);
    }
    return age;
  }

  private get month() {
    return this.input.month;
  }

  private get lastDay() {
    return this.input.lastDay;
  }

  /** A day of the month on or after `from` (null when none is left). */
  private dayFrom(from: string = this.month): string | null {
    const start = maxDate(this.month, from);
    if (start > this.lastDay) return null;
    return addDays(start, this.random.int(day(this.lastDay) - day(start) + 1));
  }

  /** A follow-up's day: a few days after its cause, but still this month and not in the future. */
  private later(on: string, upTo: number): string {
    return minDate(addDays(on, this.random.int(upTo + 1)), this.lastDay);
  }

  private free(p: PoolPerson): boolean {
    return !this.used.has(p.id) && !this.used.has(p.householdId);
  }

  private household(id: string): PoolHousehold | undefined {
    return this.households.get(id);
  }

  private membersOf(householdId: string): PoolPerson[] {
    return this.members.get(householdId) ?? [];
  }

  /** Members still there after this month's deaths and departures planned so far. */
  private stayingMembers(householdId: string, except?: string): PoolPerson[] {
    return this.membersOf(householdId).filter((m) => m.id !== except && !this.leaving.has(m.id));
  }

  private isHeadWithOthers(p: PoolPerson): boolean {
    return (
      this.household(p.householdId)?.headPersonId === p.id &&
      this.stayingMembers(p.householdId, p.id).length > 0
    );
  }

  /** The husband or wife of a person in the same household, as the household page pairs them. */
  private spouseInHousehold(p: PoolPerson): PoolPerson | null {
    if (p.maritalStatus !== 'married') return null;
    const pairs: Partial<Record<RelationToHead, RelationToHead>> = {
      head: 'spouse',
      spouse: 'head',
      child: 'child_in_law',
      child_in_law: 'child',
    };
    const wanted = pairs[p.relationToHead];
    if (!wanted) return null;
    const candidates = this.membersOf(p.householdId).filter(
      (m) => m.relationToHead === wanted && m.sex !== p.sex && m.maritalStatus === 'married' && m.id !== p.id,
    );
    if (wanted === 'head' || wanted === 'spouse') return candidates[0] ?? null;
    // Several married children: the one nearest in age.
    return (
      candidates.sort(
        (a, b) =>
          Math.abs(day(a.birthDate) - day(p.birthDate)) - Math.abs(day(b.birthDate) - day(p.birthDate)),
      )[0] ?? null
    );
  }

  private newId(on: string): string {
    const bytes = new Uint8Array(10);
    for (let i = 0; i < 10; i++) bytes[i] = this.random.int(256);
    return makeUuidV7(Math.max(0, day(on) * MS_PER_DAY + this.random.int(MS_PER_DAY)), bytes);
  }

  /** When the collaborator records an event: a few days after it, in working hours (Viet Nam time), never later than now. */
  private recordedAt(on: string, lagged = true): string {
    const lag = lagged ? this.random.int(rates.recordingLagDays + 1) : 0;
    const hours = 7 + this.random.int(13); // 07:00–19:59 in Viet Nam, UTC+7
    let ms = (day(on) + lag) * MS_PER_DAY + (hours - 7) * 3_600_000 + this.random.int(3_600_000);
    ms = Math.min(ms, this.input.now - 60_000);
    ms = Math.max(ms, day(on) * MS_PER_DAY);
    return new Date(ms).toISOString();
  }

  private add(spec: Spec): number {
    const seq = this.changes.length;
    const recordedAt = spec.recordedOn
      ? this.recordedAt(spec.recordedOn, false)
      : this.recordedAt(spec.occurredOn);
    const ms = Date.parse(recordedAt);
    const bytes = new Uint8Array(10);
    for (let i = 0; i < 10; i++) bytes[i] = this.random.int(256);
    const change: PlannedChange = {
      seq,
      id: makeUuidV7(ms, bytes),
      type: spec.type,
      occurredOn: spec.occurredOn,
      recordedAt,
      householdId: spec.householdId,
      ...(spec.personId ? { personId: spec.personId } : {}),
      payload: spec.payload,
      areaId: spec.areaId,
      ...(spec.after !== undefined ? { after: spec.after } : {}),
      review: { kind: 'approve' },
    };
    change.review = this.reviewOf(change);
    this.changes.push(change);
    return seq;
  }

  /** Most changes are approved as sent; a few are first returned for a fix, a few are sent twice. */
  private reviewOf(change: PlannedChange): ReviewPlan {
    if (!reviewableTypes.has(change.type)) return { kind: 'approve' };
    const draw = this.random.float();
    if (draw < rates.review.rejectedDuplicate) {
      const recordedAt = new Date(
        Math.min(Date.parse(change.recordedAt) + MS_PER_DAY, this.input.now - 30_000),
      ).toISOString();
      const bytes = new Uint8Array(10);
      for (let i = 0; i < 10; i++) bytes[i] = this.random.int(256);
      return {
        kind: 'duplicate',
        copy: {
          id: makeUuidV7(Date.parse(recordedAt), bytes),
          recordedAt,
          // A second record of a birth or arrival names the person anew.
          ...(change.type === 'birth' || change.type === 'move_in'
            ? { personId: this.newId(change.occurredOn) }
            : {}),
        },
        reason: duplicateReason,
      };
    }
    if (draw < rates.review.rejectedDuplicate + rates.review.returned) {
      const payload = change.payload;
      if (change.type === 'birth' && typeof payload.fullName === 'string') {
        const wrong = withoutDiacritics(payload.fullName);
        if (wrong !== payload.fullName) {
          return {
            kind: 'return',
            first: { occurredOn: change.occurredOn, payload: { ...payload, fullName: wrong } },
            reason: returnReasons.name,
          };
        }
      }
      if (change.type === 'move_in') {
        const person = payload.person as { fullName: string };
        const wrong = withoutDiacritics(person.fullName);
        if (wrong !== person.fullName) {
          return {
            kind: 'return',
            first: {
              occurredOn: change.occurredOn,
              payload: { ...payload, person: { ...person, fullName: wrong } },
            },
            reason: returnReasons.name,
          };
        }
      }
      // A date a few days late: still valid, so it reaches the officer, who sends it back.
      const wrongDate = minDate(addDays(change.occurredOn, 1 + this.random.int(3)), this.lastDay);
      if (wrongDate > change.occurredOn && wrongDate <= change.recordedAt.slice(0, 10)) {
        return { kind: 'return', first: { occurredOn: wrongDate, payload }, reason: returnReasons.date };
      }
    }
    return { kind: 'approve' };
  }

  private otherProvince(): string | null {
    return this.provinceWeights ? this.provinceWeights.draw(this.random) : null;
  }

  /** Where someone goes to or comes from: another commune of the province, another province, or abroad. */
  private place(allowAbroad: boolean): Record<string, string> {
    const { otherCommunes, provinceCode } = this.input;
    if (allowAbroad && this.random.chance(rates.abroadShareOut)) {
      return { country: this.random.pick(rates.abroadCountries) };
    }
    if (otherCommunes.length > 0 && this.random.chance(rates.migration.sameProvince)) {
      return { provinceCode, communeCode: this.random.pick(otherCommunes) };
    }
    const code = this.otherProvince();
    return code ? { provinceCode: code } : { provinceCode };
  }

  private personalIdFor(sex: SexCode, birthDate: string): string {
    const year = Number(birthDate.slice(0, 4));
    const century = (Math.floor(year / 100) - 19) * 2 + (sex === 2 ? 1 : 0);
    const born = this.random.chance(0.9)
      ? this.input.provinceCode
      : (this.otherProvince() ?? this.input.provinceCode);
    return `0${born}${century}${String(year % 100).padStart(2, '0')}${this.random.digits(6)}`;
  }

  private fullName(ethnicity: string, sex: SexCode, age: number, familyName?: string): string {
    const family = familyName ?? this.names.familyName(this.random, ethnicity);
    return `${family} ${this.names.personalName(this.random, ethnicity, sex, age)}`;
  }

  private birthDateAt(age: number, on: string): string {
    return addDays(on, -(age * 365 + this.random.int(365) + Math.floor(age / 4)));
  }

  private education(age: number): string | undefined {
    if (age < 6) return undefined;
    if (age < 11) return 'primary';
    if (age < 15) return 'lower_secondary';
    if (age < 18) return 'upper_secondary';
    return this.random.pick([
      'lower_secondary',
      'upper_secondary',
      'upper_secondary',
      'vocational',
      'university',
    ]);
  }

  /** Weighted draw without replacement. */
  private sample<T>(items: readonly T[], n: number, weight: (item: T) => number): T[] {
    const pool = items.map((item) => ({ item, w: weight(item) })).filter((x) => x.w > 0);
    const out: T[] = [];
    for (let k = 0; k < n && pool.length > 0; k++) {
      const total = pool.reduce((s, x) => s + x.w, 0);
      let r = this.random.float() * total;
      let i = 0;
      while (i < pool.length - 1 && r >= (pool[i] as { w: number }).w) {
        r -= (pool[i] as { w: number }).w;
        i += 1;
      }
      out.push((pool[i] as { item: T }).item);
      pool.splice(i, 1);
    }
    return out;
  }

  /** Present people, free this month, who can have an event this month. */
  private candidates(filter: (p: PoolPerson) => boolean): PoolPerson[] {
    return this.input.people.filter((p) => this.free(p) && p.residentSince <= this.lastDay && filter(p));
  }

  private marriedWomen15to49(p: PoolPerson): boolean {
    const age = this.age(p);
    return p.sex === 2 && p.maritalStatus === 'married' && age >= 15 && age <= 49 && this.age(p, 'end') <= 49;
  }

  // ------------------------------------------------------------------------------------------------ events

  plan(): PlannedChange[] {
    this.deaths();
    this.departures();
    this.marriages();
    this.divorces();
    this.births();
    this.pregnancies();
    this.prenatalScreenings();
    this.contraception();
    this.arrivals();
    this.householdSplits();
    this.elderlyChecks();
    this.infoChanges();
    return this.changes
      .slice()
      .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.seq - b.seq));
  }

  private deaths(): void {
    for (const p of this.candidates(() => true)) {
      const age = this.age(p);
      if (age < 0 || !this.free(p)) continue;
      const group = [...rates.deathRates].reverse().find((g) => age >= g.from) ?? rates.deathRates[0];
      const mx = p.sex === 1 ? group?.male : group?.female;
      if (!this.random.chance(monthlyProbability((mx ?? 0) * rates.mortalityScale))) continue;
      const on = this.dayFrom(p.residentSince);
      if (!on) continue;
      this.used.add(p.id);
      this.leaving.add(p.id);
      const causes = age < 30 ? deathCauses.young : age < 65 ? deathCauses.adult : deathCauses.old;
      const death = this.add({
        type: 'death',
        occurredOn: on,
        householdId: p.householdId,
        personId: p.id,
        payload: this.random.chance(0.6) ? { cause: this.random.pick(causes) } : {},
        areaId: p.areaId,
      });
      const spouse = this.spouseInHousehold(p);
      if (spouse && !this.leaving.has(spouse.id)) {
        this.used.add(spouse.id);
        this.add({
          type: 'info_change',
          occurredOn: this.later(on, 5),
          householdId: spouse.householdId,
          personId: spouse.id,
          payload: { items: [{ field: 'maritalStatus', from: 'married', to: 'widowed' }] },
          areaId: spouse.areaId,
          after: death,
        });
      }
      this.replaceHead(p, on, death, spouse);
    }
  }

  /** After the head dies or leaves, the household names a new head: the spouse, else the eldest adult. */
  private replaceHead(old: PoolPerson, on: string, cause: number, spouse: PoolPerson | null): void {
    if (this.household(old.householdId)?.headPersonId !== old.id) return;
    const staying = this.stayingMembers(old.householdId, old.id);
    if (staying.length === 0) return;
    const adults = staying
      .filter((m) => ageOn(m, on) >= 18)
      .sort((a, b) => (a.birthDate < b.birthDate ? -1 : 1));
    const newHead = spouse && staying.includes(spouse) ? spouse : adults[0];
    if (!newHead) return;
    const relations: Array<{ personId: string; relationToHead: RelationToHead }> = [];
    if (newHead.relationToHead !== 'spouse') {
      const partner = this.spouseInHousehold(newHead);
      for (const m of staying) {
        if (m.id === newHead.id) continue;
        const relation = relationToNewHead(m, newHead, partner);
        if (relation && relation !== m.relationToHead)
          relations.push({ personId: m.id, relationToHead: relation });
      }
    }
    // Those named must still be there on the day: no other story for them this month.
    this.used.add(newHead.id);
    for (const r of relations) this.used.add(r.personId);
    const household = this.household(old.householdId);
    if (household) household.headPersonId = newHead.id;
    this.add({
      type: 'head_change',
      occurredOn: this.later(on, 10),
      householdId: old.householdId,
      payload: { newHeadPersonId: newHead.id, relations },
      areaId: old.areaId,
      after: cause,
    });
  }

  private departures(): void {
    const { outRate, householdShareOut } = rates.migration;
    // Whole households: each household's chance is the per-person rate, so each person's chance is too.
    const perHousehold = monthlyProbability(outRate * householdShareOut);
    for (const household of this.input.households) {
      if (!household.active || this.used.has(household.id)) continue;
      const members = this.membersOf(household.id);
      if (members.length === 0 || members.length > 5 || members.some((m) => !this.free(m))) continue;
      if (!this.random.chance(perHousehold)) continue;
      const on = this.dayFrom(maxDate(...members.map((m) => m.residentSince)));
      if (!on) continue;
      this.used.add(household.id);
      for (const m of members) {
        this.used.add(m.id);
        this.leaving.add(m.id);
      }
      this.add({
        type: 'move_out',
        occurredOn: on,
        householdId: household.id,
        payload: { scope: 'household', destination: this.place(false) },
        areaId: household.areaId,
      });
    }
    // People leaving alone: mostly young adults; children leave with their families.
    const people = this.candidates((p) => this.age(p) >= 15 && !this.isHeadWithOthers(p));
    const factors = people.map((p) => rates.migrationAgeFactor(this.age(p)));
    const meanFactor =
      this.input.people.reduce((s, p) => s + rates.migrationAgeFactor(this.age(p)), 0) /
      Math.max(1, this.input.people.length);
    people.forEach((p, i) => {
      if (!this.free(p)) return;
      const annual = (outRate * (1 - householdShareOut) * (factors[i] ?? 1)) / Math.max(meanFactor, 0.01);
      if (!this.random.chance(monthlyProbability(annual))) return;
      this.leave(p, this.dayFrom(p.residentSince));
    });
  }

  private leave(p: PoolPerson, on: string | null, after?: number): number | null {
    if (!on) return null;
    this.used.add(p.id);
    this.leaving.add(p.id);
    return this.add({
      type: 'move_out',
      occurredOn: on,
      householdId: p.householdId,
      personId: p.id,
      payload: { scope: 'person', destination: this.place(true) },
      areaId: p.areaId,
      ...(after !== undefined ? { after } : {}),
    });
  }

  private marriages(): void {
    const single = (p: PoolPerson) => p.maritalStatus !== 'married' && p.maritalStatus !== 'separated';
    for (const p of this.candidates(single)) {
      if (!this.free(p)) continue;
      const age = this.age(p);
      const hazard =
        rates.marriageHazard(p.sex, age) *
        (p.maritalStatus === 'never_married' ? 1 : rates.marriage.remarriageFactor);
      if (hazard <= 0 || !this.random.chance(monthlyProbability(hazard))) continue;
      const partner = this.random.chance(rates.marriage.bothInCommune) ? this.partnerFor(p, age) : null;
      const from = partner ? maxDate(p.residentSince, partner.residentSince) : p.residentSince;
      const on = this.dayFrom(from);
      if (!on) continue;
      this.used.add(p.id);
      if (partner) this.used.add(partner.id);
      if (this.random.chance(rates.marriage.premaritalCheck)) {
        const checkOn = maxDate(addDays(on, -this.random.int(20)), from, this.month);
        const counselling = this.random.chance(0.95);
        this.add({
          type: 'premarital_check',
          occurredOn: checkOn,
          householdId: p.householdId,
          personId: p.id,
          payload: {
            counselling,
            healthCheck: !counselling || this.random.chance(0.6),
            site: this.random.chance(0.75) ? 'health_station' : 'hospital',
          },
          areaId: p.areaId,
        });
      }
      if (partner) this.marryInCommune(p, partner, on);
      else this.marryOutside(p, age, on);
    }
  }

  /** A never-married person of the other sex in another household of the commune, of a fitting age. */
  private partnerFor(p: PoolPerson, age: number): PoolPerson | null {
    const [lo, hi] = p.sex === 2 ? [age, age + 8] : [age - 8, age];
    const options = this.candidates(
      (q) =>
        q.sex !== p.sex &&
        q.householdId !== p.householdId &&
        q.maritalStatus === 'never_married' &&
        this.age(q) >= Math.max(lo, q.sex === 2 ? 18 : 20) &&
        this.age(q) <= hi &&
        // The bride moves to the groom's household: she must not leave a household without its head.
        !(q.sex === 2 && this.household(q.householdId)?.headPersonId === q.id),
    );
    if (p.sex === 2 && this.household(p.householdId)?.headPersonId === p.id) return null;
    return options.length > 0 ? this.random.pick(options) : null;
  }

  private childMarriage(...people: Array<{ sex: SexCode; age: number }>): boolean {
    return people.some((x) => x.age < (x.sex === 2 ? 18 : 20));
  }

  private marryInCommune(p: PoolPerson, partner: PoolPerson, on: string): void {
    const wedding = this.add({
      type: 'marriage',
      occurredOn: on,
      householdId: p.householdId,
      personId: p.id,
      payload: {
        spouse: { personId: partner.id },
        childMarriage: this.childMarriage(
          { sex: p.sex, age: ageOn(p, on) },
          { sex: partner.sex, age: ageOn(partner, on) },
        ),
        consanguineous: this.random.chance(rates.marriage.consanguineous),
      },
      areaId: p.areaId,
    });
    // The bride goes to live in the groom's household.
    const [bride, groom] = p.sex === 2 ? [p, partner] : [partner, p];
    const groomHousehold = this.household(groom.householdId);
    if (!groomHousehold?.active || this.used.has(groomHousehold.id)) return;
    const relation: RelationToHead =
      groomHousehold.headPersonId === groom.id
        ? 'spouse'
        : groom.relationToHead === 'child'
          ? 'child_in_law'
          : 'other';
    this.add({
      type: 'transfer',
      occurredOn: this.later(on, 10),
      householdId: bride.householdId,
      personId: bride.id,
      payload: { scope: 'person', toHouseholdId: groom.householdId, relationToHead: relation },
      areaId: bride.areaId,
      after: wedding,
    });
  }

  private marryOutside(p: PoolPerson, age: number, on: string): void {
    const spouseSex: SexCode = p.sex === 1 ? 2 : 1;
    const gap = Math.round(3 + 2.5 * this.random.normal());
    const spouseAge = Math.max(spouseSex === 2 ? 18 : 20, p.sex === 2 ? age + gap : age - gap);
    const ethnicity = this.random.chance(0.7) ? p.ethnicityCode : this.ethnicities.draw(this.random);
    const spouse = {
      fullName: this.fullName(ethnicity, spouseSex, spouseAge),
      sex: spouseSex,
      birthDate: this.birthDateAt(spouseAge, on),
      birthDatePrecision: 'day' as const,
    };
    const wedding = this.add({
      type: 'marriage',
      occurredOn: on,
      householdId: p.householdId,
      personId: p.id,
      payload: {
        spouse,
        childMarriage: this.childMarriage(
          { sex: p.sex, age: ageOn(p, on) },
          { sex: spouseSex, age: ageOn(spouse, on) },
        ),
        consanguineous: this.random.chance(rates.marriage.consanguineous),
      },
      areaId: p.areaId,
    });
    if (p.sex === 2) {
      if (!this.isHeadWithOthers(p) && this.random.chance(rates.marriage.brideLeaves)) {
        this.leave(p, this.later(on, 15), wedding);
      }
      return;
    }
    const household = this.household(p.householdId);
    if (!household?.active || !this.random.chance(rates.marriage.brideArrives)) return;
    const relation: RelationToHead =
      household.headPersonId === p.id ? 'spouse' : p.relationToHead === 'child' ? 'child_in_law' : 'other';
    this.add({
      type: 'move_in',
      occurredOn: this.later(on, 15),
      householdId: p.householdId,
      personId: this.newId(on),
      payload: {
        person: {
          ...spouse,
          relationToHead: relation,
          ethnicityCode: ethnicity,
          maritalStatus: 'married',
          residenceStatus: 'permanent',
          ...this.optional('educationCode', this.education(spouseAge)),
        },
        from: this.place(false),
      },
      areaId: p.areaId,
      after: wedding,
    });
  }

  private optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
    return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  }

  private divorces(): void {
    const women = this.candidates(
      (p) => p.sex === 2 && p.maritalStatus === 'married' && this.age(p) >= 20 && this.age(p) < 60,
    );
    for (const wife of women) {
      if (!this.free(wife) || !this.random.chance(monthlyProbability(rates.divorceRate))) continue;
      const husband = this.spouseInHousehold(wife);
      if (husband && !this.free(husband)) continue;
      const on = this.dayFrom(
        husband ? maxDate(wife.residentSince, husband.residentSince) : wife.residentSince,
      );
      if (!on) continue;
      this.used.add(wife.id);
      if (husband) this.used.add(husband.id);
      const divorce = this.add({
        type: 'divorce',
        occurredOn: on,
        householdId: wife.householdId,
        personId: wife.id,
        payload: husband ? { spousePersonId: husband.id } : {},
        areaId: wife.areaId,
      });
      if (!this.isHeadWithOthers(wife) && this.random.chance(rates.divorceDeparture)) {
        this.leave(wife, this.later(on, 20), divorce);
      }
    }
  }

  /** Women the month's births (and pregnancies) may come from: married, 15–49, resident, not using a method. */
  private mayConceive(p: PoolPerson, recentBirthMonths: number): boolean {
    if (!this.marriedWomen15to49(p) || p.residenceStatus === 'temporarily_absent') return false;
    if (p.contraceptiveMethod && p.contraceptiveMethod !== 'none') return false;
    return !p.lastChildBirth || p.lastChildBirth < addDays(this.month, -30 * recentBirthMonths);
  }

  private births(): void {
    // Expected births by the mother's 5-year group: ASFR × all women of the group present, for a month.
    const women = this.input.people.filter((p) => p.sex === 2);
    const groups = rates.fertilityPattern.map((g) => ({
      from: g.from,
      women: women.filter((w) => {
        const a = this.age(w);
        return a >= g.from && a < g.from + 5;
      }).length,
    }));
    const eligible = this.candidates((p) => this.mayConceive(p, 12));
    let carried = 0;
    for (const g of groups) {
      const expected = (rates.asfrOf(g.from) * g.women) / 12;
      this.expectedBirths += expected;
      const wanted = poisson(this.random, expected) + carried;
      const inGroup = eligible.filter((w) => {
        const a = this.age(w);
        return a >= g.from && a < g.from + 5 && this.free(w);
      });
      // A woman recorded pregnant 6–9 months ago is the likeliest mother.
      const mothers = this.sample(inGroup, wanted, (w) => (this.dueThisMonth(w) ? 25 : 1));
      carried = wanted - mothers.length;
      for (const mother of mothers) this.birth(mother);
    }
  }

  private dueThisMonth(w: PoolPerson): boolean {
    const p = w.pregnancy;
    if (p?.kind !== 'pregnant') return false;
    const weeks = p.gestationWeeks + (day(this.month) - day(p.on)) / 7;
    return weeks >= 30 && weeks <= 44;
  }

  private birth(mother: PoolPerson): void {
    const on = this.dayFrom(mother.residentSince);
    if (!on) return;
    this.used.add(mother.id);
    const sex: SexCode = this.random.chance(rates.sexRatioAtBirth / (1 + rates.sexRatioAtBirth)) ? 1 : 2;
    const father = this.spouseInHousehold(mother);
    const ethnicity = father?.ethnicityCode ?? mother.ethnicityCode;
    const familyName = (father ?? mother).fullName.split(' ')[0];
    const relation: RelationToHead =
      mother.relationToHead === 'head' || mother.relationToHead === 'spouse'
        ? 'child'
        : mother.relationToHead === 'child' || mother.relationToHead === 'child_in_law'
          ? 'grandchild'
          : 'other';
    const childId = this.newId(on);
    const birth = this.add({
      type: 'birth',
      occurredOn: on,
      householdId: mother.householdId,
      personId: childId,
      payload: {
        fullName: this.fullName(ethnicity, sex, 0, familyName),
        sex,
        ethnicityCode: ethnicity,
        relationToHead: relation,
        ...(mother.residenceStatus === 'temporary' ? { residenceStatus: 'temporary' } : {}),
        birthPlace: new Weighted(rates.birthPlaces).draw(this.random),
        birthOrder: mother.livingChildren + 1,
        mother: {
          personId: mother.id,
          fullName: mother.fullName,
          birthDate: mother.birthDate,
          birthDatePrecision: mother.birthDatePrecision,
        },
      },
      areaId: mother.areaId,
    });
    if (!this.random.chance(rates.screening.newborn)) return;
    const tests = [
      'congenital_hypothyroidism',
      'g6pd_deficiency',
      ...(this.random.chance(0.6) ? ['congenital_adrenal_hyperplasia'] : []),
      ...(this.random.chance(0.5) ? ['congenital_hearing_loss'] : []),
      ...(this.random.chance(0.4) ? ['congenital_heart_disease'] : []),
    ];
    this.add({
      type: 'newborn_screening',
      occurredOn: this.later(addDays(on, 1), 4),
      householdId: mother.householdId,
      personId: childId,
      payload: {
        tests: tests.map((test) => ({ test, result: this.screeningResult() })),
        site: this.random.chance(0.7) ? 'hospital' : 'health_station',
      },
      areaId: mother.areaId,
      after: birth,
    });
  }

  private screeningResult(): 'low_risk' | 'high_risk' | 'pending' {
    const r = this.random.float();
    return r < rates.screening.highRisk
      ? 'high_risk'
      : r < rates.screening.highRisk + rates.screening.pending
        ? 'pending'
        : 'low_risk';
  }

  private pregnancies(): void {
    const births = this.expectedBirths;
    // New pregnancies: women who may conceive and were not recorded pregnant in the last 10 months.
    const open = this.candidates(
      (p) =>
        this.mayConceive(p, 3) &&
        !(p.pregnancy?.kind === 'pregnant' && p.pregnancy.on > addDays(this.month, -300)),
    );
    const pregnant = this.sample(open, poisson(this.random, births * rates.pregnancy.recordedPerBirth), (w) =>
      rates.asfrOf(this.age(w)),
    );
    for (const w of pregnant) this.pregnancyEvent(w, 'pregnant', 6 + this.random.int(7));
    // Pregnancies that end early: those recorded 1–5 months ago first.
    const recent = this.candidates(
      (p) =>
        p.pregnancy?.kind === 'pregnant' &&
        p.pregnancy.on >= addDays(this.month, -150) &&
        p.pregnancy.on < this.month &&
        (!p.lastChildBirth || p.lastChildBirth < p.pregnancy.on),
    );
    for (const [kind, perBirth] of [
      ['miscarriage', rates.pregnancy.miscarriagePerBirth],
      ['abortion', rates.pregnancy.abortionPerBirth],
    ] as const) {
      const n = poisson(this.random, births * perBirth);
      const fromRecent = this.sample(
        recent.filter((p) => this.free(p)),
        n,
        () => 1,
      );
      const rest = this.sample(
        open.filter((p) => this.free(p)),
        n - fromRecent.length,
        (w) => rates.asfrOf(this.age(w)),
      );
      for (const w of [...fromRecent, ...rest]) {
        this.pregnancyEvent(
          w,
          kind,
          kind === 'miscarriage' ? 8 + this.random.int(13) : 6 + this.random.int(7),
        );
      }
    }
  }

  private pregnancyEvent(w: PoolPerson, kind: PregnancyEventKind, gestationWeeks: number): void {
    const on = this.dayFrom(w.residentSince);
    if (!on) return;
    this.used.add(w.id);
    this.add({
      type: 'pregnancy_event',
      occurredOn: on,
      householdId: w.householdId,
      personId: w.id,
      payload: { kind, pregnancyNumber: w.livingChildren + 1, gestationWeeks },
      areaId: w.areaId,
    });
  }

  /** Screening around weeks 12 and 21 of pregnancies recorded earlier and not ended. */
  private prenatalScreenings(): void {
    const expecting = this.candidates(
      (p) => p.pregnancy?.kind === 'pregnant' && (!p.lastChildBirth || p.lastChildBirth < p.pregnancy.on),
    );
    for (const w of expecting) {
      const p = w.pregnancy as NonNullable<PoolPerson['pregnancy']>;
      for (const [from, to, share] of [
        [11, 13, rates.screening.prenatalFirst],
        [18, 22, rates.screening.prenatalSecond],
      ] as const) {
        const start = maxDate(
          addDays(p.on, Math.ceil((from - p.gestationWeeks) * 7)),
          this.month,
          w.residentSince,
        );
        const end = minDate(addDays(p.on, Math.floor((to - p.gestationWeeks) * 7)), this.lastDay);
        if (start > end || !this.free(w) || !this.random.chance(share)) continue;
        const on = addDays(start, this.random.int(day(end) - day(start) + 1));
        this.used.add(w.id);
        const tests = [
          'down_syndrome',
          'edwards_syndrome',
          'patau_syndrome',
          ...(this.random.chance(0.5) ? ['thalassaemia'] : []),
        ];
        this.add({
          type: 'prenatal_screening',
          occurredOn: on,
          householdId: w.householdId,
          personId: w.id,
          payload: {
            gestationWeeks: Math.max(
              1,
              Math.min(45, Math.round(p.gestationWeeks + (day(on) - day(p.on)) / 7)),
            ),
            tests: tests.map((test) => ({ test, result: this.screeningResult() })),
            site: new Weighted<string>([
              ['hospital', 0.5],
              ['health_station', 0.3],
              ['private_facility', 0.2],
            ]).draw(this.random),
          },
          areaId: w.areaId,
        });
      }
    }
  }

  private contraception(): void {
    const { prevalence, recordedBelow, monthlyStop } = rates.contraception;
    const eligible = this.input.people.filter((p) => this.marriedWomen15to49(p));
    const users = eligible.filter((p) => p.contraceptiveMethod && p.contraceptiveMethod !== 'none');
    if (eligible.length > 0 && users.length / eligible.length < recordedBelow) {
      this.methodsAlreadyInUse(eligible, Math.round(prevalence * eligible.length) - users.length);
      return;
    }
    let expectedStops = 0;
    for (const w of users) {
      const p = monthlyStop[w.contraceptiveMethod as string] ?? 0.03;
      expectedStops += p;
      if (!this.free(w) || !this.random.chance(p)) continue;
      const on = this.dayFrom(w.residentSince);
      if (!on) continue;
      this.used.add(w.id);
      this.add({
        type: 'contraception_stop',
        occurredOn: on,
        householdId: w.householdId,
        personId: w.id,
        payload: { method: w.contraceptiveMethod },
        areaId: w.areaId,
      });
    }
    // New users: as many as stop, plus a sixth of the gap to the target prevalence.
    const gap = Math.max(0, prevalence * eligible.length - users.length);
    const starters = this.sample(
      this.candidates(
        (p) => this.marriedWomen15to49(p) && !p.contraceptiveMethod && !this.recentlyPregnant(p),
      ),
      poisson(this.random, expectedStops + gap / 6),
      // Soon after a birth is when most couples start.
      (w) => (w.lastChildBirth && w.lastChildBirth >= addDays(this.month, -180) ? 4 : 1),
    );
    for (const w of starters) {
      const on = this.dayFrom(w.residentSince);
      if (!on) continue;
      this.used.add(w.id);
      this.startMethod(w, on, this.method(rates.contraception.newUserMix, w));
    }
  }

  private recentlyPregnant(p: PoolPerson): boolean {
    return p.pregnancy?.kind === 'pregnant' && p.pregnancy.on > addDays(this.month, -280);
  }

  private method(mix: ReadonlyArray<readonly [string, number]>, w: PoolPerson): string {
    const method = new Weighted(mix).draw(this.random);
    // Sterilisation is chosen by couples who have the children they want.
    return method.endsWith('sterilisation') && w.livingChildren < 2 ? 'iud' : method;
  }

  private startMethod(w: PoolPerson, on: string, method: string, recordedOn?: string): void {
    this.add({
      type: 'contraception_start',
      occurredOn: on,
      householdId: w.householdId,
      personId: w.id,
      payload: {
        method,
        livingChildren: w.livingChildren,
        site: new Weighted(rates.contraception.sites).draw(this.random),
      },
      areaId: w.areaId,
      ...(recordedOn ? { recordedOn } : {}),
    });
  }

  /**
   * A register that records almost no methods among married women (a book loaded without its section II)
   * first has the methods couples already use recorded, each with the month it began, as the collaborator
   * copies section II of the household page: up to the target prevalence.
   */
  private methodsAlreadyInUse(eligible: readonly PoolPerson[], wanted: number): void {
    const chosen = this.sample(
      eligible.filter((p) => this.free(p) && !p.contraceptiveMethod && !this.recentlyPregnant(p)),
      wanted,
      () => 1,
    );
    for (const w of chosen) {
      // Begun after her last child (or her 18th birthday), up to six years ago, before this month.
      const earliest = maxDate(
        w.residentSince,
        addDays(w.birthDate, 18 * 366),
        w.lastChildBirth ? addDays(w.lastChildBirth, 45) : '0000-01-01',
        addDays(this.month, -6 * 365),
      );
      const latest = addDays(this.month, -1);
      if (earliest > latest) continue;
      const on = addDays(earliest, this.random.int(day(latest) - day(earliest) + 1));
      const recordedOn = this.dayFrom();
      if (!recordedOn) continue;
      this.used.add(w.id);
      this.startMethod(w, on, this.method(rates.contraception.userMix, w), recordedOn);
    }
  }

  private arrivals(): void {
    const { inRate, familyShareIn, temporaryShareIn } = rates.migration;
    const expected = (inRate * this.input.people.length) / 12;
    const hosts = this.input.households.filter((h) => {
      if (!h.active || this.used.has(h.id) || !h.headPersonId) return false;
      const head = this.byId.get(h.headPersonId);
      return head !== undefined && !this.leaving.has(head.id);
    });
    // Families founding a household of their own (2.8 people on average).
    for (let k = poisson(this.random, (expected * familyShareIn) / 2.8); k > 0; k--) this.family();
    // People joining a household: workers and students, an elderly parent, a grandchild.
    for (let k = poisson(this.random, expected * (1 - familyShareIn)); k > 0 && hosts.length > 0; k--) {
      const host = this.random.pick(hosts);
      const on = this.dayFrom(maxDate(...this.membersOf(host.id).map((m) => m.residentSince), this.month));
      if (!on) continue;
      const r = this.random.float();
      const [age, relation]: [number, RelationToHead] =
        r < 0.8
          ? [18 + this.random.int(17), 'other']
          : r < 0.9
            ? [62 + this.random.int(20), 'parent']
            : [3 + this.random.int(12), 'grandchild'];
      const sex: SexCode = this.random.chance(0.5) ? 1 : 2;
      const temporary = relation === 'other' && this.random.chance(temporaryShareIn);
      const marital: MaritalStatus =
        relation === 'grandchild' || age < 25
          ? 'never_married'
          : relation === 'parent'
            ? this.random.chance(0.6)
              ? 'widowed'
              : 'married'
            : this.random.chance(0.5)
              ? 'married'
              : 'never_married';
      this.moveIn(host.id, host.areaId, on, { age, sex, relation, marital, temporary });
    }
  }

  private moveIn(
    householdId: string,
    areaId: string,
    on: string,
    who: {
      age: number;
      sex: SexCode;
      relation: RelationToHead;
      marital: MaritalStatus;
      temporary: boolean;
      ethnicity?: string;
      familyName?: string;
    },
    from: Record<string, string> = this.place(false),
    after?: number,
  ): number {
    const ethnicity = who.ethnicity ?? this.ethnicities.draw(this.random);
    const birthDate = this.birthDateAt(who.age, on);
    return this.add({
      type: 'move_in',
      occurredOn: on,
      householdId,
      personId: this.newId(on),
      payload: {
        person: {
          fullName: this.fullName(ethnicity, who.sex, who.age, who.familyName),
          relationToHead: who.relation,
          sex: who.sex,
          birthDate,
          birthDatePrecision: 'day',
          ethnicityCode: ethnicity,
          ...this.optional('educationCode', this.education(who.age)),
          maritalStatus: who.marital,
          residenceStatus: who.temporary ? 'temporary' : 'permanent',
          ...(who.age >= 14 && this.random.chance(0.7)
            ? { personalId: this.personalIdFor(who.sex, birthDate) }
            : {}),
        },
        from,
      },
      areaId,
      ...(after !== undefined ? { after } : {}),
    });
  }

  private family(): void {
    if (this.input.areaIds.length === 0) return;
    const on = this.dayFrom();
    if (!on) return;
    const areaId = this.random.pick(this.input.areaIds);
    const number = this.nextNumber.get(areaId) ?? 1;
    this.nextNumber.set(areaId, number + 1);
    const hamlets = this.input.households
      .filter((h) => h.areaId === areaId && h.hamletId)
      .map((h) => h.hamletId as string);
    const householdId = this.newId(on);
    const founded = this.add({
      type: 'household_new',
      occurredOn: on,
      householdId,
      payload: {
        areaId,
        ...(hamlets.length > 0 ? { hamletId: this.random.pick(hamlets) } : {}),
        number,
        kind: 'family',
      },
      areaId,
    });
    const from = this.place(false);
    const temporary = this.random.chance(0.5);
    const ethnicity = this.ethnicities.draw(this.random);
    const familyName = this.names.familyName(this.random, ethnicity);
    const husbandAge = 24 + this.random.int(22);
    const wifeAge = Math.max(18, husbandAge - Math.max(0, Math.round(3 + 2 * this.random.normal())));
    const base = { ethnicity, temporary };
    this.moveIn(
      householdId,
      areaId,
      on,
      { ...base, age: husbandAge, sex: 1, relation: 'head', marital: 'married', familyName },
      from,
      founded,
    );
    if (this.random.chance(0.2)) return; // a man alone, his wife still elsewhere
    this.moveIn(
      householdId,
      areaId,
      on,
      { ...base, age: wifeAge, sex: 2, relation: 'spouse', marital: 'married' },
      from,
      founded,
    );
    const children = Math.min(this.random.int(3), Math.max(0, wifeAge - 20));
    for (let c = 0; c < children; c++) {
      const age = this.random.int(Math.min(15, wifeAge - 19));
      this.moveIn(
        householdId,
        areaId,
        on,
        {
          ...base,
          age,
          sex: this.random.chance(0.52) ? 1 : 2,
          relation: 'child',
          marital: 'never_married',
          familyName,
        },
        from,
        founded,
      );
    }
  }

  /** A married child's family leaves the parents' page for a household of its own in the same area. */
  private householdSplits(): void {
    const p = monthlyProbability(rates.householdSplitRate);
    for (const household of this.input.households) {
      if (!household.active || this.used.has(household.id)) continue;
      const members = this.membersOf(household.id);
      const child = members.find(
        (m) => m.relationToHead === 'child' && m.maritalStatus === 'married' && this.spouseInHousehold(m),
      );
      if (!child || !this.random.chance(p)) continue;
      const spouse = this.spouseInHousehold(child) as PoolPerson;
      const wife = child.sex === 2 ? child : spouse;
      const kids = members.filter((m) => m.motherId === wife.id);
      const moving = [child, spouse, ...kids];
      if (moving.some((m) => !this.free(m)) || moving.length >= members.length) continue;
      const on = this.dayFrom(maxDate(...moving.map((m) => m.residentSince)));
      if (!on) continue;
      for (const m of moving) this.used.add(m.id);
      const number = this.nextNumber.get(household.areaId) ?? 1;
      this.nextNumber.set(household.areaId, number + 1);
      this.add({
        type: 'household_split',
        occurredOn: on,
        householdId: household.id,
        payload: {
          newHouseholdId: this.newId(on),
          areaId: household.areaId,
          ...(household.hamletId ? { hamletId: household.hamletId } : {}),
          number,
          kind: 'family',
          members: [
            { personId: child.id, relationToHead: 'head' },
            { personId: spouse.id, relationToHead: 'spouse' },
            ...kids.map((k) => ({ personId: k.id, relationToHead: 'child' })),
          ],
        },
        areaId: household.areaId,
      });
    }
  }

  private elderlyChecks(): void {
    const p = monthlyProbability(rates.elderlyCheckCoverage);
    for (const person of this.candidates((x) => this.age(x) >= 60)) {
      if (!this.free(person) || !this.random.chance(p)) continue;
      const on = this.dayFrom(person.residentSince);
      if (!on) continue;
      this.used.add(person.id);
      const r = this.random.float();
      this.add({
        type: 'elderly_check',
        occurredOn: on,
        householdId: person.householdId,
        personId: person.id,
        payload: { site: r < 0.7 ? 'health_station' : r < 0.85 ? 'mobile_service' : 'hospital' },
        areaId: person.areaId,
      });
    }
  }

  private infoChanges(): void {
    for (const person of this.candidates(() => true)) {
      if (!this.free(person)) continue;
      const age = this.age(person);
      let item: Record<string, unknown> | null = null;
      if (
        person.residenceStatus === 'temporary' &&
        this.random.chance(rates.infoChanges.temporaryToPermanent)
      ) {
        item = { field: 'residenceStatus', from: 'temporary', to: 'permanent' };
      } else if (
        age >= 14 &&
        !person.hasPersonalId &&
        Number(person.birthDate.slice(0, 4)) >= 1900 &&
        this.random.chance(rates.infoChanges.personalIdAdded)
      ) {
        item = { field: 'personalId', from: null, to: this.personalIdFor(person.sex, person.birthDate) };
      }
      if (!item) continue;
      const on = this.dayFrom(person.residentSince);
      if (!on) continue;
      this.used.add(person.id);
      this.add({
        type: 'info_change',
        occurredOn: on,
        householdId: person.householdId,
        personId: person.id,
        payload: { items: [item] },
        areaId: person.areaId,
      });
    }
  }
}

/**
 * How a member is related to a new head who is not the old head's spouse — usually a grown child
 * (null: leave the relation as it is).
 */
function relationToNewHead(
  m: PoolPerson,
  newHead: PoolPerson,
  partner: PoolPerson | null,
): RelationToHead | null {
  switch (m.relationToHead) {
    case 'spouse':
      return 'parent'; // the old head's widow(er) is the new head's parent
    case 'child_in_law':
      return m.id === partner?.id ? 'spouse' : 'other';
    case 'child':
    case 'adopted_child':
      return 'other'; // brothers and sisters have no code of their own
    case 'grandchild':
      return m.motherId !== null && (m.motherId === newHead.id || m.motherId === partner?.id)
        ? 'child'
        : 'other';
    case 'parent':
      return 'other';
    default:
      return null;
  }
}

/** Plans one commune's month. The same input and random source give the same plan. */
export function planCommuneMonth(input: CommuneMonth, random: Random): PlannedChange[] {
  return new Planner(input, random).plan();
}
