import { ethnicNameStyles, kinhStyleNorth, kinhStyleSouth, type NameStyle } from './data/names.ts';
import { southernProvinces } from './data/places.ts';
import type { Sex } from './quota.ts';
import { type Random, Weighted } from './random.ts';

/** Draws names in the style of each ethnic group, with the family-name weights built once. */
export class NameMaker {
  private readonly styles = new Map<string, { style: NameStyle; familyNames: Weighted<string> }>();
  private readonly kinhStyle: NameStyle;

  constructor(provinceCode: string) {
    // Central and southern provinces write Huỳnh and Võ where the north writes Hoàng and Vũ.
    this.kinhStyle =
      Number(provinceCode) >= 40 || southernProvinces.has(provinceCode) ? kinhStyleSouth : kinhStyleNorth;
  }

  private styleOf(ethnicity: string): { style: NameStyle; familyNames: Weighted<string> } {
    let entry = this.styles.get(ethnicity);
    if (!entry) {
      const style = ethnicNameStyles[ethnicity] ?? this.kinhStyle;
      entry = { style, familyNames: new Weighted(style.familyNames) };
      this.styles.set(ethnicity, entry);
    }
    return entry;
  }

  familyName(random: Random, ethnicity: string): string {
    return this.styleOf(ethnicity).familyNames.draw(random);
  }

  /** Middle and given name; older people more often carry the traditional Văn / Thị. */
  personalName(random: Random, ethnicity: string, sex: Sex, age: number): string {
    const { style } = this.styleOf(ethnicity);
    const given = random.pick(sex === 1 ? style.maleGiven : style.femaleGiven);
    if (!random.chance(style.middleShare)) return given;
    const middles = sex === 1 ? style.maleMiddle : style.femaleMiddle;
    const traditional = traditionalShare(sex, age) + style.traditionalBias;
    const middle = random.chance(traditional) ? middles.traditional : random.pick(middles.others);
    return `${middle} ${given}`;
  }
}

function traditionalShare(sex: Sex, age: number): number {
  if (sex === 1) return age >= 60 ? 0.7 : age >= 40 ? 0.5 : age >= 18 ? 0.3 : 0.15;
  return age >= 60 ? 0.9 : age >= 40 ? 0.75 : age >= 18 ? 0.5 : 0.3;
}
