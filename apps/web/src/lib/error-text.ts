import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { clientErrorCodes, isApiError } from './api-client.ts';

/** The sentence a user reads for a failed request: the server's own message when it sent one. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error)) {
        if (error.serverMessage) return error.serverMessage;
        if (error.code === clientErrorCodes.network) return t('errors.network');
      }
      return t('errors.unexpected');
    },
    [t],
  );
}
