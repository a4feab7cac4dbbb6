/** Shapes of API answers that more than one feature reads. */
import type { PlaceScope, Role } from '@danso/domain';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scope: PlaceScope;
  placeName: string;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface ListAnswer<T> {
  items: T[];
  total: number;
}
