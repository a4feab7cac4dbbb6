import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../lib/api-types.ts';
import { useLabels } from '../../../lib/labels.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { CollectorDashboard } from './collector-dashboard.tsx';

/** The collaborator's home screen when the app started without network: all of it from the phone. */
export function CollectorHome({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const labels = useLabels();
  useDocumentTitle(t('nav.home'));
  return (
    <>
      <header className="page-header greeting">
        <p className="eyebrow">{labels.role(user.role)}</p>
        <h1>{t('home.greeting', { name: user.displayName })}</h1>
        <p className="page-subtitle">{t('home.scope', { place: user.placeName })}</p>
      </header>
      <CollectorDashboard />
    </>
  );
}
