import { normalizeName } from '@danso/domain';
import {
  adultEducation,
  bornElsewhereShare,
  type EducationCode,
  educationCodes,
  householdSizes,
  insuranceObjects,
  insuredShare,
  maxAge,
  personalIdShare,
  referenceDate,
  ruralMinorityEducationFactor,
  temporarilyAbsentAges,
  temporarilyAbsentShare,
  temporaryHouseholdShare,
  urbanEducationBoost,
  yearOnlyBirthShareOver80,
} from './data/demography.ts';
import { ethnicMixOf, kinhCode, urbanKinhFactor } from './data/ethnicities.ts';
import {
  highlandFirstWords,
  highlandProvinces,
  highlandSecondWords,
  lowlandHamletNames,
  southernHamletNames,
  southernProvinces,
} from './data/places.ts';
import { dayOf, dayOfIso, isoOfDay } from './dates.ts';
import { buildFamily, type Member, pageOrder } from './families.ts';
import { IdMaker } from './ids.ts';
import { NameMaker } from './naming.ts';
import type { CommunePlan, SeedPlan } from './plan.ts';
import { AgeSexQuota } from './quota.ts';
import { Random, Weighted } from './random.ts';
import type {
  AreaListingRow,
  AreaRow,
  GeneratedPerson,
  HamletKind,
  HamletRow,
  HouseholdRow,
} from './rows.ts';

/** One area's households and people, generated together and written as one slice. */
export interface AreaBatch {
  area: AreaRow;
  households: HouseholdRow[];
  persons: GeneratedPerson[];
  /** The area's collaborator: a woman of 25–55 living in it. */
  collaboratorName: string;
}

export interface CommuneLayout {
  hamlets: HamletRow[];
  areas: AreaRow[];
  listings: AreaListingRow[];
}

const areaSize = { min: 100, max: 400 } as const;
/** Share of a hamlet's households that belong to its leading people (assumption). */
const hamletLeadShare = 0.7;
/** Only peoples with at least this share of the commune lead hamlets of their own. */
const clusteredGroupMinShare = 0.03;
const referenceDay = dayOfIso(referenceDate);
const referenceYear = Number(referenceDate.slice(0, 4));
/** Birth dates of single age a lie in (reference − a − 1 years, reference − a years]. */
const birthWindowStart: number[] = [];
const birthWindowLength: number[] = [];
for (let age = 0; age <= maxAge; age++) {
  const start = dayOf(referenceYear - age - 1, 7, 2);
  birthWindowStart.push(start);
  birthWindowLength.push(dayOf(referenceYear - age, 7, 1) - start + 1);
}
const bookOpened = dayOf(2021, 1, 4);
const lateHouseholdsFrom = dayOf(2021, 4, 1);

/** Tables shared by every commune of one province, built once. */
export class ProvinceTables {
  readonly names: NameMaker;
  readonly householdSizes = new Weighted(householdSizes);
  readonly ethnicMix: ReadonlyArray<readonly [string, number]>;
  readonly highland: { banShare: number } | undefined;
  readonly southern: boolean;
  /** Education tables by [age band][urban][minority], and insurance object codes by age. */
  private readonly education: Weighted<EducationCode>[][][];
  private readonly educationBand: Int8Array;
  readonly insuranceByAge: Weighted<string>[];
  readonly otherProvinces: string[];

  constructor(
    readonly plan: SeedPlan,
    allProvinceCodes: readonly string[],
  ) {
    const code = plan.province.code;
    this.names = new NameMaker(code);
    this.ethnicMix = ethnicMixOf(code);
    this.highland = highlandProvinces[code];
    this.southern = southernProvinces.has(code);
    this.otherProvinces = allProvinceCodes.filter((c) => c !== code);
    if (this.otherProvinces.length === 0) this.otherProvinces.push(code);

    this.education = adultEducation.map((band) =>
      [false, true].map((urban) =>
        [false, true].map(
          (minority) =>
            new Weighted(
              educationCodes.map((code) => {
                let w = band.weights[code];
                if (urban) w *= urbanEducationBoost[code];
                else if (minority) w *= ruralMinorityEducationFactor[code];
                return [code, w] as const;
              }),
            ),
        ),
      ),
    );
    this.educationBand = new Int8Array(maxAge + 1);
    const insuranceBands = insuranceObjects.map((band) => new Weighted(band.codes));
    this.insuranceByAge = [];
    for (let age = 0; age <= maxAge; age++) {
      this.educationBand[age] = Math.max(
        0,
        adultEducation.findLastIndex((b) => age >= b.minAge),
      );
      const band = insuranceObjects.findLastIndex((b) => age >= b.minAge);
      this.insuranceByAge.push(insuranceBands[Math.max(0, band)] as Weighted<string>);
    }
  }

  educationTable(age: number, urban: boolean, minority: boolean): Weighted<EducationCode> {
    const band = this.education[this.educationBand[age] as number] as Weighted<EducationCode>[][];
    return (band[urban ? 1 : 0] as Weighted<EducationCode>[])[minority ? 1 : 0] as Weighted<EducationCode>;
  }
}

/** Splits `total` into `parts` positive sizes, each jittered around the mean. */
function partition(random: Random, total: number, parts: number, jitter: number): number[] {
  const weights = Array.from({ length: parts }, () => 1 - jitter + 2 * jitter * random.float());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % parts) {
    const s = sizes[i] as number;
    if (diff > 0) {
      sizes[i] = s + 1;
      diff -= 1;
    } else if (s > 1) {
      sizes[i] = s - 1;
      diff += 1;
    }
  }
  return sizes;
}

function communeTypeLabel(name: string, unitType: string): string {
  if (/^(Xã|Phường|Đặc khu|Thị trấn)\s/.test(name)) return name;
  const prefix = unitType === 'ward' ? 'Phường' : unitType === 'special_zone' ? 'Đặc khu' : 'Xã';
  return `${prefix} ${name}`;
}

/**
 * Generates one commune: its hamlets and areas first (the layout), then its households and people
 * area by area. Each commune draws from its own generator keyed by seed and commune code, so a commune
 * comes out the same whatever else is seeded.
 */
export class CommuneGenerator {
  readonly layout: CommuneLayout;
  private readonly random: Random;
  private readonly quota: AgeSexQuota;
  private readonly sizes: number[];
  private readonly areaStarts: number[] = [];
  private readonly hamletOfHousehold: Int32Array;
  private readonly hamletEthnicity: string[] = [];
  private readonly communeMix: Weighted<string>;
  private readonly hamletLeadMix: Weighted<string>;
  private readonly residualMix: Weighted<string>;
  private readonly urban: boolean;
  private readonly communeName: string;
  private readonly personIds: IdMaker;
  private readonly householdIds: IdMaker;
  // Scratch state of the household being generated.
  private family: Member[] = [];
  private householdEthnicity = '';
  private founders = 0;
  private readonly ethnicity: string[] = [];
  private readonly familyName: string[] = [];
  private readonly absentFatherName: string[] = [];
  private personCounter = 0;
  private householdCounter = 0;
  private insuranceCounter = 0;
  /** Personal ID numbers: each commune owns a slice of the 6-digit serial space per prefix. */
  private readonly idSerials = new Map<number, { prefix: string; used: number }>();
  private readonly idSliceStart: number;
  private readonly idSliceSize: number;
  private readonly serialSliceSize: number;

  constructor(
    private readonly tables: ProvinceTables,
    private readonly communePlan: CommunePlan,
  ) {
    const { plan } = tables;
    const { commune } = communePlan;
    const provinceCode = plan.province.code;
    this.random = new Random(`${plan.seed}:${commune.code}`);
    this.quota = new AgeSexQuota(communePlan.people);
    this.urban = commune.urbanity === 'urban';
    this.communeName = communeTypeLabel(commune.name, commune.unitType);
    this.personIds = new IdMaker(plan.seed, 'person', provinceCode, commune.code);
    this.householdIds = new IdMaker(plan.seed, 'household', provinceCode, commune.code);
    this.idSliceSize = Math.floor(1_000_000 / plan.communes.length);
    this.idSliceStart = communePlan.ordinal * this.idSliceSize;
    this.serialSliceSize = Math.floor(100_000_000 / plan.communes.length);

    // Some variety between communes, and wards are mostly Kinh.
    const mix = tables.ethnicMix.map(([code, share]) => {
      let w = share * Math.exp(0.4 * this.random.normal());
      if (this.urban && code === kinhCode) w *= urbanKinhFactor;
      return [code, w] as const;
    });
    this.communeMix = new Weighted(mix);
    // Villages of one people: a hamlet is led by one of the larger groups, and most of its households
    // belong to it. The rest are drawn from what remains of the mix, so the commune's shares still hold
    // while small groups stay scattered (a single small group's hamlet would skew a small seed).
    const total = mix.reduce((sum, [, w]) => sum + w, 0);
    const large = mix.filter(([, w]) => w / total >= clusteredGroupMinShare);
    const largeTotal = large.reduce((sum, [, w]) => sum + w, 0);
    this.hamletLeadMix = new Weighted(large.length > 0 ? large : mix);
    const leadFactor = large.length > 0 ? (hamletLeadShare * total) / largeTotal : 0;
    this.residualMix = new Weighted(
      mix.map(([code, w]) => {
        const led = large.some(([c]) => c === code) ? w * leadFactor : 0;
        return [code, Math.max(0, w - led) / (1 - hamletLeadShare)] as const;
      }),
    );

    this.sizes = [];
    let placed = 0;
    while (placed < communePlan.people) {
      const size = Math.min(tables.householdSizes.draw(this.random), communePlan.people - placed);
      this.sizes.push(size);
      placed += size;
    }
    const households = this.sizes.length;
    this.hamletOfHousehold = new Int32Array(households);
    this.layout = this.buildLayout(households);
  }

  private buildLayout(households: number): CommuneLayout {
    const { random, tables } = this;
    const { plan } = tables;
    const provinceCode = plan.province.code;
    const communeCode = this.communePlan.commune.code;

    // Hamlets: a rural thôn has 90–200 households here, an urban tổ dân phố 150–300.
    const hamletTarget = this.urban ? random.between(150, 300) : random.between(90, 200);
    const hamletCount = Math.max(1, Math.round(households / hamletTarget));
    const hamletSizes = partition(random, households, hamletCount, 0.35);
    const hamletIds = new IdMaker(plan.seed, 'hamlet', provinceCode, communeCode);
    const hamlets: HamletRow[] = [];
    const used = new Set<string>();
    const numbered = random.chance(0.35);
    const hamletEnds: number[] = [];
    let end = 0;
    hamletSizes.forEach((size, i) => {
      const ethnicity = this.hamletLeadMix.draw(random);
      this.hamletEthnicity.push(ethnicity);
      const { name, kind } = this.hamletName(i + 1, ethnicity, numbered, used);
      used.add(name);
      hamlets.push({
        id: hamletIds.id(i),
        province_code: provinceCode,
        commune_code: communeCode,
        name,
        kind,
      });
      this.hamletOfHousehold.fill(i, end, end + size);
      end += size;
      hamletEnds.push(end);
    });

    // Areas: 100–400 households each, their borders moved onto a hamlet's border when one is near.
    const target = random.between(180, 320);
    let areaCount = Math.max(1, Math.round(households / target));
    const fewest = Math.ceil(households / areaSize.max);
    const most = Math.floor(households / areaSize.min);
    if (most >= fewest) areaCount = Math.min(Math.max(areaCount, fewest), most);
    const mean = households / areaCount;
    let previous = 0;
    this.areaStarts.push(0);
    for (let i = 1; i < areaCount; i++) {
      const left = areaCount - i;
      const lo = Math.max(previous + areaSize.min, households - areaSize.max * left);
      const hi = Math.min(previous + areaSize.max, households - areaSize.min * left);
      let border = Math.min(Math.max(Math.round(i * mean), lo), hi);
      let nearest = -1;
      for (const e of hamletEnds) {
        if (e >= lo && e <= hi && (nearest < 0 || Math.abs(e - border) < Math.abs(nearest - border)))
          nearest = e;
      }
      if (nearest >= 0 && Math.abs(nearest - border) <= mean * 0.25) border = nearest;
      this.areaStarts.push(border);
      previous = border;
    }
    this.areaStarts.push(households);

    const areaIds = new IdMaker(plan.seed, 'area', provinceCode, communeCode);
    const areas: AreaRow[] = [];
    const listings: AreaListingRow[] = [];
    for (let a = 0; a < areaCount; a++) {
      const number = a + 1;
      const area: AreaRow = {
        id: areaIds.id(a),
        province_code: provinceCode,
        commune_code: communeCode,
        number,
        name: `Địa bàn số ${number}`,
      };
      areas.push(area);
      const from = this.areaStarts[a] as number;
      const to = this.areaStarts[a + 1] as number;
      let seq = 0;
      let start = from;
      while (start < to) {
        const hamlet = this.hamletOfHousehold[start] as number;
        let stop = start;
        while (stop < to && this.hamletOfHousehold[stop] === hamlet) stop++;
        seq += 1;
        listings.push({
          area_id: area.id,
          seq,
          hamlet_id: (hamlets[hamlet] as HamletRow).id,
          street: null,
          household_from: start - from + 1,
          household_to: stop - from,
          province_code: provinceCode,
          commune_code: communeCode,
        });
        start = stop;
      }
    }
    return { hamlets, areas, listings };
  }

  private hamletName(
    index: number,
    ethnicity: string,
    numbered: boolean,
    used: ReadonlySet<string>,
  ): { name: string; kind: HamletKind } {
    const { random, tables } = this;
    if (this.urban) {
      return tables.southern
        ? { name: `Khu phố ${index}`, kind: 'khu_pho' }
        : { name: `Tổ dân phố ${index}`, kind: 'to_dan_pho' };
    }
    let kind: HamletKind = tables.southern ? 'ap' : 'thon';
    const highlandStyle = tables.highland !== undefined && ethnicity !== kinhCode;
    if (highlandStyle && random.chance(tables.highland?.banShare ?? 0)) kind = 'ban';
    const prefix = kind === 'ap' ? 'Ấp' : kind === 'ban' ? 'Bản' : 'Thôn';
    if (numbered && !highlandStyle) return { name: `${prefix} ${index}`, kind };
    for (let attempt = 0; attempt < 20; attempt++) {
      let place: string;
      if (highlandStyle) {
        const first = random.pick(highlandFirstWords);
        if (kind === 'ban' && first === 'Bản') continue;
        place = `${first} ${random.pick(highlandSecondWords)}`;
      } else {
        place = random.pick(tables.southern ? southernHamletNames : lowlandHamletNames);
      }
      const name = `${prefix} ${place}`;
      if (!used.has(name)) return { name, kind };
    }
    return { name: `${prefix} ${index}`, kind };
  }

  /** The areas' households and people, one area at a time (kept small so writing can start early). */
  *areaBatches(): Generator<AreaBatch> {
    for (let a = 0; a < this.layout.areas.length; a++) yield this.generateArea(a);
  }

  private generateArea(a: number): AreaBatch {
    const area = this.layout.areas[a] as AreaRow;
    const from = this.areaStarts[a] as number;
    const to = this.areaStarts[a + 1] as number;
    const households: HouseholdRow[] = [];
    const persons: GeneratedPerson[] = [];
    let collaborator: string | null = null;
    let candidates = 0;
    for (let k = from; k < to; k++) {
      const { household, members } = this.generateHousehold(area, k, k - from + 1);
      households.push(household);
      for (const [person, age] of members) {
        persons.push(person);
        // Reservoir sampling picks one eligible woman uniformly without a second pass.
        if (person.sex === 2 && age >= 25 && age <= 55) {
          candidates += 1;
          if (this.random.int(candidates) === 0) collaborator = person.full_name;
        }
      }
    }
    if (collaborator === null) {
      const ethnicity = this.communeMix.draw(this.random);
      collaborator = `${this.tables.names.familyName(this.random, ethnicity)} ${this.tables.names.personalName(this.random, ethnicity, 2, 40)}`;
    }
    return { area, households, persons, collaboratorName: collaborator };
  }

  private generateHousehold(
    area: AreaRow,
    index: number,
    number: number,
  ): { household: HouseholdRow; members: Array<[GeneratedPerson, number]> } {
    const { random, tables } = this;
    const { names } = tables;
    const provinceCode = tables.plan.province.code;
    const communeCode = this.communePlan.commune.code;
    const family = buildFamily(random, this.quota, this.sizes[index] as number);
    const m = family.members;
    const n = m.length;
    const hamletIndex = this.hamletOfHousehold[index] as number;
    const hamlet = this.layout.hamlets[hamletIndex] as HamletRow;
    const householdEthnicity = random.chance(hamletLeadShare)
      ? (this.hamletEthnicity[hamletIndex] as string)
      : this.residualMix.draw(random);

    this.family = m;
    this.householdEthnicity = householdEthnicity;
    this.founders = 0;
    this.ethnicity.length = 0;
    this.familyName.length = 0;
    this.absentFatherName.length = 0;
    for (let i = 0; i < n; i++) {
      this.ethnicity.push('');
      this.familyName.push('');
      this.absentFatherName.push('');
    }

    const householdId = this.householdIds.id(this.householdCounter++);
    const order = pageOrder(m);
    const ids: string[] = new Array(n);
    for (const i of order) ids[i] = this.personIds.id(this.personCounter++);
    const temporary = random.chance(
      this.urban ? temporaryHouseholdShare.urban : temporaryHouseholdShare.rural,
    );
    const fullNames = new Set<string>();
    const members: Array<[GeneratedPerson, number]> = [];

    for (let row = 0; row < n; row++) {
      const i = order[row] as number;
      const p = m[i] as Member;
      const e = this.ethnicityOf(i);
      const family = this.familyNameOf(i);
      let fullName = `${family} ${names.personalName(random, e, p.sex, p.age)}`;
      if (fullNames.has(fullName)) fullName = `${family} ${names.personalName(random, e, p.sex, p.age)}`;
      fullNames.add(fullName);

      let birthDay = (birthWindowStart[p.age] as number) + random.int(birthWindowLength[p.age] as number);
      let precision: 'day' | 'year' = 'day';
      if (p.age >= 80 && random.chance(yearOnlyBirthShareOver80)) {
        // Only the year is known; the date is set to 1 July of that year, which keeps the age.
        birthDay = dayOf(referenceYear - p.age, 7, 1);
        precision = 'year';
      }

      const birthDate = isoOfDay(birthDay);
      let residence: GeneratedPerson['residence_status'] = 'permanent';
      if (temporary) residence = 'temporary';
      else if (
        p.age >= temporarilyAbsentAges.min &&
        p.age <= temporarilyAbsentAges.max &&
        random.chance(temporarilyAbsentShare)
      )
        residence = 'temporarily_absent';

      members.push([
        {
          id: ids[i] as string,
          province_code: provinceCode,
          commune_code: communeCode,
          area_id: area.id,
          household_id: householdId,
          row_number: row + 1,
          full_name: fullName,
          relation_to_head: p.relation,
          sex: p.sex,
          birth_date: birthDate,
          birth_date_precision: precision,
          ethnicity_code: e,
          education_code: this.education(p.age, e),
          marital_status: p.marital,
          residence_status: residence,
          insurance_number: this.insuranceNumber(p.age, e),
          personal_id: this.personalId(p.sex, p.age, birthDate),
          search_name: normalizeName(fullName),
          mother_id: p.mother >= 0 && !p.adopted ? (ids[p.mother] as string) : null,
          motherId: p.mother >= 0 && !p.adopted ? (ids[p.mother] as string) : null,
          fatherId: p.father >= 0 && !p.adopted ? (ids[p.father] as string) : null,
        },
        p.age,
      ]);
    }

    const createdDay = random.chance(0.75)
      ? bookOpened + random.int(60)
      : lateHouseholdsFrom + random.int(referenceDay - lateHouseholdsFrom);
    const address = this.urban
      ? `Số ${random.between(1, 250)}, ${hamlet.name}, ${this.communeName}`
      : `${hamlet.name}, ${this.communeName}`;
    const household: HouseholdRow = {
      id: householdId,
      province_code: provinceCode,
      commune_code: communeCode,
      area_id: area.id,
      hamlet_id: hamlet.id,
      code: `${communeCode}-${area.number}-${number}`,
      number,
      address,
      head_person_id: ids[family.head] as string,
      created_on: isoOfDay(createdDay),
    };
    return { household, members };
  }

  // Ethnicity and family name follow the father (or the mother when he is not in the household);
  // people who married into the family have their own. Links point to older members, so this ends.
  private ethnicityOf(i: number): string {
    const known = this.ethnicity[i] as string;
    if (known !== '') return known;
    const p = this.family[i] as Member;
    let e: string;
    if (p.father >= 0) e = this.ethnicityOf(p.father);
    else if (p.mother >= 0) e = this.ethnicityOf(p.mother);
    else if (p.grandparentOf >= 0) e = this.ethnicityOf(p.grandparentOf);
    else {
      this.founders += 1;
      e =
        this.founders === 1 || this.random.chance(0.85)
          ? this.householdEthnicity
          : this.communeMix.draw(this.random);
    }
    this.ethnicity[i] = e;
    return e;
  }

  private familyNameOf(i: number): string {
    const known = this.familyName[i] as string;
    if (known !== '') return known;
    const p = this.family[i] as Member;
    const { names } = this.tables;
    let f: string;
    if (p.father >= 0) f = this.familyNameOf(p.father);
    else if (p.mother >= 0) {
      // Children of a mother whose husband is not here share his (drawn) family name.
      f = this.absentFatherName[p.mother] || names.familyName(this.random, this.ethnicityOf(i));
      this.absentFatherName[p.mother] = f;
    } else if (p.grandparentOf >= 0 && this.random.chance(0.7)) f = this.familyNameOf(p.grandparentOf);
    else f = names.familyName(this.random, this.ethnicityOf(i));
    this.familyName[i] = f;
    return f;
  }

  /** Highest level reached; under-6s have none recorded, school-age children are at their level. */
  private education(age: number, ethnicity: string): EducationCode | null {
    if (age < 6) return null;
    if (age <= 10) return 'primary';
    if (age <= 14) return 'lower_secondary';
    if (age <= 17) return this.random.chance(0.85) ? 'upper_secondary' : 'lower_secondary';
    return this.tables.educationTable(age, this.urban, ethnicity !== kinhCode).draw(this.random);
  }

  /** E.g. GD4 20 2012345678: object code, benefit level, province, 10-digit social-insurance number. */
  private insuranceNumber(age: number, ethnicity: string): string | null {
    if (!this.random.chance(insuredShare)) return null;
    const province = this.tables.plan.province.code;
    if (this.insuranceCounter >= this.serialSliceSize) return null;
    // Each commune owns a slice of 0..10^8−1; a bijection on that range scatters the serials while
    // keeping them unique within the province.
    const serial = this.communePlan.ordinal * this.serialSliceSize + this.insuranceCounter++;
    const scattered = (serial * 48_271 + 12_345_679) % 100_000_000;
    let object = (this.tables.insuranceByAge[age] as Weighted<string>).draw(this.random);
    // The ethnic-minority code is for minorities only.
    if (object === 'DT2' && ethnicity === kinhCode) object = 'GD4';
    return `${object}${province}${province}${String(scattered).padStart(8, '0')}`;
  }

  /**
   * The 12-digit number: birth-province code (3 digits), sex-and-century digit (0/1 = man/woman born
   * 1900–1999, 2/3 = born 2000–2099), 2-digit birth year, 6-digit serial.
   */
  private personalId(sex: 1 | 2, age: number, birthDate: string): string | null {
    const share =
      age >= 18 ? personalIdShare.adult : age >= 14 ? personalIdShare.from14 : personalIdShare.child;
    if (!this.random.chance(share)) return null;
    const year = Number(birthDate.slice(0, 4));
    if (year < 1900) return null;
    const province = this.random.chance(bornElsewhereShare)
      ? this.random.pick(this.tables.otherProvinces)
      : this.tables.plan.province.code;
    const sexCentury = (year >= 2000 ? 2 : 0) + sex - 1;
    const key = Number(province) * 1000 + sexCentury * 100 + (year % 100);
    let counter = this.idSerials.get(key);
    if (counter === undefined) {
      counter = { prefix: `0${province}${sexCentury}${String(year % 100).padStart(2, '0')}`, used: 0 };
      this.idSerials.set(key, counter);
    }
    if (counter.used >= this.idSliceSize) return null;
    // A bijection on 0..10^6−1 (offset by the prefix) scatters the serials while keeping them unique.
    const serial = ((this.idSliceStart + counter.used++) * 7_919 + key * 104_729) % 1_000_000;
    return counter.prefix + String(serial).padStart(6, '0');
  }
}
