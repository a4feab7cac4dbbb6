import { defaultRegisterCodeLists } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import { readRegisterCsv } from './register-file.ts';
import {
  checkAgainstRegister,
  checkRows,
  lookupKey,
  lookupOf,
  parseDateText,
  sameBirthDate,
} from './register-rows.ts';

const today = '2026-06-15';
const lists = defaultRegisterCodeLists;

function check(csv: string) {
  const file = readRegisterCsv(csv);
  expect(file.problems).toEqual([]);
  return { file, ...checkRows(file.rows, { lists, headers: file.headers, today }) };
}

const header =
  'Địa bàn số,Số hộ,Thôn/Tổ dân phố,Họ và tên,Quan hệ với chủ hộ,Giới tính,Ngày sinh,Dân tộc,Trình độ học vấn,Tình trạng hôn nhân,Tình trạng cư trú,Số thẻ BHYT,Số định danh cá nhân';

describe('dates of the old software', () => {
  it('reads DD/MM/YYYY, MM/YYYY and YYYY with their precision', () => {
    expect(parseDateText('05/03/1990')).toEqual({ date: '1990-03-05', precision: 'day' });
    expect(parseDateText('5.3.1990')).toEqual({ date: '1990-03-05', precision: 'day' });
    expect(parseDateText('1990-03-05')).toEqual({ date: '1990-03-05', precision: 'day' });
    expect(parseDateText('03/1990')).toEqual({ date: '1990-03-01', precision: 'month' });
    expect(parseDateText('1990')).toEqual({ date: '1990-01-01', precision: 'year' });
  });

  it('tells a date that does not exist from one written another way', () => {
    expect(parseDateText('31/02/1990')).toEqual({ error: 'unreal' });
    expect(parseDateText('13/1990')).toEqual({ error: 'unreal' });
    expect(parseDateText('1990/03/05')).toEqual({ error: 'format' });
    expect(parseDateText('năm 1990')).toEqual({ error: 'format' });
  });

  it('compares birth dates at the coarser precision', () => {
    expect(sameBirthDate('1950-07-01', 'year', '1950-01-01', 'year')).toBe(true);
    expect(sameBirthDate('1950-03-09', 'day', '1950-03-01', 'month')).toBe(true);
    expect(sameBirthDate('1950-03-09', 'day', '1950-03-10', 'day')).toBe(false);
  });
});

describe('code lists as the file writes them', () => {
  it('maps every code and every label of the lists it reads back to its own code', () => {
    const names = [
      'relationToHead',
      'sex',
      'ethnicity',
      'education',
      'maritalStatus',
      'residenceStatus',
      'householdKind',
    ] as const;
    for (const name of names) {
      const lookup = lookupOf(lists[name]);
      for (const entry of lists[name].entries) {
        for (const label of [entry.code, entry.vi, entry.en]) {
          expect(lookup.get(lookupKey(label)), `${name}: ${label}`).toBe(entry.code);
          expect(lookup.get(lookupKey(label.toUpperCase())), `${name}: ${label}`).toBe(entry.code);
        }
      }
    }
  });

  it('reads labels without diacritics, in any case, and the synonyms of old exports', () => {
    const { households, problems } = check(
      `${header}\n` +
        '1,7,,Lò Văn Páo,CHỦ HỘ,nam,1970,Thai,tieu hoc,Co vo/chong,thuong tru,,\n' +
        '1,7,,Lò Thị Ín,Vợ,Nữ,02/1972,03,Trung học cơ sở,Đã kết hôn,Tạm trú,,\n' +
        '1,7,,Lò Văn Cương,Con,1,12/05/2015,3,,,,,\n',
    );
    expect(problems).toEqual([]);
    const [h] = households;
    expect(h?.members.map((m) => [m.relationToHead, m.sex, m.ethnicityCode, m.maritalStatus])).toEqual([
      ['head', 1, '03', 'married'],
      ['spouse', 2, '03', 'married'],
      // A child's blank marital status is "never married"; residence defaults to permanent.
      ['child', 1, '03', 'never_married'],
    ]);
    expect(h?.members.map((m) => m.residenceStatus)).toEqual(['permanent', 'temporary', 'permanent']);
    expect(h?.members[0]?.birthDatePrecision).toBe('year');
    expect(h?.members[1]?.birthDatePrecision).toBe('month');
  });

  it('matches headers in English and snake_case', () => {
    const file = readRegisterCsv(
      'area_number;household_number;full_name;relation_to_head;sex;date_of_birth;ethnicity;marital_status\n' +
        '2;5;Nguyễn Văn An;head;1;01/01/1960;01;married\n',
    );
    expect(file.problems).toEqual([]);
    expect(file.rows[0]?.values).toMatchObject({ area_number: '2', full_name: 'Nguyễn Văn An' });
  });
});

describe('rows and households', () => {
  it('names the missing required columns and warns of unused ones', () => {
    const file = readRegisterCsv('Số hộ,Họ và tên,Ghi chú\n1,An,x\n');
    expect(file.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [1, 'Địa bàn số', 'missing_column'],
      [1, 'Quan hệ với chủ hộ', 'missing_column'],
      [1, 'Giới tính', 'missing_column'],
      [1, 'Ngày sinh', 'missing_column'],
      [1, 'Dân tộc', 'missing_column'],
    ]);
    expect(file.warnings.map((p) => [p.field, p.reason])).toEqual([['Ghi chú', 'unused_column']]);
  });

  it('reports each bad value with its line and column, and puts members in A0 order', () => {
    const { problems, households } = check(
      `${header}\n` +
        '1,1,,Trần Văn Con,Con,Nam,01/01/2015,Kinh,,,,,\n' + // line 2: a child listed before the head
        '1,1,,Trần Văn Bố,Chủ hộ,Nam,01/01/1980,Kinh,,Có vợ/chồng,,,\n' +
        '1,2,,Không Chủ,Con,Nam,01/01/2001,Kinh,,Chưa kết hôn,,,\n' + // line 4: no head
        '1,3,,Hai Chủ A,Chủ hộ,Nam,01/01/1970,Kinh,,Có vợ/chồng,,,\n' +
        '1,3,,Hai Chủ B,Chủ hộ,Nữ,01/01/1971,Kinh,,Có vợ/chồng,,,\n' + // line 6: a second head
        '1,4,,Sai Ngày,Chủ hộ,Nam,30/02/1980,Kinh,,Có vợ/chồng,,,\n' + // line 7
        '1,5,,Tương Lai,Chủ hộ,Nam,01/01/2030,Kinh,,Có vợ/chồng,,,\n' + // line 8
        '1,6,,Sai Mã,Chủ hộ,X,01/01/1980,Người sao Hỏa,Tiến sĩ,Có vợ/chồng,Lưu trú,,12345\n' + // line 9
        'một,6,,Sai Địa Bàn,Con,Nam,01/01/2015,Kinh,,,,,\n', // line 10
    );
    expect(problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [4, 'Quan hệ với chủ hộ', 'no_head'],
      [6, 'Quan hệ với chủ hộ', 'several_heads'],
      [7, 'Ngày sinh', 'unreal_date'],
      [8, 'Ngày sinh', 'future_date'],
      [9, 'Giới tính', 'unknown_code'],
      [9, 'Dân tộc', 'unknown_code'],
      [9, 'Tình trạng cư trú', 'unknown_code'],
      [9, 'Số định danh cá nhân', 'bad_personal_id'],
      [10, 'Địa bàn số', 'not_a_number'],
    ]);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
    expect(households[0]?.members.map((m) => m.fullName)).toEqual(['Trần Văn Bố', 'Trần Văn Con']);
  });

  it('refuses a household whose rows disagree, and a person listed twice', () => {
    const { problems } = check(
      `${header}\n` +
        '1,1,Thôn Nà Phai,Hà Văn Một,Chủ hộ,Nam,1960,Tày,,Có vợ/chồng,,,\n' +
        '1,1,Thôn Nà Lừa,Hà Thị Hai,Vợ,Nữ,1962,Tày,,Có vợ/chồng,,,\n' +
        '1,1,,Hà Thị Hai,Vợ,Nữ,1962,Tày,,Có vợ/chồng,,,\n',
    );
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'household_mismatch'],
      [4, 'duplicate_in_file'],
    ]);
  });

  it('checks the households against the register', () => {
    const { households } = check(
      `${header}\n` +
        '1,1,Nà Phai,Hà Văn Một,Chủ hộ,Nam,1960,Tày,,Có vợ/chồng,,,001060000001\n' +
        '1,2,Bản Lạ,Hà Văn Ba,Chủ hộ,Nam,1961,Tày,,Có vợ/chồng,,,\n' +
        '9,1,,Hà Văn Bốn,Chủ hộ,Nam,1962,Tày,,Có vợ/chồng,,,\n',
    );
    const { resolved, problems } = checkAgainstRegister(
      households,
      {
        communeCode: '05977',
        areas: new Map([[1, { id: 'area-1', hamletIds: ['h1'] }]]),
        hamlets: [{ id: 'h1', name: 'Thôn Nà Phai' }],
        existingHouseholdCodes: new Set(['05977-1-1']),
        existingPeople: [
          {
            householdCode: '05977-1-1',
            fullName: 'HÀ VĂN MỘT',
            birthDate: '1960-07-01',
            birthDatePrecision: 'year',
          },
        ],
        existingPersonalIds: new Set(['001060000001']),
      },
      {},
    );
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'household_exists'],
      [2, 'person_exists'],
      [2, 'personal_id_exists'],
      [3, 'unknown_hamlet'],
      [4, 'unknown_area'],
    ]);
    expect(resolved).toEqual([]);
  });
});
