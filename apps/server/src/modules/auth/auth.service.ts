import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, DomainError, roleRequiresTotp } from '@danso/domain';
import type { Config } from '../../config.ts';
import type { Database, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { scopeFromRow } from '../users/user-scope.ts';
import {
  areaIdsOfUser,
  findUserById,
  findUserByUsername,
  type UserRow,
  updateUser,
} from '../users/users.repository.ts';
import {
  clearThrottle,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findThrottles,
  insertSession,
  type SessionRow,
  type SessionStage,
  saveThrottle,
  touchSession,
} from './auth.repository.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { checkTotpCode, newTotpSecret, totpUri } from './totp.ts';

export interface SignedIn {
  /** The cookie value; only its hash is stored. */
  token: string;
  session: SessionRow;
  user: UserRow;
  actor: Actor;
}

/** What the request hook attaches to a request with a valid session. */
export interface SessionContext {
  tokenHash: string;
  session: SessionRow;
  user: UserRow;
  actor: Actor;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function throttleKey(kind: 'account' | 'address', value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Builds the actor (role and place scope) of a user. */
export async function actorOf(ex: Executor, user: UserRow): Promise<Actor> {
  const areaIds = user.role === 'collaborator' ? await areaIdsOfUser(ex, user.id) : [];
  return { userId: user.id, role: user.role, scope: scopeFromRow(user, areaIds) };
}

/** Sign-in, second factor, sessions and their expiry, and the throttling of failed attempts. */
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  private get db() {
    return this.database.db;
  }

  async login(input: { username: string; password: string; clientAddress: string }): Promise<SignedIn> {
    const username = input.username.trim().toLowerCase();
    const now = new Date();
    const keys = [throttleKey('account', username), throttleKey('address', input.clientAddress)];
    const throttles = await findThrottles(this.db, keys);
    if (throttles.some((t) => t.locked_until && t.locked_until > now)) {
      await this.audit.record({ action: 'auth.login_throttled', clientAddress: input.clientAddress });
      throw new DomainError('DANSO_ERR_TOO_MANY_ATTEMPTS');
    }

    const user = await findUserByUsername(this.db, username);
    // Verify against a dummy hash when there is no such user, so that timing does not tell.
    const passwordOk = await verifyPassword(
      user?.password_hash ?? (await dummyPasswordHash()),
      input.password,
    );
    if (!user || !passwordOk || user.disabled_at) {
      await this.recordFailure(keys, now);
      await this.audit.record({
        action: 'auth.login_failed',
        actorUserId: user?.id ?? null,
        clientAddress: input.clientAddress,
        details: { reason: !user ? 'unknown_account' : user.disabled_at ? 'disabled' : 'wrong_password' },
      });
      throw new DomainError('DANSO_ERR_BAD_CREDENTIALS');
    }

    await clearThrottle(this.db, keys[0] as string);
    await deleteExpiredSessions(this.db, now);
    const stage: SessionStage = user.totp_enabled
      ? 'totp_required'
      : roleRequiresTotp(user.role)
        ? 'totp_enrolment_required'
        : 'active';
    const signedIn = await this.db.transaction().execute(async (trx) => {
      const created = await this.createSession(trx, user, stage, now);
      await this.audit.record(
        {
          action: stage === 'active' ? 'auth.login' : 'auth.password_accepted',
          actorUserId: user.id,
          actorRole: user.role,
          clientAddress: input.clientAddress,
          details: { stage },
        },
        trx,
      );
      return created;
    });
    return signedIn;
  }

  private async recordFailure(keys: string[], now: Date): Promise<void> {
    const existing = new Map((await findThrottles(this.db, keys)).map((t) => [t.key, t]));
    const windowMs = this.config.loginLockMinutes * 60_000;
    const limits = [this.config.loginMaxFailuresPerAccount, this.config.loginMaxFailuresPerAddress];
    for (const [i, key] of keys.entries()) {
      const old = existing.get(key);
      const fresh = !old || now.getTime() - old.window_start.getTime() > windowMs;
      const failures = fresh ? 1 : (old?.failures ?? 0) + 1;
      await saveThrottle(this.db, {
        key,
        failures,
        window_start: fresh ? now : (old?.window_start ?? now),
        locked_until: failures >= (limits[i] ?? 1) ? new Date(now.getTime() + windowMs) : null,
      });
    }
  }

  private async createSession(
    ex: Executor,
    user: UserRow,
    stage: SessionStage,
    now: Date,
  ): Promise<SignedIn> {
    const token = randomBytes(16).toString('base64url'); // 128 bits
    const session: SessionRow = {
      token_hash: hashToken(token),
      user_id: user.id,
      csrf_token: randomBytes(16).toString('base64url'),
      stage,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000),
    };
    await insertSession(ex, session);
    return { token, session, user, actor: await actorOf(ex, user) };
  }

  /** The session behind a cookie, or null when it is unknown, idle too long, past its end, or its user is disabled. */
  async resolveSession(token: string): Promise<SessionContext | null> {
    const tokenHash = hashToken(token);
    const session = await findSession(this.db, tokenHash);
    if (!session) return null;
    const now = new Date();
    const idleMs = this.config.sessionIdleMinutes * 60_000;
    if (session.expires_at <= now || now.getTime() - session.last_seen_at.getTime() > idleMs) {
      await deleteSession(this.db, tokenHash);
      return null;
    }
    const user = await findUserById(this.db, session.user_id);
    if (!user || user.disabled_at) {
      await deleteSessionsOfUser(this.db, session.user_id);
      return null;
    }
    // Refresh the idle timer at most once a minute, to spare a write per request.
    if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
      await touchSession(this.db, tokenHash, now);
      session.last_seen_at = now;
    }
    return { tokenHash, session, user, actor: await actorOf(this.db, user) };
  }

  /** Second step of a sign-in with TOTP. The session gets a new token once the factor is proven. */
  async verifyTotp(context: SessionContext, code: string, clientAddress: string): Promise<SignedIn> {
    if (context.session.stage !== 'totp_required' || !context.user.totp_secret) {
      throw new DomainError('DANSO_ERR_FORBIDDEN');
    }
    return this.completeSecondFactor(
      context,
      context.user.totp_secret,
      code,
      clientAddress,
      'auth.totp_verified',
    );
  }

  /** Starts (or restarts) TOTP enrolment: a new secret, not in force until confirmed with a code. */
  async enrolTotp(context: SessionContext, clientAddress: string): Promise<{ secret: string; uri: string }> {
    if (context.user.totp_enabled) throw new DomainError('DANSO_ERR_CONFLICT');
    const secret = newTotpSecret();
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, context.user.id, { totp_secret: secret, totp_enabled: false });
      await this.audit.record(
        {
          action: 'auth.totp_enrolment_started',
          actorUserId: context.user.id,
          actorRole: context.user.role,
          clientAddress,
        },
        trx,
      );
    });
    return { secret, uri: totpUri(secret, context.user.username) };
  }

  async confirmTotp(context: SessionContext, code: string, clientAddress: string): Promise<SignedIn> {
    const user = await findUserById(this.db, context.user.id);
    if (!user?.totp_secret || user.totp_enabled) throw new DomainError('DANSO_ERR_FORBIDDEN');
    return this.completeSecondFactor(
      { ...context, user },
      user.totp_secret,
      code,
      clientAddress,
      'auth.totp_enrolled',
    );
  }

  private async completeSecondFactor(
    context: SessionContext,
    secret: string,
    code: string,
    clientAddress: string,
    action: string,
  ): Promise<SignedIn> {
    const now = new Date();
    const keys = [throttleKey('account', context.user.username), throttleKey('address', clientAddress)];
    const throttles = await findThrottles(this.db, keys);
    if (throttles.some((t) => t.locked_until && t.locked_until > now)) {
      throw new DomainError('DANSO_ERR_TOO_MANY_ATTEMPTS');
    }
    if (!checkTotpCode(secret, code)) {
      await this.recordFailure(keys, now);
      await this.audit.record({
        action: 'auth.totp_failed',
        actorUserId: context.user.id,
        actorRole: context.user.role,
        clientAddress,
      });
      throw new DomainError('DANSO_ERR_TOTP_INVALID');
    }
    await clearThrottle(this.db, keys[0] as string);
    return this.db.transaction().execute(async (trx) => {
      if (action === 'auth.totp_enrolled') await updateUser(trx, context.user.id, { totp_enabled: true });
      await deleteSession(trx, context.tokenHash);
      const user = { ...context.user, totp_enabled: true };
      const signedIn = await this.createSession(trx, user, 'active', now);
      await this.audit.record({ action, actorUserId: user.id, actorRole: user.role, clientAddress }, trx);
      return signedIn;
    });
  }

  async logout(context: SessionContext, clientAddress: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await deleteSession(trx, context.tokenHash);
      await this.audit.record(
        { action: 'auth.logout', actorUserId: context.user.id, actorRole: context.user.role, clientAddress },
        trx,
      );
    });
  }
}
