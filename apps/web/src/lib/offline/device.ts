/** What the browser offers the offline app: the service worker, persistent storage, the network state. */

/** Registers the service worker that keeps the app shell (built apps only: the dev server has none). */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the app still works online; offline start-up is what is lost.
  });
}

/**
 * Asks the browser not to evict the phone's data under storage pressure. Resolves to whether storage is
 * persistent (browsers may grant it silently, ask the user, or refuse).
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}
