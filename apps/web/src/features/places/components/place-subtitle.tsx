import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../lib/labels.ts';
import type { PlaceSummary } from '../api/places-api.ts';

/** "Xã · Nông thôn · Tỉnh Lạng Sơn": what kind of place this is and where it lies. */
export function PlaceSubtitle({ place }: { place: PlaceSummary }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const parts = [
    place.kind === 'area' ? t('places.area') : labels.unitType(place.unitType),
    place.kind === 'commune' ? labels.urbanity(place.urbanity) : '',
    place.parentName ?? '',
  ].filter((part) => part !== '');
  return <>{parts.join(' · ')}</>;
}
