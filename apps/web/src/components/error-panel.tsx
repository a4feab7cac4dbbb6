import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api-client.ts';
import { useErrorText } from '../lib/error-text.ts';
import { Link } from '../lib/router.tsx';

/**
 * What a page shows when its data could not be read. A 404 (including a place outside the user's scope,
 * which the API answers as not found) reads as "not found" with a way home; a malformed address (the API
 * refuses its code or id with a 400) is not found either. Only failures that may pass offer a retry.
 */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const status = isApiError(error) ? error.status : 0;
  const notFound = status === 404 || status === 400;
  const transient = status === 0 || status >= 500 || status === 429;
  return (
    <section className={`panel error-panel${notFound ? ' error-panel-not-found' : ''}`} role="alert">
      <h2>{notFound ? t('errors.notFoundTitle') : t('errors.title')}</h2>
      <p>{errorText(error)}</p>
      <div className="actions">
        {transient && onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        ) : null}
        <Link to="/" className="button button-secondary">
          {t('common.backHome')}
        </Link>
      </div>
    </section>
  );
}
