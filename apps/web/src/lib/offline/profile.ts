/**
 * Who may use the phone's local book while the server cannot be reached: the collaborator who last signed in
 * on this phone, remembered with the last time the phone reached the server. Local books unused for longer
 * than the retention period are deleted at start-up, signed in or not.
 */
import type { UserView } from '../api-types.ts';
import { deleteLocalDb } from './local-db.ts';

/** Days a local book is kept without reaching the server; set at build time with VITE_DANSO_OFFLINE_DAYS. */
export const offlineRetentionDays = parseRetentionDays(import.meta.env.VITE_DANSO_OFFLINE_DAYS);

export function parseRetentionDays(value: unknown): number {
  const days = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(days) && days >= 1 && days <= 365 ? days : 30;
}

export interface OfflineProfile {
  user: UserView;
  /** The last time this phone heard from the server for her (ISO). */
  lastContactAt: string;
}

const profilesKey = 'danso.collector.profiles';
const currentKey = 'danso.collector.current';

function readProfiles(): Record<string, OfflineProfile> {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(profilesKey) ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, OfflineProfile>) : {};
  } catch {
    return {};
  }
}

function writeProfiles(profiles: Record<string, OfflineProfile>): void {
  try {
    window.localStorage.setItem(profilesKey, JSON.stringify(profiles));
  } catch {
    // Storage refused (private browsing): the local book then lasts while the page is open.
  }
}

/** Whether a book last in touch with the server at `lastContactAt` is past the retention period at `now`. */
export function isExpired(lastContactAt: string, now: Date, days = offlineRetentionDays): boolean {
  const last = Date.parse(lastContactAt);
  if (Number.isNaN(last)) return true;
  return now.getTime() - last > days * 86_400_000;
}

/** The collaborator whose local book this phone opens without the server, if any and not expired. */
export function currentProfile(now = new Date()): OfflineProfile | null {
  let id: string | null = null;
  try {
    id = window.localStorage.getItem(currentKey);
  } catch {
    return null;
  }
  const profile = id ? readProfiles()[id] : undefined;
  if (!profile || isExpired(profile.lastContactAt, now)) return null;
  return profile;
}

/** Records that the server answered for this collaborator now. */
export function rememberContact(user: UserView, now = new Date()): void {
  const profiles = readProfiles();
  profiles[user.id] = { user, lastContactAt: now.toISOString() };
  writeProfiles(profiles);
  try {
    window.localStorage.setItem(currentKey, user.id);
  } catch {
    // As above.
  }
}

/** Deletes one collaborator's local book and forgets her on this phone. */
export async function forgetCollaborator(userId: string): Promise<void> {
  const profiles = readProfiles();
  delete profiles[userId];
  writeProfiles(profiles);
  try {
    if (window.localStorage.getItem(currentKey) === userId) window.localStorage.removeItem(currentKey);
  } catch {
    // As above.
  }
  await deleteLocalDb(userId);
}

/** Deletes every local book past the retention period. Returns the ids of those deleted. */
export async function deleteExpiredBooks(now = new Date()): Promise<string[]> {
  const expired = Object.entries(readProfiles())
    .filter(([, profile]) => isExpired(profile.lastContactAt, now))
    .map(([id]) => id);
  for (const id of expired) await forgetCollaborator(id);
  return expired;
}
