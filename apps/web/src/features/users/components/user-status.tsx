import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../lib/api-types.ts';

export function UserStatus({ user }: { user: UserView }) {
  const { t } = useTranslation();
  return (
    <span className="status-tags">
      {user.disabled ? (
        <span className="tag tag-danger">{t('users.disabled')}</span>
      ) : (
        <span className="tag tag-success">{t('users.active')}</span>
      )}
      {user.totpEnabled ? <span className="tag">{t('users.totpOn')}</span> : null}
    </span>
  );
}
