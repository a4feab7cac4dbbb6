import type { Role } from '@danso/domain';
import { useTranslation } from 'react-i18next';
import { Link } from '../../../lib/router.tsx';
import { householdBookPath } from './register-paths.ts';
import './register.css';

/** Roles that read the register's people: the others see only counts. */
export function readsRegister(role: Role): boolean {
  return role === 'collaborator' || role === 'commune_officer' || role === 'province_officer';
}

/** The way from an area's page to its household book. */
export function HouseholdBookLink({ areaId }: { areaId: string }) {
  const { t } = useTranslation();
  return (
    <div className="register-book-link">
      <Link to={householdBookPath(areaId)} className="button">
        {t('register.book.open')}
      </Link>
    </div>
  );
}
