import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const issuer = 'DânSố';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The fixed TOTP secret of a demo account, derived from its user name so that the demo and the
 * end-to-end tests can compute codes. Only accounts flagged `is_demo` use it.
 */
export function demoTotpSecret(username: string): string {
  const bytes = createHash('sha256').update(`danso-demo-totp:${username}`).digest().subarray(0, 20);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 20) }).base32;
}

function totp(secret: string, username: string): TOTP {
  return new TOTP({
    issuer,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

export function currentTotpCode(secret: string, username = 'user', timestamp = Date.now()): string {
  return totp(secret, username).generate({ timestamp });
}

/** Accepts the code of the current 30-second step or the one either side (clock drift). */
export function checkTotpCode(secret: string, code: string, timestamp = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totp(secret, 'user').validate({ token: code, timestamp, window: 1 }) !== null;
}
