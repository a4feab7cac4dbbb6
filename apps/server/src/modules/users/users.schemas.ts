import { Type } from '@sinclair/typebox';

export const Role = Type.Union(
  [
    Type.Literal('collaborator'),
    Type.Literal('commune_officer'),
    Type.Literal('province_officer'),
    Type.Literal('central_viewer'),
    Type.Literal('admin'),
  ],
  { description: 'Vai trò (role)' },
);

export const ProvinceCode = Type.String({ pattern: '^[0-9]{2}$', description: 'Mã tỉnh (2 chữ số)' });
export const CommuneCode = Type.String({ pattern: '^[0-9]{5}$', description: 'Mã xã (5 chữ số)' });
export const Uuid = Type.String({ format: 'uuid' });

export const PlaceScope = Type.Union([
  Type.Object({ kind: Type.Literal('national') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('province'), provinceCode: ProvinceCode },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('commune'), provinceCode: ProvinceCode, communeCode: CommuneCode },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('areas'),
      provinceCode: ProvinceCode,
      communeCode: CommuneCode,
      areaIds: Type.Array(Uuid, { maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
]);

export const UserView = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    role: Role,
    scope: PlaceScope,
    placeName: Type.String({ description: 'Tên địa bàn phụ trách (the place the user is responsible for)' }),
    totpEnabled: Type.Boolean(),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const Username = Type.String({
  minLength: 3,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._-]+$',
  description: 'Tên đăng nhập',
});
export const Password = Type.String({ minLength: 1, maxLength: 128 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 120 });
