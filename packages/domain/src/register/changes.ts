/**
 * Changes (biến động): facts about a person or a household, made on the device with a client UUIDv7 and
 * sent, reviewed and applied as they are (DESIGN.md §2). Each type has a TypeBox schema of its payload inside
 * a common envelope. The schemas say what a well-formed change is; whether it is plausible against the
 * register is for `validateChange`.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ErrorDetail } from '../errors.ts';
import {
  birthDatePrecisions,
  householdKinds,
  maritalStatuses,
  pregnancyEventKinds,
  relationsToHead,
  residenceStatuses,
  screeningResults,
  sexCodes,
} from './codes.ts';
import { UUID_PATTERN, UUID_V7_PATTERN } from './uuid.ts';

export const changeTypes = [
  'birth',
  'newborn_screening',
  'death',
  'move_in',
  'move_out',
  'transfer',
  'info_change',
  'contraception_start',
  'contraception_stop',
  'pregnancy_event',
  'prenatal_screening',
  'elderly_check',
  'marriage',
  'premarital_check',
  'divorce',
  'household_new',
  'household_split',
  'head_change',
  'correction',
] as const;
export type ChangeType = (typeof changeTypes)[number];

/** Glossary wording. */
export const changeTypeLabels: Record<ChangeType, { vi: string; en: string }> = {
  birth: { vi: 'Sinh', en: 'Birth' },
  newborn_screening: { vi: 'Sàng lọc sơ sinh', en: 'Newborn screening' },
  death: { vi: 'Chết', en: 'Death' },
  move_in: { vi: 'Chuyển đến', en: 'Move in' },
  move_out: { vi: 'Chuyển đi', en: 'Move out' },
  transfer: { vi: 'Chuyển trong xã', en: 'Transfer inside the commune' },
  info_change: { vi: 'Thay đổi thông tin', en: 'Change of basic information' },
  contraception_start: { vi: 'Bắt đầu sử dụng BPTT', en: 'Starts a contraceptive method' },
  contraception_stop: { vi: 'Thôi sử dụng BPTT', en: 'Stops a contraceptive method' },
  pregnancy_event: { vi: 'Mang thai / Sảy thai / Phá thai', en: 'Pregnancy / miscarriage / abortion' },
  prenatal_screening: { vi: 'Sàng lọc trước sinh', en: 'Prenatal screening' },
  elderly_check: { vi: 'Khám sức khỏe người cao tuổi', en: 'Elderly health check' },
  marriage: { vi: 'Kết hôn', en: 'Marriage' },
  premarital_check: {
    vi: 'Tư vấn, khám sức khỏe trước kết hôn',
    en: 'Pre-marital counselling / health check',
  },
  divorce: { vi: 'Ly hôn', en: 'Divorce' },
  household_new: { vi: 'Lập hộ mới', en: 'New household' },
  household_split: { vi: 'Tách hộ', en: 'Household split' },
  head_change: { vi: 'Đổi chủ hộ', en: 'Change of household head' },
  correction: { vi: 'Đính chính', en: 'Correction' },
};

// ------------------------------------------------------------------------------------------- building blocks

const strict = { additionalProperties: false } as const;

const literals = <const T extends string | number>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );

const Uuid = (description: string) => Type.String({ pattern: UUID_PATTERN, maxLength: 36, description });
const ChangeId = Type.String({
  pattern: UUID_V7_PATTERN,
  maxLength: 36,
  description: 'Mã biến động: UUIDv7 do thiết bị tạo (gửi lại không có tác dụng thứ hai)',
});
const IsoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', minLength: 10, maxLength: 10, description });
const Timestamp = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 40,
  description: 'Thời điểm ghi nhận trên thiết bị (ISO 8601, có múi giờ)',
});
const Name = (description: string) =>
  Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description });
const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, description });
/** A code of an open list; whether the list has it is a validation rule, so that lists stay replaceable. */
const Code = (description: string) =>
  Type.String({ pattern: '^[0-9A-Za-z_]{1,40}$', maxLength: 40, description });
const EthnicityCode = Code('Mã dân tộc (danh mục ethnicity)');
const Count = (maximum: number, description: string) => Type.Integer({ minimum: 0, maximum, description });

export const SexCodeSchema = literals(sexCodes, 'Giới tính: 1 = nam, 2 = nữ');
export const RelationToHeadSchema = literals(relationsToHead, 'Quan hệ với chủ hộ');
export const MaritalStatusSchema = literals(maritalStatuses, 'Tình trạng hôn nhân');
export const ResidenceStatusSchema = literals(residenceStatuses, 'Tình trạng cư trú');
export const BirthDatePrecisionSchema = literals(birthDatePrecisions, 'Độ chính xác của ngày sinh');
const HouseholdKindSchema = literals(householdKinds, 'Loại hộ');
const ScreeningResultSchema = literals(screeningResults, 'Kết quả sàng lọc');

const PersonalId = Type.String({ pattern: '^[0-9]{12}$', description: 'Số định danh cá nhân (12 chữ số)' });
const InsuranceNumber = Type.String({
  pattern: '^[A-Za-z0-9]{10,15}$',
  description: 'Mã số / số thẻ BHYT (10–15 chữ và số)',
});

/** A person's A0 fields, as written for a new member (move in). */
const PersonDetails = Type.Object(
  {
    fullName: Name('Họ và tên'),
    relationToHead: RelationToHeadSchema,
    sex: SexCodeSchema,
    birthDate: IsoDate('Ngày sinh; phần chưa biết ghi 01 và nêu độ chính xác'),
    birthDatePrecision: BirthDatePrecisionSchema,
    ethnicityCode: EthnicityCode,
    educationCode: Type.Optional(Code('Trình độ học vấn (danh mục education)')),
    maritalStatus: MaritalStatusSchema,
    residenceStatus: ResidenceStatusSchema,
    insuranceNumber: Type.Optional(InsuranceNumber),
    personalId: Type.Optional(PersonalId),
  },
  strict,
);

/** Where someone came from or went to; at least one part is known. */
const MovePlace = Type.Object(
  {
    provinceCode: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' })),
    communeCode: Type.Optional(Type.String({ pattern: '^\\d{5}$', description: 'Mã xã' })),
    country: Type.Optional(Text(100, 'Nước (khi ở nước ngoài)')),
    description: Type.Optional(Text(300, 'Mô tả nơi đi / nơi đến')),
  },
  { ...strict, minProperties: 1 },
);

const ScreeningTests = (description: string) =>
  Type.Array(Type.Object({ test: Code('Mã xét nghiệm sàng lọc'), result: ScreeningResultSchema }, strict), {
    minItems: 1,
    maxItems: 10,
    description,
  });

const MemberRelation = Type.Object(
  { personId: Uuid('Mã nhân khẩu'), relationToHead: RelationToHeadSchema },
  strict,
);

// ------------------------------------------------------------------------------------------------ payloads

export const BirthPayloadSchema = Type.Object(
  {
    fullName: Name('Họ và tên trẻ'),
    sex: SexCodeSchema,
    ethnicityCode: EthnicityCode,
    relationToHead: RelationToHeadSchema,
    residenceStatus: Type.Optional(ResidenceStatusSchema),
    birthPlace: Code('Nơi sinh (danh mục birthPlace)'),
    birthOrder: Type.Integer({ minimum: 1, maximum: 30, description: 'Lần sinh thứ mấy của người mẹ' }),
    mother: Type.Object(
      {
        personId: Type.Optional(Uuid('Mã nhân khẩu của mẹ, khi mẹ có trong sổ')),
        fullName: Name('Họ và tên mẹ'),
        birthDate: IsoDate('Ngày sinh của mẹ'),
        birthDatePrecision: BirthDatePrecisionSchema,
        insuranceNumber: Type.Optional(InsuranceNumber),
        personalId: Type.Optional(PersonalId),
      },
      strict,
    ),
    newbornScreeningOn: Type.Optional(IsoDate('Ngày sàng lọc sơ sinh')),
    insuranceNumber: Type.Optional(InsuranceNumber),
    personalId: Type.Optional(PersonalId),
  },
  { ...strict, description: 'Trẻ mới sinh; ngày sinh là occurredOn, mã trẻ là personId' },
);

export const NewbornScreeningPayloadSchema = Type.Object(
  { tests: ScreeningTests('Các bệnh đã sàng lọc'), site: Code('Nơi sàng lọc (danh mục serviceSite)') },
  strict,
);

export const DeathPayloadSchema = Type.Object(
  { cause: Type.Optional(Text(200, 'Nguyên nhân chết (nếu thu thập)')) },
  { ...strict, description: 'Ngày chết là occurredOn' },
);

export const MoveInPayloadSchema = Type.Object(
  { person: PersonDetails, from: MovePlace },
  { ...strict, description: 'Người chuyển đến từ xã khác; ngày đến là occurredOn, mã người là personId' },
);

export const MoveOutPersonPayloadSchema = Type.Object(
  { scope: Type.Literal('person'), destination: MovePlace },
  strict,
);
export const MoveOutHouseholdPayloadSchema = Type.Object(
  { scope: Type.Literal('household'), destination: MovePlace },
  { ...strict, description: 'Cả hộ chuyển đi: đóng phiếu hộ' },
);

export const TransferPersonPayloadSchema = Type.Object(
  { scope: Type.Literal('person'), toHouseholdId: Uuid('Hộ nhận'), relationToHead: RelationToHeadSchema },
  strict,
);
export const TransferHouseholdPayloadSchema = Type.Object(
  {
    scope: Type.Literal('household'),
    toAreaId: Uuid('Địa bàn nhận'),
    number: Type.Integer({ minimum: 1, maximum: 99_999, description: 'Số hộ trong địa bàn mới' }),
  },
  strict,
);

const infoItem = <F extends string, V extends TSchema>(field: F, value: V) =>
  Type.Object({ field: Type.Literal(field), from: value, to: value }, strict);
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const BirthDateValue = Type.Object(
  { date: IsoDate('Ngày sinh'), precision: BirthDatePrecisionSchema },
  strict,
);

export const InfoChangeItemSchema = Type.Union([
  infoItem('fullName', Name('Họ và tên')),
  infoItem('birthDate', BirthDateValue),
  infoItem('sex', SexCodeSchema),
  infoItem('ethnicityCode', EthnicityCode),
  infoItem('educationCode', nullable(Code('Trình độ học vấn'))),
  infoItem('maritalStatus', MaritalStatusSchema),
  infoItem('residenceStatus', ResidenceStatusSchema),
  infoItem('relationToHead', RelationToHeadSchema),
  infoItem('insuranceNumber', nullable(InsuranceNumber)),
  infoItem('personalId', nullable(PersonalId)),
]);
export type InfoChangeItem = Static<typeof InfoChangeItemSchema>;
export type InfoChangeField = InfoChangeItem['field'];

export const InfoChangePayloadSchema = Type.Object(
  {
    items: Type.Array(InfoChangeItemSchema, { minItems: 1, maxItems: 10, description: 'Trường: cũ → mới' }),
    note: Type.Optional(Text(300, 'Ghi chú')),
  },
  strict,
);

export const ContraceptionStartPayloadSchema = Type.Object(
  {
    method: Code('Biện pháp tránh thai (danh mục contraceptiveMethod)'),
    livingChildren: Count(30, 'Số con hiện có'),
    site: Code('Nơi cung cấp (danh mục serviceSite)'),
    husbandPersonId: Type.Optional(Uuid('Mã nhân khẩu của chồng')),
  },
  { ...strict, description: 'Người vợ (personId) bắt đầu một biện pháp; ngày bắt đầu là occurredOn' },
);

export const ContraceptionStopPayloadSchema = Type.Object(
  { method: Code('Biện pháp đang dùng và thôi dùng') },
  { ...strict, description: 'Ngày thôi là occurredOn' },
);

export const PregnancyEventPayloadSchema = Type.Object(
  {
    kind: literals(pregnancyEventKinds, 'Mang thai / sảy thai / phá thai'),
    pregnancyNumber: Type.Integer({ minimum: 1, maximum: 30, description: 'Lần có thai thứ mấy' }),
    gestationWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 45, description: 'Tuổi thai (tuần)' })),
  },
  strict,
);

export const PrenatalScreeningPayloadSchema = Type.Object(
  {
    gestationWeeks: Type.Integer({ minimum: 1, maximum: 45, description: 'Tuổi thai khi sàng lọc (tuần)' }),
    tests: ScreeningTests('Các bệnh, tật đã sàng lọc'),
    site: Code('Nơi sàng lọc (danh mục serviceSite)'),
  },
  strict,
);

export const ElderlyCheckPayloadSchema = Type.Object(
  { site: Type.Optional(Code('Nơi khám (danh mục serviceSite)')) },
  { ...strict, description: 'Ngày khám là occurredOn' },
);

export const MarriagePayloadSchema = Type.Object(
  {
    spouse: Type.Union([
      Type.Object({ personId: Uuid('Mã nhân khẩu của vợ/chồng, khi có trong sổ') }, strict),
      Type.Object(
        {
          fullName: Name('Họ và tên vợ/chồng'),
          sex: SexCodeSchema,
          birthDate: IsoDate('Ngày sinh của vợ/chồng'),
          birthDatePrecision: BirthDatePrecisionSchema,
        },
        strict,
      ),
    ]),
    childMarriage: Type.Boolean({ description: 'Tảo hôn (nữ dưới 18, nam dưới 20 tuổi)' }),
    consanguineous: Type.Boolean({ description: 'Kết hôn cận huyết thống' }),
  },
  strict,
);

export const PremaritalCheckPayloadSchema = Type.Object(
  {
    counselling: Type.Boolean({ description: 'Được tư vấn' }),
    healthCheck: Type.Boolean({ description: 'Được khám sức khỏe' }),
    site: Code('Nơi tư vấn / khám (danh mục serviceSite)'),
  },
  strict,
);

export const DivorcePayloadSchema = Type.Object(
  { spousePersonId: Type.Optional(Uuid('Mã nhân khẩu của vợ/chồng, khi có trong sổ')) },
  strict,
);

const NewHouseholdFields = {
  areaId: Uuid('Địa bàn'),
  hamletId: Type.Optional(Uuid('Thôn / tổ dân phố')),
  number: Type.Integer({ minimum: 1, maximum: 99_999, description: 'Số hộ trong địa bàn' }),
  address: Type.Optional(Text(300, 'Địa chỉ chi tiết')),
  kind: HouseholdKindSchema,
};

export const HouseholdNewPayloadSchema = Type.Object(NewHouseholdFields, {
  ...strict,
  description: 'Hộ mới (householdId); thành viên vào bằng biến động chuyển đến hoặc tách hộ',
});

export const HouseholdSplitPayloadSchema = Type.Object(
  {
    newHouseholdId: Uuid('Mã hộ mới'),
    ...NewHouseholdFields,
    members: Type.Array(MemberRelation, {
      minItems: 1,
      maxItems: 50,
      description: 'Người sang hộ mới và quan hệ với chủ hộ mới (đúng một người là chủ hộ)',
    }),
    sourceNewHeadPersonId: Type.Optional(Uuid('Chủ hộ mới của hộ cũ, khi chủ hộ cũ tách đi')),
  },
  strict,
);

export const HeadChangePayloadSchema = Type.Object(
  {
    newHeadPersonId: Uuid('Chủ hộ mới'),
    relations: Type.Array(MemberRelation, {
      maxItems: 50,
      description: 'Quan hệ mới với chủ hộ mới của các thành viên khác',
    }),
  },
  strict,
);

/** The payload schema of every type but the correction (whose amendments refer to these). */
export const changePayloadSchemas = {
  birth: BirthPayloadSchema,
  newborn_screening: NewbornScreeningPayloadSchema,
  death: DeathPayloadSchema,
  move_in: MoveInPayloadSchema,
  move_out: Type.Union([MoveOutPersonPayloadSchema, MoveOutHouseholdPayloadSchema]),
  transfer: Type.Union([TransferPersonPayloadSchema, TransferHouseholdPayloadSchema]),
  info_change: InfoChangePayloadSchema,
  contraception_start: ContraceptionStartPayloadSchema,
  contraception_stop: ContraceptionStopPayloadSchema,
  pregnancy_event: PregnancyEventPayloadSchema,
  prenatal_screening: PrenatalScreeningPayloadSchema,
  elderly_check: ElderlyCheckPayloadSchema,
  marriage: MarriagePayloadSchema,
  premarital_check: PremaritalCheckPayloadSchema,
  divorce: DivorcePayloadSchema,
  household_new: HouseholdNewPayloadSchema,
  household_split: HouseholdSplitPayloadSchema,
  head_change: HeadChangePayloadSchema,
} as const;
export type CorrectableChangeType = keyof typeof changePayloadSchemas;
export type ChangePayload<T extends CorrectableChangeType> = Static<(typeof changePayloadSchemas)[T]>;

const CorrectionBase = {
  correctsChangeId: Type.String({
    pattern: UUID_V7_PATTERN,
    maxLength: 36,
    description: 'Biến động đã duyệt được đính chính',
  }),
  reason: Text(500, 'Lý do đính chính'),
};

export type CorrectionPayload =
  | { action: 'void'; correctsChangeId: string; reason: string }
  | {
      [T in CorrectableChangeType]: {
        action: 'amend';
        correctsChangeId: string;
        reason: string;
        correctedType: T;
        occurredOn: string;
        payload: ChangePayload<T>;
      };
    }[CorrectableChangeType];

const correctableTypes = Object.keys(changePayloadSchemas) as CorrectableChangeType[];

export const CorrectionPayloadSchema = Type.Unsafe<CorrectionPayload>(
  Type.Union(
    [
      Type.Object(
        { action: Type.Literal('void'), ...CorrectionBase },
        { ...strict, description: 'Hủy: biến động đã duyệt coi như không xảy ra' },
      ),
      ...correctableTypes.map((type) =>
        Type.Object(
          {
            action: Type.Literal('amend'),
            ...CorrectionBase,
            correctedType: Type.Literal(type),
            occurredOn: IsoDate('Ngày xảy ra đúng'),
            payload: changePayloadSchemas[type],
          },
          { ...strict, description: `Sửa biến động ${type}: nội dung đúng thay cho nội dung cũ` },
        ),
      ),
    ],
    { description: 'Đính chính một biến động đã duyệt' },
  ),
);

// ------------------------------------------------------------------------------------------------ envelopes

const envelopeFields = {
  id: ChangeId,
  householdId: Uuid('Hộ liên quan (với hộ mới: mã hộ mới)'),
  authorId: Uuid('Người ghi nhận'),
  occurredOn: IsoDate('Ngày xảy ra'),
  recordedAt: Timestamp,
  baseVersion: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Phiên bản sổ mà biến động dựa vào',
  }),
};

/** A change about one person of a household (`personId`; for a birth or move-in, the new person's id). */
const personChange = <T extends ChangeType, P extends TSchema>(type: T, payload: P) =>
  Type.Object(
    { ...envelopeFields, type: Type.Literal(type), personId: Uuid('Nhân khẩu liên quan'), payload },
    { ...strict, description: changeTypeLabels[type].vi },
  );

/** A change about a household as a whole (no `personId`). */
const householdChange = <T extends ChangeType, P extends TSchema>(type: T, payload: P) =>
  Type.Object(
    { ...envelopeFields, type: Type.Literal(type), payload },
    { ...strict, description: changeTypeLabels[type].vi },
  );

export const BirthChangeSchema = personChange('birth', BirthPayloadSchema);
export const NewbornScreeningChangeSchema = personChange('newborn_screening', NewbornScreeningPayloadSchema);
export const DeathChangeSchema = personChange('death', DeathPayloadSchema);
export const MoveInChangeSchema = personChange('move_in', MoveInPayloadSchema);
export const MoveOutChangeSchema = Type.Union([
  personChange('move_out', MoveOutPersonPayloadSchema),
  householdChange('move_out', MoveOutHouseholdPayloadSchema),
]);
export const TransferChangeSchema = Type.Union([
  personChange('transfer', TransferPersonPayloadSchema),
  householdChange('transfer', TransferHouseholdPayloadSchema),
]);
export const InfoChangeChangeSchema = personChange('info_change', InfoChangePayloadSchema);
export const ContraceptionStartChangeSchema = personChange(
  'contraception_start',
  ContraceptionStartPayloadSchema,
);
export const ContraceptionStopChangeSchema = personChange(
  'contraception_stop',
  ContraceptionStopPayloadSchema,
);
export const PregnancyEventChangeSchema = personChange('pregnancy_event', PregnancyEventPayloadSchema);
export const PrenatalScreeningChangeSchema = personChange(
  'prenatal_screening',
  PrenatalScreeningPayloadSchema,
);
export const ElderlyCheckChangeSchema = personChange('elderly_check', ElderlyCheckPayloadSchema);
export const MarriageChangeSchema = personChange('marriage', MarriagePayloadSchema);
export const PremaritalCheckChangeSchema = personChange('premarital_check', PremaritalCheckPayloadSchema);
export const DivorceChangeSchema = personChange('divorce', DivorcePayloadSchema);
export const HouseholdNewChangeSchema = householdChange('household_new', HouseholdNewPayloadSchema);
export const HouseholdSplitChangeSchema = householdChange('household_split', HouseholdSplitPayloadSchema);
export const HeadChangeChangeSchema = householdChange('head_change', HeadChangePayloadSchema);
/** A correction names the household (and person) of the change it corrects. */
export const CorrectionChangeSchema = Type.Object(
  {
    ...envelopeFields,
    type: Type.Literal('correction'),
    personId: Type.Optional(Uuid('Nhân khẩu của biến động được đính chính')),
    payload: CorrectionPayloadSchema,
  },
  { ...strict, description: changeTypeLabels.correction.vi },
);

/** The schema of each change type, envelope included. */
export const changeSchemas = {
  birth: BirthChangeSchema,
  newborn_screening: NewbornScreeningChangeSchema,
  death: DeathChangeSchema,
  move_in: MoveInChangeSchema,
  move_out: MoveOutChangeSchema,
  transfer: TransferChangeSchema,
  info_change: InfoChangeChangeSchema,
  contraception_start: ContraceptionStartChangeSchema,
  contraception_stop: ContraceptionStopChangeSchema,
  pregnancy_event: PregnancyEventChangeSchema,
  prenatal_screening: PrenatalScreeningChangeSchema,
  elderly_check: ElderlyCheckChangeSchema,
  marriage: MarriageChangeSchema,
  premarital_check: PremaritalCheckChangeSchema,
  divorce: DivorceChangeSchema,
  household_new: HouseholdNewChangeSchema,
  household_split: HouseholdSplitChangeSchema,
  head_change: HeadChangeChangeSchema,
  correction: CorrectionChangeSchema,
} as const satisfies Record<ChangeType, TSchema>;

/** Any change (for request bodies and the OpenAPI document). */
export const ChangeSchema = Type.Union(Object.values(changeSchemas), { description: 'Một biến động' });

export type BirthChange = Static<typeof BirthChangeSchema>;
export type NewbornScreeningChange = Static<typeof NewbornScreeningChangeSchema>;
export type DeathChange = Static<typeof DeathChangeSchema>;
export type MoveInChange = Static<typeof MoveInChangeSchema>;
export type MoveOutChange = Static<typeof MoveOutChangeSchema>;
export type TransferChange = Static<typeof TransferChangeSchema>;
export type InfoChangeChange = Static<typeof InfoChangeChangeSchema>;
export type ContraceptionStartChange = Static<typeof ContraceptionStartChangeSchema>;
export type ContraceptionStopChange = Static<typeof ContraceptionStopChangeSchema>;
export type PregnancyEventChange = Static<typeof PregnancyEventChangeSchema>;
export type PrenatalScreeningChange = Static<typeof PrenatalScreeningChangeSchema>;
export type ElderlyCheckChange = Static<typeof ElderlyCheckChangeSchema>;
export type MarriageChange = Static<typeof MarriageChangeSchema>;
export type PremaritalCheckChange = Static<typeof PremaritalCheckChangeSchema>;
export type DivorceChange = Static<typeof DivorceChangeSchema>;
export type HouseholdNewChange = Static<typeof HouseholdNewChangeSchema>;
export type HouseholdSplitChange = Static<typeof HouseholdSplitChangeSchema>;
export type HeadChangeChange = Static<typeof HeadChangeChangeSchema>;
export type CorrectionChange = Static<typeof CorrectionChangeSchema>;

/** Every change, discriminated by `type`. */
export type Change =
  | BirthChange
  | NewbornScreeningChange
  | DeathChange
  | MoveInChange
  | MoveOutChange
  | TransferChange
  | InfoChangeChange
  | ContraceptionStartChange
  | ContraceptionStopChange
  | PregnancyEventChange
  | PrenatalScreeningChange
  | ElderlyCheckChange
  | MarriageChange
  | PremaritalCheckChange
  | DivorceChange
  | HouseholdNewChange
  | HouseholdSplitChange
  | HeadChangeChange
  | CorrectionChange;

export type ChangeOfType<T extends ChangeType> = Extract<Change, { type: T }>;

export function isChangeType(value: unknown): value is ChangeType {
  return typeof value === 'string' && (changeTypes as readonly string[]).includes(value);
}

/**
 * Types a correction cannot void or amend. A correction takes back what the corrected change wrote from the
 * counts and intervals it added; changes that restructure households (transfers, new households, splits, new
 * heads) also renumber households and re-rank other members, so they are put right with further changes of
 * those kinds instead. A correction is not corrected either: the original change is.
 */
export const uncorrectableChangeTypes = [
  'transfer',
  'household_new',
  'household_split',
  'head_change',
  'correction',
] as const satisfies readonly ChangeType[];
export type UncorrectableChangeType = (typeof uncorrectableChangeTypes)[number];

/** Whether an approved change of this type can be voided or amended by a correction. */
export function isCorrectable(type: string): type is Exclude<ChangeType, UncorrectableChangeType> {
  return isChangeType(type) && !(uncorrectableChangeTypes as readonly string[]).includes(type);
}

const MAX_SCHEMA_ERRORS = 20;

/** '/payload/tests/0/test' → 'payload.tests[0].test', the form rule results use. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * Checks an incoming value against the schema of its own type (so errors name the real field, not "no
 * member of the union matched"), at paths written like the rules' ('payload.tests[0].test').
 * An unknown or missing `type` is one error at `type`.
 */
export function parseChange(
  value: unknown,
): { ok: true; change: Change } | { ok: false; errors: ErrorDetail[] } {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (!isChangeType(type)) {
    return {
      ok: false,
      errors: [{ path: 'type', reason: 'unknown_change_type', message: 'Loại biến động không hợp lệ' }],
    };
  }
  const schema = changeSchemas[type];
  if (Value.Check(schema, value)) return { ok: true, change: value as Change };
  const errors: ErrorDetail[] = [];
  for (const error of Value.Errors(schema, value)) {
    errors.push({ path: pointerToPath(error.path), reason: 'schema', message: error.message });
    if (errors.length >= MAX_SCHEMA_ERRORS) break;
  }
  return { ok: false, errors };
}
