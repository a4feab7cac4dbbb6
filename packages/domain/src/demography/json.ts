/**
 * The stable JSON interface of the demography methods: one function per method taking any parsed JSON value,
 * checking it against its schema and the rules beyond the schema, and returning a plain JSON object. The
 * CLI and the API both call these, so they answer the same input with the same output.
 */
import type { TSchema } from '@sinclair/typebox';
import {
  ageHeapingProblems,
  MYERS_DEFAULT_RANGE,
  myersIndex,
  WHIPPLE_DEFAULT_DIGITS,
  WHIPPLE_DEFAULT_RANGE,
  whippleIndex,
} from './age-heaping.ts';
import { fertilityMeasures, fertilityProblems } from './fertility.ts';
import { lifeTable, lifeTableProblems } from './life-table.ts';
import { checkSchema, isRecord, type Loose, Problems } from './problems.ts';
import { projectCohortComponent, projectionProblems } from './projection.ts';
import {
  type AgeHeapingInput,
  AgeHeapingInputSchema,
  type AgeHeapingOutput,
  AgeHeapingOutputSchema,
  type FertilityInput,
  FertilityInputSchema,
  type FertilityOutput,
  FertilityOutputSchema,
  type LifeTableInput,
  LifeTableInputSchema,
  type LifeTableOutput,
  LifeTableOutputSchema,
  type ProjectionInput,
  ProjectionInputSchema,
  type ProjectionOutput,
  ProjectionOutputSchema,
} from './schemas.ts';

/** Checks the schema, then the rules beyond it, and throws DANSO_ERR_VALIDATION with every problem found. */
function validated<T>(
  schema: TSchema,
  input: unknown,
  beyondSchema: (input: Loose, path: string, problems: Problems) => void,
): T {
  const problems = new Problems();
  checkSchema(schema, input, problems);
  if (isRecord(input)) beyondSchema(input, '', problems);
  problems.throwIfAny();
  return input as T;
}

/** `danso demography life-table`: a period life table (see `lifeTable`). */
export function lifeTableFromJson(input: unknown): LifeTableOutput {
  const options = validated<LifeTableInput>(LifeTableInputSchema, input, lifeTableProblems);
  return lifeTable(options);
}

/** `danso demography fertility`: TFR, GRR, mean age at childbearing, and NRR and r with female nLx. */
export function fertilityFromJson(input: unknown): FertilityOutput {
  const options = validated<FertilityInput>(FertilityInputSchema, input, fertilityProblems);
  return fertilityMeasures(options);
}

/** `danso demography project`: a cohort-component projection (see `projectCohortComponent`). */
export function projectionFromJson(input: unknown): ProjectionOutput {
  const options = validated<ProjectionInput>(ProjectionInputSchema, input, projectionProblems);
  return projectCohortComponent(options);
}

/** `danso demography age-heaping`: Whipple's or Myers' index of single-year ages. */
export function ageHeapingFromJson(input: unknown): AgeHeapingOutput {
  const options = validated<AgeHeapingInput>(AgeHeapingInputSchema, input, ageHeapingProblems);
  const given = options.range
    ? ([options.range[0] ?? 0, options.range[1] ?? 0] as [number, number])
    : undefined;
  if (options.method === 'whipple') {
    const range = given ?? WHIPPLE_DEFAULT_RANGE;
    const digits = options.digits ?? WHIPPLE_DEFAULT_DIGITS;
    return {
      method: 'whipple',
      range: [...range],
      digits: [...digits],
      whipple: whippleIndex(options.ages, options.population, range, digits),
    };
  }
  const range = given ?? MYERS_DEFAULT_RANGE;
  const myers = myersIndex(options.ages, options.population, range);
  return {
    method: 'myers',
    range: [...range],
    myers: myers?.index ?? null,
    ...(myers ? { myersShares: myers.shares } : {}),
  };
}

export type DemographyMethodName = 'life-table' | 'fertility' | 'project' | 'age-heaping';

export interface DemographyMethod {
  summary: string;
  input: TSchema;
  output: TSchema;
  run: (input: unknown) => unknown;
}

/** Every method of the interface by its name in the CLI and the API, with its schemas. */
export const demographyMethods: Record<DemographyMethodName, DemographyMethod> = {
  'life-table': {
    summary: 'Bảng sống thời kỳ (period life table)',
    input: LifeTableInputSchema,
    output: LifeTableOutputSchema,
    run: lifeTableFromJson,
  },
  fertility: {
    summary: 'Các chỉ tiêu sinh: TFR, GRR, NRR, tuổi trung bình khi sinh, r',
    input: FertilityInputSchema,
    output: FertilityOutputSchema,
    run: fertilityFromJson,
  },
  project: {
    summary: 'Dự báo dân số theo phương pháp thành phần (cohort-component)',
    input: ProjectionInputSchema,
    output: ProjectionOutputSchema,
    run: projectionFromJson,
  },
  'age-heaping': {
    summary: 'Chỉ số dồn tuổi Whipple và Myers',
    input: AgeHeapingInputSchema,
    output: AgeHeapingOutputSchema,
    run: ageHeapingFromJson,
  },
};

export const demographyMethodNames = Object.keys(demographyMethods) as DemographyMethodName[];
