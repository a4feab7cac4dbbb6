import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRealDate, isRealTimestamp } from './dates.ts';
import { isUuid, isUuidV7, makeUuidV7, uuidV7Milliseconds } from './uuid.ts';

describe('isUuidV7', () => {
  it('accepts canonical lower-case UUIDv7 only', () => {
    expect(isUuidV7('01936f3c-8a4e-7b2c-9d1e-0f2a3b4c5d6e')).toBe(true);
    expect(isUuidV7('01936F3C-8A4E-7B2C-9D1E-0F2A3B4C5D6E')).toBe(false);
    expect(isUuidV7('a0000000-0000-4000-8000-000000000001')).toBe(false); // v4
    expect(isUuidV7('01936f3c-8a4e-7b2c-cd1e-0f2a3b4c5d6e')).toBe(false); // variant 110
    expect(isUuidV7('01936f3c8a4e7b2c9d1e0f2a3b4c5d6e')).toBe(false);
    expect(isUuidV7('')).toBe(false);
    expect(isUuid('a0000000-0000-4000-8000-000000000001')).toBe(true);
  });

  it('reads the creation time', () => {
    expect(uuidV7Milliseconds('01936f3c-8a4e-7b2c-9d1e-0f2a3b4c5d6e')).toBe(0x01936f3c8a4e);
    expect(new Date(uuidV7Milliseconds('01936f3c-8a4e-7b2c-9d1e-0f2a3b4c5d6e')!).getUTCFullYear()).toBe(2024);
    expect(uuidV7Milliseconds('a0000000-0000-4000-8000-000000000001')).toBeNull();
  });

  it('property: every RFC 9562 v7 layout is accepted and gives back its timestamp', () => {
    const hex = (n: bigint, width: number) => n.toString(16).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 12n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }),
        (ms, randA, randB) => {
          const tail = hex((2n << 62n) | randB, 16);
          const id = `${hex(ms, 12).slice(0, 8)}-${hex(ms, 12).slice(8)}-7${hex(randA, 3)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
          expect(isUuidV7(id)).toBe(true);
          expect(uuidV7Milliseconds(id)).toBe(Number(ms));
        },
      ),
    );
  });

  it('property: a UUID of any other version is refused', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isUuidV7(id)).toBe(id[14] === '7' && '89ab'.includes(id[19]!));
      }),
    );
  });
});

describe('dates and timestamps', () => {
  it('a real date exists in the calendar', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-2-28')).toBe(false);
  });

  it('a timestamp has a zone and real parts', () => {
    expect(isRealTimestamp('2026-03-02T09:30:00+07:00')).toBe(true);
    expect(isRealTimestamp('2026-03-02T09:30Z')).toBe(true);
    expect(isRealTimestamp('2026-03-02T09:30:00.123456Z')).toBe(true);
    expect(isRealTimestamp('2026-03-02T09:30:00')).toBe(false);
    expect(isRealTimestamp('2026-03-02T24:00:00Z')).toBe(false);
    expect(isRealTimestamp('2026-02-30T10:00:00Z')).toBe(false);
    expect(isRealTimestamp('2026-03-02T10:00:00+15:00')).toBe(false);
  });
});

describe('makeUuidV7', () => {
  it('makes valid UUIDv7s that carry their time and sort by it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (ms, random) => {
          const id = makeUuidV7(ms, random);
          expect(isUuidV7(id)).toBe(true);
          expect(uuidV7Milliseconds(id)).toBe(ms);
          expect(makeUuidV7(ms + 1, random) > id).toBe(true);
        },
      ),
    );
  });
});
