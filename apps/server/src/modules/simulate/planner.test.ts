import { parseChange } from '@danso/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNationalList } from '../admin-units/national.ts';
import { generateProvince } from '../seed/generate.ts';
import { Random } from '../seed/random.ts';
import type { GeneratedPerson, HouseholdRow } from '../seed/rows.ts';
import {
  ageOn,
  type CommuneMonth,
  type PlannedChange,
  type PoolPerson,
  planCommuneMonth,
} from './planner.ts';

/**
 * The planner on a synthetic Lạng Sơn made by the seeder (no database): every planned change is well formed,
 * the plan is the same for the same seed, and over a year the rates are Viet Nam's.
 */
const national = readNationalList().units.filter((u) => u.valid_to === null);
const provinces = national.filter((u) => u.level === 'province').map((u) => u.code);
const communeCodes = national
  .filter((u) => u.level === 'commune' && u.parent_code === '20')
  .map((u) => u.code);

interface Commune {
  code: string;
  people: PoolPerson[];
  households: HouseholdRow[];
  areaIds: string[];
}

function province(people: number, seed: number): Commune[] {
  const province = national.find((u) => u.level === 'province' && u.code === '20');
  const generated = generateProvince({
    seed,
    people,
    provinceCodes: provinces,
    province: { code: '20', name: province?.name ?? 'Lạng Sơn', unitType: province?.unit_type ?? 'province' },
    communes: national
      .filter((u) => u.level === 'commune' && u.parent_code === '20')
      .map((u) => ({ code: u.code, name: u.name, unitType: u.unit_type, urbanity: u.urbanity })),
  });
  const communes = new Map<
    string,
    { persons: GeneratedPerson[]; households: HouseholdRow[]; areas: Set<string> }
  >();
  for (const batch of generated.batches()) {
    const c = communes.get(batch.commune.code) ?? { persons: [], households: [], areas: new Set<string>() };
    c.persons.push(...batch.persons);
    c.households.push(...batch.households);
    c.areas.add(batch.area.id);
    communes.set(batch.commune.code, c);
  }
  return [...communes].map(([code, c]) => {
    const created = new Map(c.households.map((h) => [h.id, h.created_on]));
    const children = new Map<string, GeneratedPerson[]>();
    for (const p of c.persons) {
      if (p.mother_id) children.set(p.mother_id, [...(children.get(p.mother_id) ?? []), p]);
    }
    const pool: PoolPerson[] = c.persons.map((p) => {
      const kids = children.get(p.id) ?? [];
      const since = created.get(p.household_id) ?? p.birth_date;
      return {
        id: p.id,
        householdId: p.household_id,
        areaId: p.area_id,
        fullName: p.full_name,
        sex: p.sex as 1 | 2,
        birthDate: p.birth_date,
        birthDatePrecision: p.birth_date_precision as PoolPerson['birthDatePrecision'],
        ethnicityCode: p.ethnicity_code,
        maritalStatus: p.marital_status as PoolPerson['maritalStatus'],
        relationToHead: p.relation_to_head as PoolPerson['relationToHead'],
        residenceStatus: p.residence_status as PoolPerson['residenceStatus'],
        contraceptiveMethod: null,
        motherId: p.mother_id,
        livingChildren: kids.length,
        lastChildBirth:
          kids
            .map((k) => k.birth_date)
            .sort()
            .at(-1) ?? null,
        residentSince: [since, p.birth_date].sort()[1] as string,
        hasPersonalId: p.personal_id !== null,
        pregnancy: null,
      };
    });
    return { code, people: pool, households: c.households, areaIds: [...c.areas] };
  });
}

function monthOf(
  commune: Commune,
  month: string,
  seed = 2025,
  now = Date.parse('2026-07-20T12:00:00Z'),
): CommuneMonth {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  return {
    seed,
    provinceCode: '20',
    communeCode: commune.code,
    month,
    lastDay: last,
    now,
    people: commune.people,
    households: commune.households.map((h) => ({
      id: h.id,
      areaId: h.area_id,
      hamletId: h.hamlet_id,
      number: h.number,
      active: true,
      headPersonId: h.head_person_id,
    })),
    areaIds: commune.areaIds,
    otherCommunes: communeCodes.filter((c) => c !== commune.code),
    provinces,
  };
}

const plan = (input: CommuneMonth) =>
  planCommuneMonth(input, new Random(`test:${input.seed}:${input.communeCode}:${input.month}`));

/** The change as the collaborator's device sends it. */
const envelope = (c: PlannedChange, over: Partial<PlannedChange> = {}) => ({
  id: c.id,
  type: c.type,
  householdId: c.householdId,
  ...(c.personId ? { personId: c.personId } : {}),
  authorId: '00000000-0000-4000-8000-000000000001',
  occurredOn: c.occurredOn,
  recordedAt: c.recordedAt,
  baseVersion: 0,
  payload: c.payload,
  ...over,
});

describe('planCommuneMonth', () => {
  let communes: Commune[] = [];
  /** The first month of a register without section II: the methods in use are recorded first. */
  let first: PlannedChange[] = [];

  beforeAll(() => {
    communes = province(20_000, 2025);
    first = communes.flatMap((c) => plan(monthOf(c, '2026-06-01')));
  });

  it('plans only well-formed changes, dated inside the month and recorded after they happened', () => {
    expect(first.length).toBeGreaterThan(1000);
    for (const c of first) {
      const parsed = parseChange(envelope(c));
      expect(parsed.ok, `${c.type} ${JSON.stringify(parsed.ok ? '' : parsed.errors)}`).toBe(true);
      if (c.review.kind === 'return') {
        expect(parseChange(envelope(c, c.review.first)).ok).toBe(true);
        expect(c.review.reason.length).toBeGreaterThan(10);
      }
      expect(c.recordedAt.slice(0, 10) >= c.occurredOn).toBe(true);
      expect(Date.parse(c.recordedAt)).toBeLessThanOrEqual(Date.parse('2026-07-20T12:00:00Z'));
      expect(c.occurredOn <= '2026-06-30').toBe(true);
      // Only methods begun earlier are dated before the month (section II gives their start).
      if (c.type !== 'contraception_start') expect(c.occurredOn >= '2026-06-01').toBe(true);
      else expect(c.recordedAt.slice(0, 7)).toBe('2026-06');
    }
  });

  it('gives the same plan for the same seed, and another for another seed', () => {
    const commune = communes[0] as Commune;
    const a = plan(monthOf(commune, '2026-06-01'));
    expect(plan(monthOf(commune, '2026-06-01'))).toEqual(a);
    expect(plan(monthOf(commune, '2026-06-01', 7)).map((c) => c.id)).not.toEqual(a.map((c) => c.id));
  });

  it('records the methods couples already use up to a prevalence of 0.6–0.7 among married women 15–49', () => {
    const married = communes
      .flatMap((c) => c.people)
      .filter((p) => p.sex === 2 && p.maritalStatus === 'married' && ageOn(p, '2026-06-01') >= 15)
      .filter((p) => ageOn(p, '2026-06-30') <= 49);
    const starts = first.filter((c) => c.type === 'contraception_start');
    expect(starts.length / married.length).toBeGreaterThan(0.6);
    expect(starts.length / married.length).toBeLessThan(0.7);
    const mix = new Map<string, number>();
    for (const s of starts) mix.set(String(s.payload.method), (mix.get(String(s.payload.method)) ?? 0) + 1);
    expect((mix.get('iud') ?? 0) / starts.length).toBeGreaterThan(0.3);
    expect(starts.every((s) => s.occurredOn < '2026-06-01' && s.occurredOn >= '2020-06-01')).toBe(true);
  });

  describe('over a year, on a register that records its methods', () => {
    let year: PlannedChange[] = [];
    let people = 0;
    const byId = new Map<string, PoolPerson>();

    beforeAll(() => {
      // The pool after the first month: the women the catch-up chose use their method, and the pregnancies
      // recorded are under way.
      const methods = new Map(
        first
          .filter((c) => c.type === 'contraception_start')
          .map((c) => [c.personId, String(c.payload.method)]),
      );
      const pregnancies = new Map(
        first
          .filter((c) => c.type === 'pregnancy_event' && c.payload.kind === 'pregnant')
          .map((c) => [
            c.personId,
            { kind: 'pregnant' as const, on: c.occurredOn, gestationWeeks: Number(c.payload.gestationWeeks) },
          ]),
      );
      const recorded = communes.map((c) => ({
        ...c,
        people: c.people.map((p) => ({
          ...p,
          contraceptiveMethod: methods.get(p.id) ?? null,
          pregnancy: pregnancies.get(p.id) ?? null,
        })),
      }));
      people = recorded.reduce((s, c) => s + c.people.length, 0);
      for (const c of recorded) for (const p of c.people) byId.set(p.id, p);
      const months = ['07', '08', '09', '10', '11', '12']
        .map((m) => `2026-${m}`)
        .concat(['01', '02', '03', '04', '05', '06'].map((m) => `2027-${m}`));
      const later = Date.parse('2027-07-20T12:00:00Z');
      year = recorded.flatMap((c) => months.flatMap((m) => plan(monthOf(c, `${m}-01`, 2025, later))));
    });

    const count = (type: string) => year.filter((c) => c.type === type).length;
    const perThousand = (n: number) => (n / people) * 1000;

    it('has births of 13–17 and deaths of 5–8 per 1000, and about 1.11 boys born per girl', () => {
      expect(perThousand(count('birth'))).toBeGreaterThan(13);
      expect(perThousand(count('birth'))).toBeLessThan(17);
      expect(perThousand(count('death'))).toBeGreaterThan(5);
      expect(perThousand(count('death'))).toBeLessThan(8);
      // 1.114 boys per girl is a share of 0.527; about 300 births leave a standard error of 0.03.
      const births = year.filter((c) => c.type === 'birth');
      const boys = births.filter((b) => b.payload.sex === 1).length / births.length;
      expect(boys).toBeGreaterThan(0.46);
      expect(boys).toBeLessThan(0.6);
    });

    it('gives births to married women of 15–49 using no method, most in their twenties, in birth order', () => {
      const ages: number[] = [];
      for (const b of year.filter((c) => c.type === 'birth')) {
        const mother = byId.get(String((b.payload.mother as { personId: string }).personId)) as PoolPerson;
        expect(mother.sex).toBe(2);
        expect(mother.maritalStatus).toBe('married');
        expect(mother.contraceptiveMethod).toBeNull();
        expect(b.payload.birthOrder).toBe(mother.livingChildren + 1);
        ages.push(ageOn(mother, b.occurredOn));
      }
      expect(Math.min(...ages)).toBeGreaterThanOrEqual(15);
      expect(Math.max(...ages)).toBeLessThanOrEqual(49);
      const mean = ages.reduce((s, a) => s + a, 0) / ages.length;
      expect(mean).toBeGreaterThan(25);
      expect(mean).toBeLessThan(30);
      expect(ages.filter((a) => a >= 20 && a < 30).length / ages.length).toBeGreaterThan(0.5);
    });

    it('moves, marries and checks at plausible rates', () => {
      expect(perThousand(count('marriage'))).toBeGreaterThan(4);
      expect(perThousand(count('marriage'))).toBeLessThan(14);
      expect(perThousand(count('divorce'))).toBeLessThan(2);
      expect(perThousand(count('move_in'))).toBeGreaterThan(3);
      expect(perThousand(count('move_out'))).toBeGreaterThan(3);
      const elderly = [...byId.values()].filter((p) => ageOn(p, '2027-01-01') >= 60).length;
      expect(count('elderly_check') / elderly).toBeGreaterThan(0.35);
      expect(count('elderly_check') / elderly).toBeLessThan(0.5);
      // Each type of the P0 sheet appears.
      for (const type of [
        'newborn_screening',
        'pregnancy_event',
        'prenatal_screening',
        'contraception_stop',
        'premarital_check',
        'household_new',
        'head_change',
        'info_change',
        'transfer',
      ]) {
        expect(count(type), type).toBeGreaterThan(0);
      }
    });

    it('returns about 3 % of the changes with a reason and has about 1 % sent twice', () => {
      const returned = year.filter((c) => c.review.kind === 'return').length / year.length;
      const duplicated = year.filter((c) => c.review.kind === 'duplicate').length / year.length;
      expect(returned).toBeGreaterThan(0.015);
      expect(returned).toBeLessThan(0.04);
      expect(duplicated).toBeGreaterThan(0.004);
      expect(duplicated).toBeLessThan(0.015);
    });

    it('gives a person one story a month: a second change about them follows from the first', () => {
      for (const c of communes) {
        const month = plan(monthOf(c, '2026-06-01'));
        const seen = new Map<string, PlannedChange>();
        for (const change of month) {
          const id = change.personId;
          if (!id || change.type === 'birth' || change.type === 'move_in') continue;
          const earlier = seen.get(id);
          if (earlier) {
            const linked =
              change.after === earlier.seq ||
              (earlier.type === 'premarital_check' && change.type === 'marriage') ||
              (earlier.type === 'marriage' && change.after !== undefined) ||
              earlier.type === 'birth';
            expect(linked, `${earlier.type} then ${change.type}`).toBe(true);
          }
          seen.set(id, change);
        }
      }
    });
  });
});
