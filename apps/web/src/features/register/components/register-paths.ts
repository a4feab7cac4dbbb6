/** Where the register's screens live. */
export function householdBookPath(areaId: string): string {
  return `/register/areas/${encodeURIComponent(areaId)}`;
}

export function householdPath(id: string): string {
  return `/register/households/${encodeURIComponent(id)}`;
}

export function personPath(id: string): string {
  return `/register/people/${encodeURIComponent(id)}`;
}

export const searchPath = '/register/search';

/** The entry of a new change for a household, its type (and scope) and person chosen already. */
export function changeEntryPath(
  householdId: string,
  choice: { type?: string; scope?: 'household'; person?: string } = {},
): string {
  const query = new URLSearchParams({ household: householdId, ...choice });
  return `/changes/new?${query.toString()}`;
}
