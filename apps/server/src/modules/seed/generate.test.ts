import { defaultRegisterCodeLists, isKnownCode } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import { readNationalList } from '../admin-units/national.ts';
import { populationByAgeGroup, referenceDate } from './data/demography.ts';
import { defaultEthnicMix, provinceEthnicMix } from './data/ethnicities.ts';
import { ageOn, dayOfIso } from './dates.ts';
import { type GeneratedProvince, generateProvince } from './generate.ts';
import { uuidPattern } from './ids.ts';
import type { CommuneInfo, GeneratedPerson, HouseholdRow, ProvinceInfo } from './rows.ts';

const national = readNationalList().units.filter((u) => u.valid_to === null);
const provinceCodes = national.filter((u) => u.level === 'province').map((u) => u.code);

function provinceOf(code: string): { province: ProvinceInfo; communes: CommuneInfo[] } {
  const unit = national.find((u) => u.level === 'province' && u.code === code);
  if (!unit) throw new Error(`no province ${code}`);
  return {
    province: { code, name: unit.name, unitType: unit.unit_type },
    communes: national
      .filter((u) => u.level === 'commune' && u.parent_code === code)
      .map((u) => ({ code: u.code, name: u.name, unitType: u.unit_type, urbanity: u.urbanity })),
  };
}

interface Rows {
  generated: GeneratedProvince;
  households: HouseholdRow[];
  persons: GeneratedPerson[];
  collaborators: string[];
}

function generate(provinceCode: string, people: number, seed: number): Rows {
  const generated = generateProvince({ seed, people, provinceCodes, ...provinceOf(provinceCode) });
  const households: HouseholdRow[] = [];
  const persons: GeneratedPerson[] = [];
  const collaborators: string[] = [];
  for (const batch of generated.batches()) {
    households.push(...batch.households);
    persons.push(...batch.persons);
    collaborators.push(batch.collaboratorName);
  }
  return { generated, households, persons, collaborators };
}

const referenceDay = dayOfIso(referenceDate);
const ageOf = (p: GeneratedPerson) => ageOn(dayOfIso(p.birth_date), referenceDay);
const share = (part: number, whole: number) => part / whole;

describe('generateProvince: determinism', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    const a = generate('20', 3000, 7);
    const b = generate('20', 3000, 7);
    const c = generate('20', 3000, 8);
    expect(JSON.stringify(b.persons)).toBe(JSON.stringify(a.persons));
    expect(JSON.stringify(b.households)).toBe(JSON.stringify(a.households));
    expect(JSON.stringify(b.generated.hamlets)).toBe(JSON.stringify(a.generated.hamlets));
    expect(JSON.stringify(b.generated.listings)).toBe(JSON.stringify(a.generated.listings));

    expect(c.persons.map((p) => p.full_name)).not.toEqual(a.persons.map((p) => p.full_name));
    expect(c.persons[0]?.id).not.toBe(a.persons[0]?.id);
    expect(c.households.map((h) => h.address)).not.toEqual(a.households.map((h) => h.address));
  });

  it('places exactly the requested number of people', () => {
    for (const people of [1, 499, 3000, 12_345]) {
      expect(generate('20', people, 1).persons).toHaveLength(people);
    }
  });

  it('uses only as many communes as keep every area at 100 households or more', () => {
    const small = generate('20', 3000, 2025);
    expect(small.generated.plan.communes.length).toBe(6);
    const large = generateProvince({ seed: 2025, people: 1_000_000, provinceCodes, ...provinceOf('20') });
    expect(large.plan.communes).toHaveLength(65);
    expect(large.plan.communes.reduce((sum, c) => sum + c.people, 0)).toBe(1_000_000);
  });
});

describe('generateProvince: a realistic Lạng Sơn of 60,000 people', () => {
  const rows = generate('20', 60_000, 2025);
  const { persons, households, generated } = rows;
  const byHousehold = new Map<string, GeneratedPerson[]>();
  for (const p of persons) byHousehold.set(p.household_id, [...(byHousehold.get(p.household_id) ?? []), p]);
  const byId = new Map(persons.map((p) => [p.id, p]));

  it('follows the national age–sex pyramid (WPP 2019, 2020) within 1.5 points per 5-year group', () => {
    const total = populationByAgeGroup.reduce((sum, g) => sum + g.male + g.female, 0);
    const counts = new Array(populationByAgeGroup.length).fill(0);
    for (const p of persons) counts[Math.min(20, Math.floor(ageOf(p) / 5))] += 1;
    populationByAgeGroup.forEach((g, i) => {
      const expected = (100 * (g.male + g.female)) / total;
      const actual = (100 * counts[i]) / persons.length;
      expect(Math.abs(actual - expected), `age ${g.from}: ${actual} vs ${expected}`).toBeLessThan(1.5);
    });
  });

  it('has a sex ratio between 0.9 and 1.1 and more boys than girls at birth', () => {
    const males = persons.filter((p) => p.sex === 1).length;
    expect(males / (persons.length - males)).toBeGreaterThan(0.9);
    expect(males / (persons.length - males)).toBeLessThan(1.1);
    const infants = persons.filter((p) => ageOf(p) < 5);
    const boys = infants.filter((p) => p.sex === 1).length;
    expect(boys / (infants.length - boys)).toBeGreaterThan(1);
  });

  it('has households of 3–4 people on average, each with exactly one head', () => {
    expect(persons.length / households.length).toBeGreaterThan(3);
    expect(persons.length / households.length).toBeLessThan(4);
    const wrong = households.filter((h) => {
      const members = byHousehold.get(h.id) ?? [];
      const heads = members.filter((p) => p.relation_to_head === 'head');
      return (
        heads.length !== 1 ||
        heads[0]?.id !== h.head_person_id ||
        heads[0]?.row_number !== 1 ||
        members.some((p, i) => p.row_number !== i + 1)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('gives every area 100–400 households, numbered 1..n, covered exactly by its listing', () => {
    const perArea = new Map<string, HouseholdRow[]>();
    for (const h of households) perArea.set(h.area_id, [...(perArea.get(h.area_id) ?? []), h]);
    expect(perArea.size).toBe(generated.areas.length);
    for (const area of generated.areas) {
      const list = perArea.get(area.id) ?? [];
      expect(list.length).toBeGreaterThanOrEqual(100);
      expect(list.length).toBeLessThanOrEqual(400);
      expect(list.map((h) => h.number)).toEqual(list.map((_, i) => i + 1));
      expect(area.name).toBe(`Địa bàn số ${area.number}`);
      const listing = generated.listings.filter((l) => l.area_id === area.id);
      expect(listing[0]?.household_from).toBe(1);
      expect(listing.at(-1)?.household_to).toBe(list.length);
      const outside = list.filter((h) => {
        const row = listing.find((l) => h.number >= l.household_from && h.number <= l.household_to);
        return row?.hamlet_id !== h.hamlet_id;
      });
      expect(outside).toEqual([]);
    }
    const codes = new Set(households.map((h) => h.code));
    expect(codes.size).toBe(households.length);
    const areaNumber = new Map(generated.areas.map((a) => [a.id, a.number]));
    const badCodes = households.filter(
      (h) => h.code !== `${h.commune_code}-${areaNumber.get(h.area_id)}-${h.number}`,
    );
    expect(badCodes).toEqual([]);
  });

  it('names hamlets in the local way and uniquely within a commune', () => {
    const seen = new Set<string>();
    for (const h of generated.hamlets) {
      expect(h.name).toMatch(/^(Thôn|Bản|Tổ dân phố) /);
      const key = `${h.commune_code}/${h.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    // Tày–Nùng village names such as "Thôn Nà Pàn" appear in Lạng Sơn.
    expect(generated.hamlets.some((h) => /^(Thôn|Bản) (Nà|Khuổi|Pác|Khau|Lũng|Bó|Pò)/.test(h.name))).toBe(
      true,
    );
  });

  it("keeps mothers 15–50 years old at their children's births (18–45 by construction)", () => {
    const children = persons.filter((p) => p.motherId);
    expect(children.length).toBeGreaterThan(persons.length / 3);
    const wrong = children.filter((child) => {
      const mother = byId.get(child.motherId as string) as GeneratedPerson;
      const ageAtBirth = ageOn(dayOfIso(mother.birth_date), dayOfIso(child.birth_date));
      return (
        mother.sex !== 2 || mother.household_id !== child.household_id || ageAtBirth < 18 || ageAtBirth > 45
      );
    });
    expect(wrong).toEqual([]);
  });

  it('keeps relations and marital status consistent', () => {
    const problems: string[] = [];
    for (const members of byHousehold.values()) {
      const head = members.find((p) => p.relation_to_head === 'head') as GeneratedPerson;
      const spouse = members.find((m) => m.relation_to_head === 'spouse');
      for (const p of members) {
        if (
          p === spouse &&
          (p.sex === head.sex || p.marital_status !== 'married' || head.marital_status !== 'married')
        ) {
          problems.push(`spouse ${p.id}`);
        }
        if (ageOf(p) < 18 && p.marital_status !== 'never_married') problems.push(`married minor ${p.id}`);
        if (
          p.relation_to_head === 'child' &&
          p.motherId &&
          p.motherId !== head.id &&
          p.motherId !== spouse?.id
        ) {
          problems.push(`child of someone else ${p.id}`);
        }
      }
      // Married people live with their spouse, so they come in pairs.
      if (members.filter((p) => p.marital_status === 'married').length % 2 !== 0)
        problems.push(`odd ${head.id}`);
    }
    expect(problems).toEqual([]);
    const relations = new Set(persons.map((p) => p.relation_to_head));
    for (const r of [
      'head',
      'spouse',
      'child',
      'adopted_child',
      'child_in_law',
      'parent',
      'grandchild',
      'other',
    ]) {
      expect(relations.has(r), r).toBe(true);
    }
  });

  it('writes Vietnamese names with diacritics, middle names by sex, children with the father’s family name', () => {
    const withDiacritics = persons.filter((p) => /[^\x20-\x7e]/.test(p.full_name)).length;
    expect(share(withDiacritics, persons.length)).toBeGreaterThan(0.9);
    const wrong = persons.filter((p) => {
      const words = p.full_name.split(' ');
      const middle = words.slice(1, -1);
      const fatherFamily = p.fatherId ? byId.get(p.fatherId)?.full_name.split(' ')[0] : words[0];
      return (
        words.length < 2 ||
        (p.sex === 1 && middle.includes('Thị')) ||
        (p.sex === 2 && middle.includes('Văn')) ||
        words[0] !== fatherFamily
      );
    });
    expect(wrong).toEqual([]);
    expect(persons.filter((p) => p.fatherId).length).toBeGreaterThan(persons.length / 3);
  });

  it('is mostly Nùng and Tày, with Kinh and Dao', () => {
    const count = (code: string) => persons.filter((p) => p.ethnicity_code === code).length;
    expect(share(count('07') + count('02'), persons.length)).toBeGreaterThan(0.6);
    expect(share(count('01'), persons.length)).toBeGreaterThan(0.08);
    expect(share(count('09'), persons.length)).toBeGreaterThan(0.01);
    expect(persons.filter((p) => !/^\d{2}$/.test(p.ethnicity_code))).toEqual([]);
  });

  it('gives Nguyễn as the commonest Kinh family name and Tày–Nùng names to Tày and Nùng', () => {
    const familyCounts = (ethnicity: string[]) => {
      const counts = new Map<string, number>();
      for (const p of persons) {
        if (!ethnicity.includes(p.ethnicity_code)) continue;
        const family = p.full_name.split(' ')[0] as string;
        counts.set(family, (counts.get(family) ?? 0) + 1);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1]);
    };
    const kinh = familyCounts(['01']);
    expect(kinh[0]?.[0]).toBe('Nguyễn');
    const tayNung = familyCounts(['02', '07'])
      .slice(0, 5)
      .map(([name]) => name);
    expect(tayNung).toContain('Hoàng');
    expect(tayNung).toContain('Nông');
  });

  it('gives plausible education, residence, insurance numbers and personal IDs', () => {
    let insured = 0;
    let adults = 0;
    let adultsWithId = 0;
    const ids = new Set<string>();
    const problems: string[] = [];
    const problem = (p: GeneratedPerson, what: string) => problems.push(`${what}: ${p.id}`);
    for (const p of persons) {
      const age = ageOf(p);
      if (age < 6 && p.education_code !== null) problem(p, 'education under 6');
      if (age >= 6 && age <= 10 && p.education_code !== 'primary') problem(p, 'education 6-10');
      if ((p.education_code === 'university' || p.education_code === 'postgraduate') && age < 18) {
        problem(p, 'graduate under 18');
      }
      if (!['permanent', 'temporary', 'temporarily_absent'].includes(p.residence_status))
        problem(p, 'residence');
      if (p.insurance_number) {
        insured += 1;
        if (!/^[A-Z]{2}[1-5]20\d{10}$/.test(p.insurance_number)) problem(p, 'insurance number');
      }
      if (age >= 18) adults += 1;
      if (p.personal_id) {
        if (age >= 18) adultsWithId += 1;
        const year = Number(p.birth_date.slice(0, 4));
        if (
          !/^0\d{2}[0-3]\d{8}$/.test(p.personal_id) ||
          p.personal_id.slice(3, 4) !== String((year >= 2000 ? 2 : 0) + p.sex - 1) ||
          p.personal_id.slice(4, 6) !== String(year % 100).padStart(2, '0') ||
          ids.has(p.personal_id)
        ) {
          problem(p, 'personal id');
        }
        ids.add(p.personal_id);
      }
      if (p.birth_date_precision === 'year' && (age < 80 || p.birth_date.slice(5) !== '07-01')) {
        problem(p, 'year-only birth date');
      }
    }
    expect(problems).toEqual([]);
    expect(share(insured, persons.length)).toBeGreaterThan(0.85);
    expect(share(insured, persons.length)).toBeLessThan(0.95);
    expect(share(adultsWithId, adults)).toBeGreaterThan(0.75);
    expect(share(adultsWithId, adults)).toBeLessThan(0.85);
    expect(persons.some((p) => p.birth_date_precision === 'year')).toBe(true);
    expect(persons.filter((p) => p.residence_status === 'permanent').length / persons.length).toBeGreaterThan(
      0.85,
    );
  });

  it("writes only codes of the register's code lists", () => {
    const lists = defaultRegisterCodeLists;
    const unknown = persons.filter(
      (p) =>
        !isKnownCode(lists.ethnicity, p.ethnicity_code) ||
        (p.education_code !== null && !isKnownCode(lists.education, p.education_code)) ||
        !isKnownCode(lists.relationToHead, p.relation_to_head) ||
        !isKnownCode(lists.maritalStatus, p.marital_status) ||
        !isKnownCode(lists.residenceStatus, p.residence_status) ||
        !isKnownCode(lists.sex, p.sex),
    );
    expect(unknown).toEqual([]);
    for (const mix of [...Object.values(provinceEthnicMix), defaultEthnicMix]) {
      expect(Object.keys(mix).filter((code) => !isKnownCode(lists.ethnicity, code))).toEqual([]);
    }
  });

  it('makes valid, unique ids', () => {
    const all = [
      ...persons.map((p) => p.id),
      ...households.map((h) => h.id),
      ...generated.areas.map((a) => a.id),
      ...generated.hamlets.map((h) => h.id),
    ];
    expect(all.filter((id) => !uuidPattern.test(id))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('picks a woman of the area as its collaborator', () => {
    expect(rows.collaborators).toHaveLength(generated.areas.length);
    const women = new Set(persons.filter((p) => p.sex === 2).map((p) => p.full_name));
    expect(rows.collaborators.filter((name) => !women.has(name))).toEqual([]);
  });
});

describe('generateProvince: other provinces', () => {
  it('makes Hồ Chí Minh City mostly Kinh with Hoa and Khơ-me, in khu phố and ấp, with southern names', () => {
    const { persons, generated } = generate('79', 30_000, 3);
    const count = (code: string) => persons.filter((p) => p.ethnicity_code === code).length;
    expect(share(count('01'), persons.length)).toBeGreaterThan(0.85);
    expect(count('04')).toBeGreaterThan(0);
    for (const h of generated.hamlets) expect(h.name).toMatch(/^(Khu phố|Ấp) /);
    const huynh = persons.filter((p) => p.full_name.startsWith('Huỳnh ')).length;
    const hoang = persons.filter((p) => p.full_name.startsWith('Hoàng ')).length;
    expect(huynh).toBeGreaterThan(hoang);
  });

  it('gives provinces without their own table a mostly Kinh population', () => {
    const { persons } = generate('33', 5000, 3);
    expect(share(persons.filter((p) => p.ethnicity_code === '01').length, persons.length)).toBeGreaterThan(
      0.9,
    );
  });
});
