import { describe, expect, it } from 'vitest';
import { communeLabel, demoAccounts, provinceLabel } from './accounts.ts';
import { uuidPattern } from './ids.ts';

const area = (commune: string, number: number) => ({
  area: {
    id: `area-${commune}-${number}`,
    province_code: '79',
    commune_code: commune,
    number,
    name: `Địa bàn số ${number}`,
  },
  collaboratorName: `Nguyễn Thị ${number}`,
});

describe('demo accounts', () => {
  const province = { code: '79', name: 'Thành phố Hồ Chí Minh', unitType: 'centrally_run_city' };
  const { users, userAreas } = demoAccounts({
    seed: 5,
    province,
    passwordHash: 'hash',
    totpSecret: (username) => `secret-${username}`,
    communes: [
      {
        commune: { code: '26734', name: 'Phường Sài Gòn', unitType: 'ward', urbanity: 'urban' },
        areas: [area('26734', 1), area('26734', 2)],
      },
      {
        commune: { code: '27004', name: 'Xã Bình Chánh', unitType: 'commune', urbanity: 'rural' },
        areas: [area('27004', 1)],
      },
    ],
  });

  it('has one account per role and scope, named after the place or the collaborator', () => {
    expect(users.map((u) => [u.username, u.role, u.scope_province_code, u.scope_commune_code])).toEqual([
      ['quantri', 'admin', null, null],
      ['trunguong', 'central_viewer', null, null],
      ['tinh.79', 'province_officer', '79', null],
      ['xa.26734', 'commune_officer', '79', '26734'],
      ['ctv.26734.1', 'collaborator', '79', '26734'],
      ['ctv.26734.2', 'collaborator', '79', '26734'],
      ['xa.27004', 'commune_officer', '79', '27004'],
      ['ctv.27004.1', 'collaborator', '79', '27004'],
    ]);
    expect(users.find((u) => u.username === 'tinh.79')?.display_name).toBe(
      'Cán bộ dân số thành phố Hồ Chí Minh',
    );
    expect(users.find((u) => u.username === 'xa.26734')?.display_name).toBe(
      'Viên chức dân số phường Sài Gòn',
    );
    expect(users.find((u) => u.username === 'ctv.26734.2')?.display_name).toBe('Nguyễn Thị 2');
    for (const u of users) {
      expect(u.username).toMatch(/^[a-z0-9._-]{3,64}$/);
      expect(u.id).toMatch(uuidPattern);
      expect(u.is_demo).toBe(true);
      expect(u.password_hash).toBe('hash');
      expect(u.totp_enabled).toBe(u.role === 'admin' || u.role === 'province_officer');
      expect(u.totp_secret).toBe(u.totp_enabled ? `secret-${u.username}` : null);
    }
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
  });

  it('links each collaborator to her area', () => {
    const collaborators = users.filter((u) => u.role === 'collaborator');
    expect(userAreas).toEqual(
      collaborators.map((u) => ({
        user_id: u.id,
        area_id: `area-${u.scope_commune_code}-${u.username.split('.')[2]}`,
      })),
    );
  });

  it('keeps the national accounts the same for every province of one seed', () => {
    const other = demoAccounts({
      seed: 5,
      province: { code: '20', name: 'Lạng Sơn', unitType: 'province' },
      passwordHash: 'hash',
      totpSecret: () => 's',
      communes: [],
    });
    expect(other.users.slice(0, 2).map((u) => u.id)).toEqual(users.slice(0, 2).map((u) => u.id));
    expect(other.users[2]?.id).not.toBe(users[2]?.id);
  });

  it('reads place names inside a sentence', () => {
    expect(provinceLabel({ code: '20', name: 'Lạng Sơn', unitType: 'province' })).toBe('tỉnh Lạng Sơn');
    expect(communeLabel({ code: '06400', name: 'Xã Hữu Liên', unitType: 'commune', urbanity: 'rural' })).toBe(
      'xã Hữu Liên',
    );
    expect(
      communeLabel({ code: '26881', name: 'Côn Đảo', unitType: 'special_zone', urbanity: 'special' }),
    ).toBe('đặc khu Côn Đảo');
  });
});
