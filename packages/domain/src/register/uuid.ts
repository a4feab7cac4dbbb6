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
