import { DomainError } from '@danso/domain';
import { hash, verify } from '@node-rs/argon2';
import commonPasswords from 'fxa-common-password-list';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane); Algorithm.Argon2id = 2.
const argon2Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist, so timing reveals nothing. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

export const passwordMinLength = 8;
export const passwordMaxLength = 128;

/** At least 8 characters, no composition rules, not a common password, not the user name (ASVS 5.0). */
export function assertPasswordAcceptable(password: string, username?: string): void {
  const problems: string[] = [];
  if ([...password].length < passwordMinLength) problems.push('too_short');
  if (password.length > passwordMaxLength) problems.push('too_long');
  const lower = password.toLowerCase();
  if (commonPasswords.test(lower) || commonPasswords.test(password)) problems.push('common');
  if (username && lower.includes(username.toLowerCase())) problems.push('contains_username');
  if (problems.length > 0) {
    throw new DomainError(
      'DANSO_ERR_WEAK_PASSWORD',
      problems.map((reason) => ({ path: 'password', reason })),
    );
  }
}
