import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';

/** The page for an address the app does not know, or one the user's role may not open. */
export function NotFoundPage({ reason = 'not-found' }: { reason?: 'not-found' | 'forbidden' }) {
  const { t } = useTranslation();
  const title = reason === 'forbidden' ? t('notFound.forbiddenTitle') : t('notFound.title');
  useDocumentTitle(title);
  return (
    <section className="panel error-panel error-panel-not-found" role="alert">
      <p className="error-code" aria-hidden="true">
        {reason === 'forbidden' ? '403' : '404'}
      </p>
      <h1>{title}</h1>
      <p>{reason === 'forbidden' ? t('notFound.forbiddenBody') : t('notFound.body')}</p>
      <div className="actions">
        <Link to="/" className="button">
          {t('common.backHome')}
        </Link>
      </div>
    </section>
  );
}
