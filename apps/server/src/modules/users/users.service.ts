import { randomUUID } from 'node:crypto';
import {
  type Actor,
  assertAllowed,
  DomainError,
  type PlaceScope,
  type Role,
  scopeKindsForRole,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import type { AdminUnitsService } from '../admin-units/admin-units.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { deleteSessionsOfUser } from '../auth/auth.repository.ts';
import { actorOf } from '../auth/auth.service.ts';
import { assertPasswordAcceptable, hashPassword } from '../auth/passwords.ts';
import { scopeFromRow } from './user-scope.ts';
import {
  areaIdsOfUser,
  areaIdsOfUsers,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  replaceUserAreas,
  type UserRow,
  updateUser,
} from './users.repository.ts';

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

export interface ScopeInput {
  role: Role;
  provinceCode?: string | undefined;
  communeCode?: string | undefined;
  areaIds?: string[] | undefined;
}

export interface CreateUserInput extends ScopeInput {
  username: string;
  displayName: string;
  password: string;
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  role?: Role | undefined;
  provinceCode?: string | undefined;
  communeCode?: string | undefined;
  areaIds?: string[] | undefined;
}

/** Administration of accounts: who may sign in, in which role, for which place. */
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly units: AdminUnitsService,
  ) {}

  /** The public view of an account, with the name of its place. */
  async view(user: UserRow, scope?: PlaceScope): Promise<UserView> {
    const resolved = scope ?? (await actorOf(this.database.db, user)).scope;
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      scope: resolved,
      placeName: await this.units.scopeName(resolved),
      totpEnabled: user.totp_enabled,
      disabled: user.disabled_at !== null,
      createdAt: user.created_at.toISOString(),
    };
  }

  private async views(users: UserRow[]): Promise<UserView[]> {
    const areas = await areaIdsOfUsers(
      this.database.db,
      users.filter((u) => u.role === 'collaborator').map((u) => u.id),
    );
    return Promise.all(users.map((u) => this.view(u, scopeFromRow(u, areas.get(u.id) ?? []))));
  }

  async list(
    actor: Actor,
    filter: { q?: string | undefined; role?: Role | undefined; limit: number; offset: number },
  ): Promise<{ items: UserView[]; total: number }> {
    assertAllowed(actor, 'users.manage');
    const provinceCode = actor.scope.kind === 'province' ? actor.scope.provinceCode : undefined;
    const { items, total } = await listUsers(this.database.db, {
      limit: filter.limit,
      offset: filter.offset,
      ...(filter.q ? { q: filter.q } : {}),
      ...(filter.role ? { role: filter.role } : {}),
      ...(provinceCode ? { provinceCode } : {}),
    });
    return { items: await this.views(items), total };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    return this.view(await this.managedUser(actor, id));
  }

  async create(actor: Actor, input: CreateUserInput, clientAddress: string): Promise<UserView> {
    assertAllowed(actor, 'users.manage');
    const username = input.username.trim().toLowerCase();
    assertPasswordAcceptable(input.password, username);
    const scope = await this.checkScope(actor, input);
    if (await findUserByUsername(this.database.db, username)) {
      throw new DomainError('DANSO_ERR_CONFLICT', [{ path: 'username', reason: 'taken' }]);
    }
    const id = randomUUID();
    const passwordHash = await hashPassword(input.password);
    await this.database.db.transaction().execute(async (trx) => {
      await insertUser(trx, {
        id,
        username,
        display_name: input.displayName.trim(),
        role: input.role,
        ...scopeColumns(scope),
        password_hash: passwordHash,
        totp_secret: null,
      });
      if (scope.kind === 'areas') await replaceUserAreas(trx, id, scope.areaIds);
      await this.record(trx, actor, 'users.create', id, clientAddress, {
        role: input.role,
        scope: scope.kind,
      });
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateUserInput, clientAddress: string): Promise<UserView> {
    const user = await this.managedUser(actor, id);
    const scopeChanged =
      input.role !== undefined ||
      input.provinceCode !== undefined ||
      input.communeCode !== undefined ||
      input.areaIds !== undefined;
    const current = scopeFromRow(user, await areaIdsOfUser(this.database.db, id));
    const scope = scopeChanged
      ? await this.checkScope(actor, {
          role: input.role ?? user.role,
          provinceCode: input.provinceCode ?? user.scope_province_code ?? undefined,
          communeCode: input.communeCode ?? user.scope_commune_code ?? undefined,
          areaIds: input.areaIds ?? (current.kind === 'areas' ? current.areaIds : undefined),
        })
      : current;
    if (scopeChanged && id === actor.userId)
      throw new DomainError('DANSO_ERR_FORBIDDEN', [{ reason: 'own_role' }]);
    await this.database.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, {
        ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
        ...(scopeChanged ? { role: input.role ?? user.role, ...scopeColumns(scope) } : {}),
      });
      if (scopeChanged) {
        await replaceUserAreas(trx, id, scope.kind === 'areas' ? scope.areaIds : []);
        // A new role or place takes effect at the next sign-in; open sessions end now.
        await deleteSessionsOfUser(trx, id);
      }
      await this.record(trx, actor, 'users.update', id, clientAddress, {
        fields: Object.keys(input).filter((k) => input[k as keyof UpdateUserInput] !== undefined),
      });
    });
    return this.get(actor, id);
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean, clientAddress: string): Promise<UserView> {
    await this.managedUser(actor, id);
    if (id === actor.userId) throw new DomainError('DANSO_ERR_FORBIDDEN', [{ reason: 'own_account' }]);
    await this.database.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, { disabled_at: disabled ? new Date() : null });
      if (disabled) await deleteSessionsOfUser(trx, id);
      await this.record(trx, actor, disabled ? 'users.disable' : 'users.enable', id, clientAddress);
    });
    return this.get(actor, id);
  }

  async setPassword(actor: Actor, id: string, password: string, clientAddress: string): Promise<UserView> {
    const user = await this.managedUser(actor, id);
    assertPasswordAcceptable(password, user.username);
    const passwordHash = await hashPassword(password);
    await this.database.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, { password_hash: passwordHash });
      await deleteSessionsOfUser(trx, id);
      await this.record(trx, actor, 'users.password_reset', id, clientAddress);
    });
    return this.get(actor, id);
  }

  async resetTotp(actor: Actor, id: string, clientAddress: string): Promise<UserView> {
    await this.managedUser(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, { totp_secret: null, totp_enabled: false });
      await deleteSessionsOfUser(trx, id);
      await this.record(trx, actor, 'users.totp_reset', id, clientAddress);
    });
    return this.get(actor, id);
  }

  /** The account, when the actor may manage it: national admins all, province admins their province's. */
  private async managedUser(actor: Actor, id: string): Promise<UserRow> {
    assertAllowed(actor, 'users.manage');
    const user = await findUserById(this.database.db, id);
    if (!user) throw new DomainError('DANSO_ERR_NOT_FOUND');
    if (actor.scope.kind === 'province' && user.scope_province_code !== actor.scope.provinceCode) {
      throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
    }
    return user;
  }

  /** The role needs a scope of its kind, the places must exist, and a province admin stays in her province. */
  private async checkScope(actor: Actor, input: ScopeInput): Promise<PlaceScope> {
    const kinds = scopeKindsForRole(input.role);
    const invalid = (reason: string, path = 'scope') =>
      new DomainError('DANSO_ERR_INVALID_SCOPE', [{ path, reason }]);
    let scope: PlaceScope;
    if (kinds.includes('areas')) {
      if (!input.provinceCode || !input.communeCode || !input.areaIds?.length)
        throw invalid('areas_required', 'areaIds');
      scope = {
        kind: 'areas',
        provinceCode: input.provinceCode,
        communeCode: input.communeCode,
        areaIds: [...new Set(input.areaIds)],
      };
    } else if (kinds.includes('commune')) {
      if (!input.provinceCode || !input.communeCode) throw invalid('commune_required', 'communeCode');
      scope = { kind: 'commune', provinceCode: input.provinceCode, communeCode: input.communeCode };
    } else if (kinds.includes('province') && input.provinceCode) {
      scope = { kind: 'province', provinceCode: input.provinceCode };
    } else if (kinds.includes('national')) {
      scope = { kind: 'national' };
    } else {
      throw invalid('province_required', 'provinceCode');
    }
    if (
      actor.scope.kind === 'province' &&
      (scope.kind === 'national' || scope.provinceCode !== actor.scope.provinceCode)
    ) {
      throw new DomainError('DANSO_ERR_OUT_OF_SCOPE');
    }
    const problem = await this.units.checkScopeExists(scope);
    if (problem) throw invalid(problem.reason, problem.path);
    return scope;
  }

  private record(
    ex: Executor,
    actor: Actor,
    action: string,
    userId: string,
    clientAddress: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        actorUserId: actor.userId,
        actorRole: actor.role,
        objectType: 'user',
        objectId: userId,
        clientAddress,
        ...(details ? { details } : {}),
      },
      ex,
    );
  }
}

function scopeColumns(scope: PlaceScope): {
  scope_province_code: string | null;
  scope_commune_code: string | null;
} {
  return {
    scope_province_code: scope.kind === 'national' ? null : scope.provinceCode,
    scope_commune_code: scope.kind === 'commune' || scope.kind === 'areas' ? scope.communeCode : null,
  };
}
