import { useTranslation } from 'react-i18next';
import { useOptionalCollector } from '../hooks/collector-context.tsx';

/** Under the header, on every screen of a collaborator: working without network. */
export function CollectorBanner({ offlineMode }: { offlineMode: boolean }) {
  const { t } = useTranslation();
  const collector = useOptionalCollector();
  if (!collector || (collector.online && !offlineMode)) return null;
  return (
    <p className="alert alert-info offline-banner" role="status" data-testid="offline-banner">
      {t('collector.offlineBanner')}
    </p>
  );
}
