import { createContext, useContext } from 'react';

/**
 * True while the app runs without a live session: started with no network, on the local book of the
 * collaborator who last signed in on this phone.
 */
const OfflineModeContext = createContext(false);

export const OfflineModeProvider = OfflineModeContext.Provider;

export function useOfflineMode(): boolean {
  return useContext(OfflineModeContext);
}
