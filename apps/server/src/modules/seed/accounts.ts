import { IdMaker } from './ids.ts';
import type { AreaRow, CommuneInfo, ProvinceInfo, UserAreaRow, UserRow } from './rows.ts';

/** The one password of every demo account. It is public: demo accounts exist only in demo databases. */
export const demoPassword = 'DanSo@2026';

export interface AccountInput {
  seed: number;
  province: ProvinceInfo;
  communes: ReadonlyArray<{
    commune: CommuneInfo;
    areas: ReadonlyArray<{ area: AreaRow; collaboratorName: string }>;
  }>;
  passwordHash: string;
  /** Second-factor secret of a demo account (admins and province officers must use TOTP). */
  totpSecret: (username: string) => string;
}

/** "tỉnh Lạng Sơn", "thành phố Hồ Chí Minh": the place as it reads inside a sentence. */
export function provinceLabel(province: ProvinceInfo): string {
  if (/^(Tỉnh|Thành phố)\s/.test(province.name)) return lowerFirstWord(province.name);
  return `${province.unitType === 'centrally_run_city' ? 'thành phố' : 'tỉnh'} ${province.name}`;
}

/** "xã Hữu Liên", "phường Đông Kinh", "đặc khu Côn Đảo". */
export function communeLabel(commune: CommuneInfo): string {
  if (/^(Xã|Phường|Đặc khu|Thị trấn)\s/.test(commune.name)) return lowerFirstWord(commune.name);
  const kind =
    commune.unitType === 'ward' ? 'phường' : commune.unitType === 'special_zone' ? 'đặc khu' : 'xã';
  return `${kind} ${commune.name}`;
}

function lowerFirstWord(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Thị trấn)/, (w) => w.toLowerCase());
}

/**
 * One demo account per role: the national administrator and central viewer (shared by every seeded
 * province), the province officer, an officer per commune and a collaborator per area.
 */
export function demoAccounts(input: AccountInput): { users: UserRow[]; userAreas: UserAreaRow[] } {
  const { seed, province, passwordHash, totpSecret } = input;
  const national = new IdMaker(seed, 'user', '00', '00000');
  const provinceIds = new IdMaker(seed, 'user', province.code, '00000');
  const base = { password_hash: passwordHash, is_demo: true as const };
  const users: UserRow[] = [
    {
      ...base,
      id: national.id(1),
      username: 'quantri',
      display_name: 'Quản trị hệ thống',
      role: 'admin',
      scope_province_code: null,
      scope_commune_code: null,
      totp_secret: totpSecret('quantri'),
      totp_enabled: true,
    },
    {
      ...base,
      id: national.id(2),
      username: 'trunguong',
      display_name: 'Cục Dân số (Trung ương)',
      role: 'central_viewer',
      scope_province_code: null,
      scope_commune_code: null,
      totp_secret: null,
      totp_enabled: false,
    },
    {
      ...base,
      id: provinceIds.id(0),
      username: `tinh.${province.code}`,
      display_name: `Cán bộ dân số ${provinceLabel(province)}`,
      role: 'province_officer',
      scope_province_code: province.code,
      scope_commune_code: null,
      totp_secret: totpSecret(`tinh.${province.code}`),
      totp_enabled: true,
    },
  ];
  const userAreas: UserAreaRow[] = [];
  for (const { commune, areas } of input.communes) {
    const ids = new IdMaker(seed, 'user', province.code, commune.code);
    users.push({
      ...base,
      id: ids.id(0),
      username: `xa.${commune.code}`,
      display_name: `Viên chức dân số ${communeLabel(commune)}`,
      role: 'commune_officer',
      scope_province_code: province.code,
      scope_commune_code: commune.code,
      totp_secret: null,
      totp_enabled: false,
    });
    for (const { area, collaboratorName } of areas) {
      const id = ids.id(area.number);
      users.push({
        ...base,
        id,
        username: `ctv.${commune.code}.${area.number}`,
        display_name: collaboratorName,
        role: 'collaborator',
        scope_province_code: province.code,
        scope_commune_code: commune.code,
        totp_secret: null,
        totp_enabled: false,
      });
      userAreas.push({ user_id: id, area_id: area.id });
    }
  }
  return { users, userAreas };
}
