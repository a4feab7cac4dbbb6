import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../lib/router.tsx';

/** The two ways into administrative units: the places one manages, and the national list by date. */
export function UnitBrowserTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const onPlaces = pathname.startsWith('/places');
  return (
    <nav className="tabs" aria-label={t('nav.places')}>
      <Link
        to="/places"
        className={onPlaces ? 'active' : undefined}
        aria-current={onPlaces ? 'page' : undefined}
      >
        {t('nav.placesTab')}
      </Link>
      <Link
        to="/units"
        className={onPlaces ? undefined : 'active'}
        aria-current={onPlaces ? undefined : 'page'}
      >
        {t('nav.unitsTab')}
      </Link>
    </nav>
  );
}
