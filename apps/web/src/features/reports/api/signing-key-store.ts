/**
 * The officer's report-signing key, kept in this browser's IndexedDB per user: the secret never leaves the
 * browser; its public key is registered with the server on the first signature (POST /signing-keys). An
 * office computer is one person's workstation, so IndexedDB (which survives reloads, unlike session
 * storage, and is not sent with requests, unlike cookies) is where the key lives; signing on another
 * computer registers another key.
 */
import { generateSigningKey } from '@danso/domain';

export interface StoredSigningKey {
  userId: string;
  keyId: string;
  secretKey: string;
  publicKey: string;
  fingerprint: string;
}

const DB_NAME = 'danso-report-signing';
const STORE = 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'userId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = fn(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export const loadSigningKey = (userId: string) =>
  run<StoredSigningKey | undefined>(
    'readonly',
    (s) => s.get(userId) as IDBRequest<StoredSigningKey | undefined>,
  );

export const saveSigningKey = (key: StoredSigningKey) => run('readwrite', (s) => s.put(key));

export const forgetSigningKey = (userId: string) => run('readwrite', (s) => s.delete(userId));

/** The user's key in this browser, made and registered now if there is none yet. */
export async function ensureSigningKey(
  userId: string,
  register: (publicKey: string) => Promise<{ id: string; fingerprint: string }>,
): Promise<StoredSigningKey> {
  const stored = await loadSigningKey(userId);
  if (stored) return stored;
  const pair = await generateSigningKey();
  const registered = await register(pair.publicKey);
  const key: StoredSigningKey = {
    userId,
    keyId: registered.id,
    secretKey: pair.secretKey,
    publicKey: pair.publicKey,
    fingerprint: registered.fingerprint,
  };
  await saveSigningKey(key);
  return key;
}
