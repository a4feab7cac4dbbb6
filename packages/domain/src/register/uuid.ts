/**
 * Ids. Changes get a UUIDv7 made on the device (RFC 9562: 48-bit Unix-millisecond timestamp, version 7,
 * variant 10), so that they sort by creation time and a replay can be recognised. Only the canonical
 * lower-case form is accepted — what UUID libraries print and PostgreSQL returns — so the same id always
 * compares equal as text.
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** JSON-schema patterns of the same checks, for the change schemas. */
export const UUID_PATTERN = UUID_RE.source;
export const UUID_V7_PATTERN = UUID_V7_RE.source;

/** Any canonical UUID (ids of households and people imported from older software need not be v7). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function isUuidV7(value: string): boolean {
  return UUID_V7_RE.test(value);
}

/** The creation time a UUIDv7 carries, in milliseconds since 1970 (null if it is not a UUIDv7). */
export function uuidV7Milliseconds(value: string): number | null {
  if (!isUuidV7(value)) return null;
  return Number.parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}

/**
 * A new UUIDv7 from a time and 10 random bytes (the caller passes both: the domain has no clock and no
 * randomness). The time orders ids; the random part makes them unique across devices.
 */
export function makeUuidV7(milliseconds: number, random: Uint8Array): string {
  if (random.length < 10) throw new Error('makeUuidV7 needs 10 random bytes');
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const time = hex(Math.floor(milliseconds), 12);
  const r = Array.from(random.slice(0, 10), (b) => hex(b, 2)).join('');
  const variant = hex((Number.parseInt(r.slice(3, 4), 16) & 0x3) | 0x8, 1);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(8, 20)}`;
}
