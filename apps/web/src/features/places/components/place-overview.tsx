import { useTranslation } from 'react-i18next';
import { type Stat, StatTiles } from '../../../components/stat-tiles.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { useLanguage } from '../../../lib/i18n.ts';
import type { PlaceSummary } from '../api/places-api.ts';

/** The counts of one place: households, people and, above the area level, collaborators' areas. */
export function PlaceOverview({ place, childCount }: { place: PlaceSummary; childCount?: number }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const stats: Stat[] = [
    { label: t('places.households'), value: formatNumber(place.households, language) },
    { label: t('places.people'), value: formatNumber(place.people, language) },
  ];
  if (place.kind !== 'area')
    stats.push({ label: t('places.areas'), value: formatNumber(place.areas, language) });
  if (place.kind === 'country' && childCount !== undefined) {
    stats.push({ label: t('places.provinces'), value: formatNumber(childCount, language) });
  }
  if (place.kind === 'province' && childCount !== undefined) {
    stats.push({ label: t('places.communes'), value: formatNumber(childCount, language) });
  }
  return <StatTiles stats={stats} />;
}
