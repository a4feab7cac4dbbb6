import { type TSchema, Type } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Uuid = Type.String({ format: 'uuid' });

export const AreaParams = Type.Object({ areaId: Uuid }, strict);
export const IdParams = Type.Object({ id: Uuid }, strict);

export const HouseholdListQuery = Type.Object(
  {
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('closed')], {
        description: 'Chỉ hộ đang hoạt động / đã đóng phiếu',
      }),
    ),
  },
  strict,
);

export const HouseholdList = Type.Object(
  {
    area: Type.Object(
      {
        id: Uuid,
        number: Type.Integer(),
        name: Type.String(),
        communeCode: Type.String(),
        communeName: Type.String(),
        provinceCode: Type.String(),
        provinceName: Type.String(),
      },
      strict,
    ),
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          id: Uuid,
          code: Type.String({ description: 'Mã hộ, duy nhất trong xã' }),
          number: Type.Integer({ description: 'Số hộ trong địa bàn' }),
          hamletName: Nullable(Type.String()),
          address: Nullable(Type.String()),
          status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
          closedOn: Nullable(IsoDate),
          headName: Nullable(Type.String({ description: 'Họ tên chủ hộ' })),
          memberCount: Type.Integer({ description: 'Số thành viên còn sống, đang ở trong hộ' }),
        },
        strict,
      ),
    ),
  },
  strict,
);

const Departure = Type.Object(
  {
    reason: Type.Union([Type.Literal('died'), Type.Literal('moved_out'), Type.Literal('transferred')], {
      description: 'Chết / chuyển đi khỏi xã / chuyển sang hộ khác trong xã',
    }),
    on: Nullable(IsoDate),
    householdId: Nullable(Uuid),
    householdCode: Nullable(Type.String()),
  },
  strict,
);

/** The A0 fields of a person with the labels of their codes. */
const personFields = {
  id: Uuid,
  rowNumber: Type.Integer({ description: 'Số dòng đã ghi trong sổ' }),
  fullName: Type.String(),
  relationToHead: Type.String(),
  relationLabel: Type.String(),
  sex: Type.Integer({ description: '1 = nam, 2 = nữ' }),
  sexLabel: Type.String(),
  birthDate: IsoDate,
  birthDatePrecision: Type.String({ description: 'day | month | year' }),
  ethnicityCode: Type.String(),
  ethnicityLabel: Type.String(),
  educationCode: Nullable(Type.String()),
  educationLabel: Nullable(Type.String()),
  maritalStatus: Type.String(),
  maritalStatusLabel: Type.String(),
  residenceStatus: Type.String(),
  residenceStatusLabel: Type.String(),
  insuranceNumber: Nullable(
    Type.String({ description: 'Mã số BHYT; che một phần với người xem rộng hơn một xã' }),
  ),
  personalId: Nullable(
    Type.String({ description: 'Số định danh cá nhân; che một phần với người xem rộng hơn một xã' }),
  ),
  vitalStatus: Type.String(),
  deathDate: Nullable(IsoDate),
  presence: Type.Union([Type.Literal('present'), Type.Literal('moved_out')]),
  movedOutOn: Nullable(IsoDate),
  departure: Nullable(Departure),
};

export const HouseholdPage = Type.Object(
  {
    household: Type.Object(
      {
        id: Uuid,
        code: Type.String(),
        number: Type.Integer(),
        address: Nullable(Type.String()),
        kind: Type.String(),
        status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
        createdOn: IsoDate,
        closedOn: Nullable(IsoDate),
        provinceCode: Type.String(),
        provinceName: Type.String(),
        communeCode: Type.String(),
        communeName: Type.String(),
        areaId: Uuid,
        areaNumber: Type.Integer(),
        areaName: Type.String(),
        hamletName: Nullable(Type.String()),
        collaborators: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() }, strict)),
      },
      strict,
    ),
    members: Type.Array(
      Type.Object(
        { ...personFields, position: Type.Integer({ description: 'Số thứ tự trên phiếu, theo thứ tự A0' }) },
        strict,
      ),
    ),
    contraception: Type.Array(
      Type.Object(
        {
          wifeId: Uuid,
          wifeName: Type.String(),
          wifeBirthYear: Type.Integer(),
          husbandName: Nullable(Type.String()),
          method: Nullable(Type.String()),
          methodLabel: Nullable(Type.String()),
          startedOn: Nullable(IsoDate),
          history: Type.Array(
            Type.Object(
              {
                method: Type.String(),
                methodLabel: Type.String(),
                validFrom: IsoDate,
                validTo: Nullable(IsoDate),
              },
              strict,
            ),
          ),
        },
        strict,
      ),
      { description: 'Phần II: theo dõi sử dụng biện pháp tránh thai của các cặp vợ chồng' },
    ),
    identifiersMasked: Type.Boolean(),
  },
  strict,
);

export const PersonPage = Type.Object(
  {
    person: Type.Object(
      {
        ...personFields,
        householdId: Uuid,
        householdCode: Type.String(),
        householdNumber: Type.Integer(),
        householdAddress: Nullable(Type.String()),
        areaId: Uuid,
        areaNumber: Type.Integer(),
        areaName: Type.String(),
        hamletName: Nullable(Type.String()),
        communeCode: Type.String(),
        communeName: Type.String(),
        provinceCode: Type.String(),
        provinceName: Type.String(),
        motherId: Nullable(Uuid),
        motherName: Nullable(Type.String()),
        mergedIntoId: Nullable(Uuid),
        contraceptiveMethod: Nullable(Type.String()),
        contraceptiveMethodLabel: Nullable(Type.String()),
        contraceptionStartedOn: Nullable(IsoDate),
      },
      strict,
    ),
    timeline: Type.Array(
      Type.Object(
        {
          id: Uuid,
          type: Type.String(),
          typeLabel: Type.String(),
          occurredOn: IsoDate,
          recordedAt: Type.String({ format: 'date-time' }),
          status: Type.String(),
          statusLabel: Type.String(),
          appliedAt: Nullable(Type.String({ format: 'date-time' })),
          reason: Nullable(Type.String()),
          authorName: Nullable(Type.String()),
          about: Type.Union([Type.Literal('person'), Type.Literal('household')], {
            description: 'Biến động về người này, hay về cả hộ khi người này đang ở trong hộ',
          }),
          householdId: Uuid,
        },
        strict,
      ),
    ),
    residences: Type.Array(
      Type.Object(
        {
          householdId: Uuid,
          householdCode: Nullable(Type.String()),
          areaId: Uuid,
          areaName: Nullable(Type.String()),
          communeCode: Type.String(),
          validFrom: IsoDate,
          validTo: Nullable(IsoDate),
        },
        strict,
      ),
    ),
    statuses: Type.Array(
      Type.Object(
        {
          kind: Type.Union([
            Type.Literal('vital'),
            Type.Literal('marital'),
            Type.Literal('residence'),
            Type.Literal('contraception'),
          ]),
          value: Type.String(),
          valueLabel: Type.String(),
          validFrom: IsoDate,
          validTo: Nullable(IsoDate),
        },
        strict,
      ),
    ),
    identifiersMasked: Type.Boolean(),
  },
  strict,
);

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Họ tên, có dấu hoặc không dấu' }),
    ),
    birthDate: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$',
        description: 'Ngày sinh YYYY-MM-DD, hoặc năm sinh YYYY',
      }),
    ),
    householdCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Mã hộ' })),
    card: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9]{6,20}$', description: 'Mã số BHYT hoặc số định danh cá nhân' }),
    ),
    communeCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: 'Chỉ tìm trong một xã' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  },
  strict,
);

export const SearchResults = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          ...personFields,
          householdId: Uuid,
          householdCode: Type.String(),
          householdAddress: Nullable(Type.String()),
          areaId: Uuid,
          areaNumber: Type.Integer(),
          areaName: Type.String(),
          communeCode: Type.String(),
          communeName: Type.String(),
        },
        strict,
      ),
    ),
    truncated: Type.Boolean({ description: 'Có nhiều kết quả hơn giới hạn: hãy thu hẹp điều kiện tìm' }),
    identifiersMasked: Type.Boolean(),
  },
  strict,
);

export const PdfResponse = Type.String({
  format: 'binary',
  description: 'Tệp PDF, khổ A4 ngang (application/pdf)',
});
