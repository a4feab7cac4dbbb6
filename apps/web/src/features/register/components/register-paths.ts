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
