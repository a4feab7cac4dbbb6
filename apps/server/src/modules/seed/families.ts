import { marriageAge, motherAgeAtBirth } from './data/demography.ts';
import type { AgeSexQuota, Sex } from './quota.ts';
import type { Random } from './random.ts';

export const relations = [
  'head',
  'spouse',
  'child',
  'adopted_child',
  'child_in_law',
  'parent',
  'grandchild',
  'other',
] as const;
export type Relation = (typeof relations)[number];

export const maritalStatuses = ['never_married', 'married', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof maritalStatuses)[number];

/** One member of a synthetic household, linked to the others by index (−1 = not in the household). */
export interface Member {
  sex: Sex;
  age: number;
  father: number;
  mother: number;
  spouse: number;
  /** Adopted by the couple: no birth link is recorded, though the age still fits. */
  adopted: boolean;
  /** For a grandchild living with a grandparent without the parents in between. */
  grandparentOf: number;
  relation: Relation;
  marital: MaritalStatus;
}

/** A household: its members in creation order (parents before children) and the head's index. */
export interface Family {
  members: Member[];
  head: number;
}

// Ages at birth as completed years, one year inside the 18–45 bounds on each side, because the birth
// dates are later drawn anywhere inside the two single-year windows.
const minGap = motherAgeAtBirth.min + 1;
const maxGap = motherAgeAtBirth.max - 1;
const minFatherGap = 20;
/** Unmarried children living with their parents are drawn up to this age (assumption). */
const oldestChildAtHome = 32;
const maxFatherGap = 60;
const adoptedShare = 0.012;
const otherRelativeShare = 0.05;

/** A husband is drawn near three years older than his wife (assumption; the census shows 2–4). */
const husbandOlderBy = 3;

class Builder {
  readonly members: Member[] = [];
  constructor(
    private readonly random: Random,
    private readonly quota: AgeSexQuota,
  ) {}

  private add(sex: Sex, age: number): number {
    this.members.push({
      sex,
      age,
      father: -1,
      mother: -1,
      spouse: -1,
      adopted: false,
      grandparentOf: -1,
      relation: 'other',
      marital: 'never_married',
    });
    return this.members.length - 1;
  }

  person(sex: Sex | null, lo: number, hi: number, near?: number, apart?: readonly number[]): number | null {
    const drawn = this.quota.draw(this.random, sex, lo, hi, near, apart);
    return drawn ? this.add(drawn.sex, drawn.age) : null;
  }

  /** Anyone at all (the fallback that keeps the household at its drawn size). */
  anyone(lo = 0, hi = 104): number {
    return this.person(null, lo, hi) as number;
  }

  /** A married couple; the wife's age in [wifeLo, wifeHi]. Returns [husband, wife]. */
  couple(wifeLo: number, wifeHi: number): [number, number] {
    return this.pair(wifeLo, wifeHi, marriageAge.male, 104);
  }

  /**
   * A married couple within the given age ranges. Either spouse is drawn first, the other near the
   * usual age difference: always starting from the wife would let wives' ages decide the husbands',
   * and too few men in their thirties would be used.
   */
  pair(wifeLo: number, wifeHi: number, husbandLo: number, husbandHi: number): [number, number] {
    const wLo = Math.max(marriageAge.female, wifeLo);
    const hLo = Math.max(marriageAge.male, husbandLo);
    let husband: number;
    let wife: number;
    if (this.random.chance(0.5)) {
      husband =
        this.person(1, Math.max(hLo, wLo - 4), Math.min(husbandHi, wifeHi + 15)) ??
        this.person(1, hLo, husbandHi) ??
        this.anyoneOf(1, marriageAge.male);
      const h = this.at(husband).age;
      wife =
        this.person(2, Math.max(wLo, h - 15), Math.min(wifeHi, h + 4), h - husbandOlderBy) ??
        this.person(2, wLo, wifeHi) ??
        this.anyoneOf(2, marriageAge.female);
    } else {
      wife =
        this.person(2, Math.max(wLo, hLo - 15), Math.min(wifeHi, husbandHi + 4)) ??
        this.person(2, wLo, wifeHi) ??
        this.anyoneOf(2, marriageAge.female);
      const w = this.at(wife).age;
      husband =
        this.person(1, Math.max(hLo, w - 4), Math.min(husbandHi, w + 15), w + husbandOlderBy) ??
        this.person(1, hLo, husbandHi) ??
        this.anyoneOf(1, marriageAge.male);
    }
    this.marry(husband, wife);
    return [husband, wife];
  }

  /** Someone of this sex from `lo` up: the quota always answers a range this wide. */
  anyoneOf(sex: Sex, lo: number): number {
    return this.person(sex, lo, 104) as number;
  }

  /**
   * A couple with `count` children, the children drawn first: their ages then follow the pyramid,
   * and the parents are drawn among the ages that fit them. Returns [husband, wife].
   */
  coupleWithChildren(count: number): [number, number] {
    const span = maxGap - minGap;
    const ages: number[] = [];
    const children: number[] = [];
    let lo = 0;
    let hi = oldestChildAtHome;
    for (let k = 0; k < count; k++) {
      const c = this.person(null, lo, hi, undefined, ages);
      if (c === null) break;
      const age = this.at(c).age;
      children.push(c);
      ages.push(age);
      // One mother's children are born within `span` years of each other.
      lo = Math.max(lo, age - span);
      hi = Math.min(hi, age + span);
    }
    if (children.length === 0) return this.couple(marriageAge.female, 104);
    const eldest = Math.max(...ages);
    const youngest = Math.min(...ages);
    const [husband, wife] = this.pair(
      eldest + minGap,
      youngest + maxGap,
      eldest + minFatherGap,
      youngest + maxFatherGap,
    );
    for (const c of children) {
      this.at(c).mother = wife;
      this.at(c).father = husband;
    }
    return [husband, wife];
  }

  marry(a: number, b: number): void {
    this.at(a).spouse = b;
    this.at(b).spouse = a;
  }

  /** A spouse for someone already in the household, of the other sex and a plausible age. */
  spouseFor(partner: number): number | null {
    const p = this.at(partner);
    let spouse: number | null;
    if (p.sex === 1) {
      spouse = this.person(2, Math.max(marriageAge.female, p.age - 15), p.age + 4, p.age - husbandOlderBy);
    } else {
      spouse = this.person(1, Math.max(marriageAge.male, p.age - 4), p.age + 15, p.age + husbandOlderBy);
    }
    if (spouse !== null) this.marry(partner, spouse);
    return spouse;
  }

  /** The age range of a child of this mother (and father, when known); null when there is none. */
  childAges(mother: number, father: number): [number, number] | null {
    let lo = 0;
    let hi = 104;
    if (mother >= 0) {
      const m = this.at(mother).age;
      lo = Math.max(lo, m - maxGap);
      hi = Math.min(hi, m - minGap);
    }
    if (father >= 0) {
      const f = this.at(father).age;
      lo = Math.max(lo, f - maxFatherGap);
      hi = Math.min(hi, f - minFatherGap);
    }
    return lo <= hi ? [lo, hi] : null;
  }

  /** A child of the given parents (either may be −1), kept a year or more apart from its siblings. */
  child(mother: number, father: number, sex: Sex | null = null, range?: [number, number]): number | null {
    const ages = range ?? this.childAges(mother, father);
    if (!ages) return null;
    let siblingAges: number[] | undefined;
    for (const m of this.members) {
      if ((mother >= 0 && m.mother === mother) || (father >= 0 && m.father === father)) {
        siblingAges ??= [];
        siblingAges.push(m.age);
      }
    }
    const c = this.person(sex, ages[0], ages[1], undefined, siblingAges);
    if (c === null) return null;
    const m = this.at(c);
    m.mother = mother;
    m.father = father;
    return c;
  }

  /** Fills the household up to `size` with children of the couple, then other relatives. */
  fillWithChildren(size: number, mother: number, father: number): void {
    while (this.members.length < size) {
      const c = this.child(mother, father);
      if (c === null) break;
    }
    this.fillWithOthers(size);
  }

  fillWithOthers(size: number): void {
    while (this.members.length < size) this.anyone();
  }

  at(i: number): Member {
    return this.members[i] as Member;
  }
}

/** Builds one household of `size` people. */
export function buildFamily(random: Random, quota: AgeSexQuota, size: number): Family {
  const b = new Builder(random, quota);
  let head: number;
  const r = random.float();

  if (size === 1) {
    head = r < 0.55 ? b.anyone(60) : b.anyone(18, 59);
  } else if (size === 2) {
    if (r < 0.62) {
      const [husband, wife] = b.couple(18, 95);
      head = random.chance(0.82) ? husband : wife;
    } else if (r < 0.8) {
      head = singleParent(b, random, 1);
    } else if (r < 0.92) {
      // An elderly parent with an unmarried or divorced adult child.
      const parent = b.anyone(55);
      const ages = b.childAges(b.at(parent).sex === 2 ? parent : -1, b.at(parent).sex === 1 ? parent : -1);
      const child = ages ? b.child(-1, -1, null, [Math.max(18, ages[0]), ages[1]]) : null;
      if (child !== null) {
        if (b.at(parent).sex === 2) b.at(child).mother = parent;
        else b.at(child).father = parent;
      }
      b.fillWithOthers(2);
      head = random.chance(0.6) || child === null ? parent : child;
    } else {
      // A grandparent bringing up a grandchild while the parents work elsewhere.
      const grandparent = b.person(random.chance(0.6) ? 2 : 1, 50, 85) ?? b.anyone(50);
      const grandchild = b.person(null, 0, Math.min(17, b.at(grandparent).age - 2 * minGap));
      if (grandchild !== null) b.at(grandchild).grandparentOf = grandparent;
      b.fillWithOthers(2);
      head = grandparent;
    }
  } else {
    const others = size >= 4 && random.chance(otherRelativeShare) ? 1 : 0;
    const core = size - others;
    if (r < 0.58) {
      const [husband, wife] = b.coupleWithChildren(core - 2);
      head = random.chance(0.82) ? husband : wife;
    } else if (r < 0.83) {
      head = threeGenerations(b, random, core);
    } else if (r < 0.93) {
      // A couple with their children and the husband's widowed mother.
      const [husband, wife] = b.coupleWithChildren(core - 3);
      const h = b.at(husband);
      const grandmother = b.person(2, h.age + minGap, h.age + maxGap);
      if (grandmother !== null) h.mother = grandmother;
      head = random.chance(0.85) ? husband : wife;
    } else {
      head = singleParent(b, random, core - 1);
    }
    b.fillWithOthers(size);
  }

  for (const m of b.members) {
    if (m.mother >= 0 || m.father >= 0) m.adopted = random.chance(adoptedShare);
  }
  assignRelations(b.members, head);
  assignMaritalStatus(random, b.members);
  return { members: b.members, head };
}

/** A widowed, divorced or unmarried parent (usually the mother) with `children` children. */
function singleParent(b: Builder, random: Random, children: number): number {
  const mother = random.chance(0.6);
  const parent = mother ? (b.person(2, 22, 65) ?? b.anyone(22)) : (b.person(1, 24, 70) ?? b.anyone(24));
  const target = b.members.length + children;
  while (b.members.length < target) {
    const c = mother ? b.child(parent, -1) : b.child(-1, parent);
    if (c === null) break;
  }
  b.fillWithOthers(target);
  return parent;
}

/** Grandparents (a couple or a widowed one), a married son or daughter with a spouse, grandchildren. */
function threeGenerations(b: Builder, random: Random, size: number): number {
  let oldFather = -1;
  let oldMother = -1;
  if (size >= 5 && random.chance(0.5)) {
    [oldFather, oldMother] = b.couple(45, 85);
  } else if (random.chance(0.6)) {
    oldMother = b.person(2, 45, 95) ?? b.anyone(45);
  } else {
    oldFather = b.person(1, 47, 95) ?? b.anyone(47);
  }
  const sonLives = random.chance(0.85);
  const middle = b.child(oldMother, oldFather, sonLives ? 1 : 2);
  if (middle === null) {
    b.fillWithOthers(size);
    return oldFather >= 0 ? oldFather : oldMother;
  }
  if (b.at(middle).age < (sonLives ? marriageAge.male : marriageAge.female)) {
    b.fillWithChildren(size, oldMother, oldFather);
    return oldFather >= 0 ? oldFather : oldMother;
  }
  const inLaw = b.members.length < size ? b.spouseFor(middle) : null;
  const mother = sonLives ? (inLaw ?? -1) : middle;
  const father = sonLives ? middle : (inLaw ?? -1);
  while (b.members.length < size) {
    // Now and then an unmarried younger brother or sister of the middle generation still lives at home.
    const c = random.chance(0.12) ? b.child(oldMother, oldFather) : b.child(mother, father);
    if (c === null) break;
  }
  b.fillWithOthers(size);
  const elder = oldFather >= 0 ? oldFather : oldMother;
  if (sonLives) return random.chance(0.55) ? elder : middle;
  return elder;
}

const relationRank: Record<Relation, number> = {
  head: 0,
  spouse: 1,
  child: 2,
  adopted_child: 3,
  child_in_law: 3,
  parent: 4,
  grandchild: 5,
  other: 6,
};

function isChildOf(members: readonly Member[], child: number, parent: number): boolean {
  if (parent < 0) return false;
  const c = members[child] as Member;
  return c.father === parent || c.mother === parent;
}

/** Is `i` a child of the head or of the head's spouse? */
function isChildOfCouple(members: readonly Member[], i: number, head: number, spouse: number): boolean {
  return isChildOf(members, i, head) || isChildOf(members, i, spouse);
}

/** Relation to the head as the household page records it, derived from the family links. */
export function assignRelations(members: Member[], head: number): void {
  const spouse = (members[head] as Member).spouse;
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member;
    let relation: Relation = 'other';
    if (i === head) relation = 'head';
    else if (i === spouse) relation = 'spouse';
    else if (isChildOfCouple(members, i, head, spouse)) relation = m.adopted ? 'adopted_child' : 'child';
    else if (m.spouse >= 0 && isChildOfCouple(members, m.spouse, head, spouse)) relation = 'child_in_law';
    else if (isChildOf(members, head, i) || (spouse >= 0 && isChildOf(members, spouse, i)))
      relation = 'parent';
    else if (
      m.grandparentOf === head ||
      (m.father >= 0 && isChildOfCouple(members, m.father, head, spouse)) ||
      (m.mother >= 0 && isChildOfCouple(members, m.mother, head, spouse))
    )
      relation = 'grandchild';
    m.relation = relation;
  }
}

/** The order of rows on the household page: head, spouse, children, in-laws, parents, grandchildren, others. */
export function pageOrder(members: readonly Member[]): number[] {
  const order: number[] = [];
  // Insertion sort: households are small, and this runs once per household.
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member;
    const rank = relationRank[m.relation];
    let at = order.length;
    while (at > 0) {
      const before = members[order[at - 1] as number] as Member;
      const beforeRank = relationRank[before.relation];
      if (beforeRank < rank || (beforeRank === rank && before.age >= m.age)) break;
      at -= 1;
    }
    order.splice(at, 0, i);
  }
  return order;
}

/** Married when the spouse is in the household; otherwise by age and whether the person has children here. */
function assignMaritalStatus(random: Random, members: Member[]): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member;
    if (m.spouse >= 0) {
      m.marital = 'married';
      continue;
    }
    if (m.age < (m.sex === 1 ? marriageAge.male : marriageAge.female)) {
      m.marital = 'never_married';
      continue;
    }
    let hasChildren = false;
    for (const c of members)
      if (c.father === i || c.mother === i || c.grandparentOf === i) hasChildren = true;
    const r = random.float();
    if (hasChildren) {
      if (m.age >= 55) m.marital = r < 0.8 ? 'widowed' : 'divorced';
      else m.marital = r < 0.45 ? 'divorced' : r < 0.85 ? 'widowed' : 'never_married';
    } else if (m.age < 30) {
      m.marital = r < 0.93 ? 'never_married' : 'divorced';
    } else if (m.age < 60) {
      m.marital = r < 0.55 ? 'never_married' : r < 0.8 ? 'divorced' : 'widowed';
    } else {
      m.marital = r < 0.72 ? 'widowed' : r < 0.85 ? 'divorced' : 'never_married';
    }
  }
}
