/**
 * JSON schemas of the demography interface, shared by the CLI (`danso demography …`) and the API
 * (`POST /api/v1/demography/…`). Values beyond what a schema can say (lengths that must agree, age layouts,
 * signs of rates) are checked by each method's `…Problems` function.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Ages 0 to 150: enough for any single-year table with an open group. */
export const MAX_AGE_GROUPS = 151;
/** A 200-year horizon in one-year steps. */
export const MAX_PROJECTION_STEPS = 200;

const strict = { additionalProperties: false } as const;

const numbers = (description: string) => Type.Array(Type.Number(), { maxItems: MAX_AGE_GROUPS, description });
const literals = <T extends string | number>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Sex = literals(['male', 'female', 'total'] as const, 'Giới tính: male | female | total');

export const AxRuleSchema = Type.Object(
  {
    young: Type.Optional(
      literals(
        ['cd-m0', 'cd-q0', 'ak-m0'] as const,
        'Quy tắc 1a0 (và 4a1): Coale–Demeny theo 1m0 hoặc 1q0, Andreev–Kingkade',
      ),
    ),
    region: Type.Optional(
      literals(['west', 'north', 'east', 'south'] as const, 'Vùng Coale–Demeny (cho cd-q0)'),
    ),
    older: Type.Optional(
      literals(['un', 'greville', 'half'] as const, 'Quy tắc nax từ 5 tuổi: UN, Greville, nửa khoảng'),
    ),
  },
  { ...strict, description: 'Quy tắc tính nax khi không cho ax (mặc định cd-m0, west, un)' },
);

const AxRuleUsed = Type.Object(
  {
    young: literals(['cd-m0', 'cd-q0', 'ak-m0'] as const, 'Quy tắc 1a0'),
    region: literals(['west', 'north', 'east', 'south'] as const, 'Vùng Coale–Demeny'),
    older: literals(['un', 'greville', 'half'] as const, 'Quy tắc nax từ 5 tuổi'),
  },
  strict,
);

// ---------------------------------------------------------------------------------------------- life table

export const LifeTableInputSchema = Type.Object(
  {
    ages: Type.Array(Type.Number({ minimum: 0 }), {
      minItems: 2,
      maxItems: MAX_AGE_GROUPS,
      description: 'Cận dưới các nhóm tuổi: 0, 1, 5, 10, … hoặc 0, 1, 2, …; nhóm cuối là nhóm mở',
    }),
    mx: Type.Optional(numbers('Tỷ suất chết nMx (≥ 0; nhóm mở > 0)')),
    deaths: Type.Optional(numbers('Số người chết nDx (thay cho mx, cùng exposure)')),
    exposure: Type.Optional(numbers('Số người-năm sống nNx (> 0)')),
    sex: Sex,
    ax: Type.Optional(numbers('Hệ số nax cho sẵn; giá trị của nhóm mở được thay bằng 1/mx')),
    axRule: Type.Optional(AxRuleSchema),
    q0: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 1,
        description: '1q0 dùng thay cho giá trị suy từ 1m0 (ví dụ IMR)',
      }),
    ),
    radix: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'l0, mặc định 100000' })),
  },
  { ...strict, description: 'Bảng sống thời kỳ (rút gọn hoặc đầy đủ)' },
);
export type LifeTableInput = Static<typeof LifeTableInputSchema>;

const AxMethod = literals(
  ['given', 'cd-m0', 'cd-q0', 'ak-m0', 'half', 'greville', 'open'] as const,
  'Cách tính nax',
);
const QxMethod = literals(['standard', 'exponential', 'given-q0', 'open'] as const, 'Cách tính nqx');

export const LifeTableOutputSchema = Type.Object(
  {
    ages: numbers('Cận dưới các nhóm tuổi'),
    n: Type.Array(nullable(Type.Number()), {
      maxItems: MAX_AGE_GROUPS,
      description: 'Độ rộng nhóm; null cho nhóm mở',
    }),
    mx: numbers('nMx'),
    ax: numbers('nax'),
    qx: numbers('nqx'),
    lx: numbers('lx'),
    dx: numbers('ndx'),
    Lx: numbers('nLx'),
    Tx: numbers('Tx'),
    ex: numbers('ex'),
    conventions: Type.Object(
      {
        table: literals(['abridged', 'complete'] as const, 'Bảng rút gọn hay đầy đủ'),
        sex: Sex,
        radix: Type.Number(),
        mxSource: literals(['mx', 'deaths-exposure'] as const, 'Nguồn mx'),
        axSource: literals(['given', 'rule'] as const, 'ax cho sẵn hay theo quy tắc'),
        axRule: nullable(AxRuleUsed),
        axMethod: Type.Array(AxMethod, { maxItems: MAX_AGE_GROUPS }),
        q0Source: literals(['given', 'mx'] as const, '1q0 cho sẵn hay suy từ 1m0'),
        qxMethod: Type.Array(QxMethod, { maxItems: MAX_AGE_GROUPS }),
        openInterval: Type.String(),
      },
      strict,
    ),
  },
  strict,
);
export type LifeTableOutput = Static<typeof LifeTableOutputSchema>;

// ----------------------------------------------------------------------------------------------- fertility

export const FertilityInputSchema = Type.Object(
  {
    ages: Type.Array(Type.Number({ minimum: 0 }), {
      minItems: 1,
      maxItems: MAX_AGE_GROUPS,
      description: 'Cận dưới các nhóm tuổi của mẹ, cách nhau n năm',
    }),
    n: Type.Number({ exclusiveMinimum: 0, description: 'Độ rộng nhóm tuổi (năm)' }),
    asfr: Type.Optional(numbers('Tỷ suất sinh đặc trưng theo tuổi (≥ 0)')),
    births: Type.Optional(numbers('Số trẻ sinh theo nhóm tuổi mẹ (thay cho asfr, cùng womenExposure)')),
    womenExposure: Type.Optional(numbers('Số phụ nữ-năm theo nhóm tuổi (> 0)')),
    srb: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Tỷ số giới tính khi sinh (nam/nữ), mặc định 1.05' }),
    ),
    femaleLx: Type.Optional(numbers('nLx nữ cùng nhóm tuổi, với l0 = radix; cho NRR và r')),
    radix: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'l0 của femaleLx, mặc định 100000' }),
    ),
  },
  { ...strict, description: 'Các chỉ tiêu sinh và tái sản xuất' },
);
export type FertilityInput = Static<typeof FertilityInputSchema>;

export const FertilityOutputSchema = Type.Object(
  {
    asfr: numbers('ASFR'),
    tfr: Type.Number({ description: 'Tổng tỷ suất sinh' }),
    grr: Type.Number({ description: 'Tỷ suất tái sản xuất thô' }),
    mac: nullable(Type.Number({ description: 'Tuổi trung bình của mẹ khi sinh' })),
    conventions: Type.Object(
      {
        n: Type.Number(),
        srb: Type.Number(),
        asfrSource: literals(['asfr', 'births-exposure'] as const, 'Nguồn ASFR'),
        radix: nullable(Type.Number()),
        rMethod: nullable(Type.String()),
      },
      strict,
    ),
    nrr: Type.Optional(Type.Number({ description: 'Tỷ suất tái sản xuất thuần' })),
    r: Type.Optional(nullable(Type.Number({ description: 'Tỷ lệ tăng nội tại (mỗi năm)' }))),
  },
  strict,
);
export type FertilityOutput = Static<typeof FertilityOutputSchema>;

// --------------------------------------------------------------------------------------------- projection

const ByStep = (description: string) =>
  Type.Union(
    [
      Type.Array(Type.Number(), { maxItems: MAX_AGE_GROUPS }),
      Type.Array(Type.Array(Type.Number(), { maxItems: MAX_AGE_GROUPS }), {
        minItems: 1,
        maxItems: MAX_PROJECTION_STEPS,
      }),
    ],
    { description: `${description}: một danh sách dùng cho mọi bước, hoặc một danh sách cho mỗi bước` },
  );
const BySexByStep = (description: string) =>
  Type.Object(
    { male: ByStep(`${description} (nam)`), female: ByStep(`${description} (nữ)`) },
    { ...strict, description },
  );
const Totals = Type.Object({ total: Type.Number(), male: Type.Number(), female: Type.Number() }, strict);

export const ProjectionInputSchema = Type.Object(
  {
    step: literals([1, 5] as const, 'Bước dự báo (năm): 5 với nhóm 5 tuổi, 1 với từng độ tuổi'),
    horizon: Type.Integer({
      minimum: 1,
      maximum: MAX_PROJECTION_STEPS,
      description: 'Số năm dự báo, bội số của step',
    }),
    ages: Type.Array(Type.Number({ minimum: 0 }), {
      minItems: 2,
      maxItems: MAX_AGE_GROUPS,
      description: 'Cận dưới nhóm tuổi: 0, 5, 10, … (step 5) hoặc 0, 1, 2, … (step 1); nhóm cuối là nhóm mở',
    }),
    population: Type.Object(
      { male: numbers('Dân số nam gốc'), female: numbers('Dân số nữ gốc') },
      { ...strict, description: 'Dân số gốc theo giới tính và nhóm tuổi' },
    ),
    survival: Type.Optional(
      BySexByStep('Tỷ số sống theo nhóm đích: phần tử đầu cho trẻ sinh, phần tử cuối vào nhóm mở'),
    ),
    mx: Type.Optional(BySexByStep('Tỷ suất chết theo nhóm tuổi của bảng sống (0, 1, 5, … khi step 5)')),
    ax: Type.Optional(BySexByStep('Hệ số nax của bảng sống')),
    axRule: Type.Optional(AxRuleSchema),
    asfr: ByStep('Tỷ suất sinh theo nhóm tuổi mẹ (các nhóm dự báo)'),
    srb: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'Tỷ số giới tính khi sinh, mặc định 1.05' }),
    ),
    migration: Type.Optional(BySexByStep('Số di cư thuần trong mỗi bước theo nhóm tuổi')),
    migrationTiming: Type.Optional(
      literals(['end', 'even'] as const, 'end: cuối bước; even (mặc định): nửa đầu bước, nửa cuối bước'),
    ),
    oldAgeThreshold: Type.Optional(
      literals([60, 65] as const, 'Ngưỡng tuổi già cho tỷ số phụ thuộc, mặc định 65'),
    ),
  },
  { ...strict, description: 'Dự báo dân số theo phương pháp thành phần (CCMPP)' },
);
export type ProjectionInput = Static<typeof ProjectionInputSchema>;

const ProjectionStepSchema = Type.Object(
  {
    yearOffset: Type.Number({ description: 'Số năm kể từ dân số gốc' }),
    population: Type.Object({ male: numbers('Nam'), female: numbers('Nữ') }, strict),
    births: Totals,
    birthsByMotherAge: numbers('Số sinh theo nhóm tuổi mẹ'),
    deaths: Totals,
    netMigrants: Totals,
    indicators: Type.Object(
      {
        total: Type.Number(),
        male: Type.Number(),
        female: Type.Number(),
        sexRatio: nullable(Type.Number()),
        youngDependency: nullable(Type.Number()),
        oldDependency: nullable(Type.Number()),
        totalDependency: nullable(Type.Number()),
        ageingIndex: nullable(Type.Number()),
        medianAge: nullable(Type.Number()),
      },
      strict,
    ),
  },
  strict,
);

export const ProjectionOutputSchema = Type.Object(
  {
    ages: numbers('Cận dưới nhóm tuổi'),
    steps: Type.Array(ProjectionStepSchema, { maxItems: MAX_PROJECTION_STEPS }),
    conventions: Type.Object(
      {
        step: literals([1, 5] as const, 'Bước'),
        horizon: Type.Number(),
        migrationTiming: literals(['end', 'even'] as const, 'Thời điểm di cư'),
        survivalSource: literals(['given', 'life-table'] as const, 'Nguồn tỷ số sống'),
        axRule: nullable(AxRuleUsed),
        srb: Type.Number(),
        oldAgeThreshold: literals([60, 65] as const, 'Ngưỡng tuổi già'),
        births: Type.String(),
      },
      strict,
    ),
  },
  strict,
);
export type ProjectionOutput = Static<typeof ProjectionOutputSchema>;

// -------------------------------------------------------------------------------------------- age heaping

const AgeRange = Type.Array(Type.Integer({ minimum: 0 }), {
  minItems: 2,
  maxItems: 2,
  description: 'Khoảng tuổi [từ, đến], tính cả hai đầu',
});

export const AgeHeapingInputSchema = Type.Object(
  {
    ages: Type.Array(Type.Integer({ minimum: 0 }), {
      minItems: 1,
      maxItems: MAX_AGE_GROUPS,
      description: 'Các tuổi đơn, liên tiếp',
    }),
    population: numbers('Dân số theo tuổi đơn (≥ 0)'),
    method: literals(['whipple', 'myers'] as const, 'Chỉ số: whipple | myers'),
    range: Type.Optional(AgeRange),
    digits: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), {
        minItems: 1,
        maxItems: 10,
        uniqueItems: true,
        description: 'Chữ số tận cùng cho chỉ số Whipple, mặc định [0, 5]',
      }),
    ),
  },
  { ...strict, description: 'Chỉ số dồn tuổi (Whipple, Myers)' },
);
export type AgeHeapingInput = Static<typeof AgeHeapingInputSchema>;

export const AgeHeapingOutputSchema = Type.Object(
  {
    method: literals(['whipple', 'myers'] as const, 'Chỉ số'),
    range: AgeRange,
    digits: Type.Optional(Type.Array(Type.Integer(), { maxItems: 10 })),
    whipple: Type.Optional(
      nullable(Type.Number({ description: '100 = không dồn tuổi; 500 = mọi tuổi tận cùng 0 hoặc 5' })),
    ),
    myers: Type.Optional(nullable(Type.Number({ description: '0 = không dồn tuổi; 90 = tối đa' }))),
    myersShares: Type.Optional(
      Type.Array(Type.Number(), {
        maxItems: 10,
        description: 'Tỷ trọng (%) của từng chữ số tính từ đầu khoảng',
      }),
    ),
  },
  strict,
);
export type AgeHeapingOutput = Static<typeof AgeHeapingOutputSchema>;
