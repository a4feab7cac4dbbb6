import { randomUUID } from 'node:crypto';
import {
  type Actor,
  DomainError,
  type ErrorCode,
  fromBase64Url,
  keyFingerprint,
  type Role,
  verifyDocument,
} from '@danso/domain';
import type { Database, Executor } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { findKey, insertKey, keysOf, revokeKey, type SigningKeyRow } from './signing-keys.repository.ts';

/** Who signs documents: collaborators (the month's submission) and officers (reports they close). */
const signingRoles: readonly Role[] = ['collaborator', 'commune_officer', 'province_officer'];

export interface SigningKeyView {
  id: string;
  fingerprint: string;
  label: string;
  deviceId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

function view(row: SigningKeyRow): SigningKeyView {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    label: row.label,
    deviceId: row.device_id,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export type SignatureCheck =
  | { ok: true; key: SigningKeyView & { userId: string; publicKey: string } }
  | {
      ok: false;
      code: Extract<
        ErrorCode,
        'DANSO_ERR_SIGNATURE_INVALID' | 'DANSO_ERR_SIGNING_KEY_UNKNOWN' | 'DANSO_ERR_SIGNING_KEY_REVOKED'
      >;
    };

/**
 * For other modules: is `signature` a signature of `document` (its canonical JSON) by the key `keyId` of user
 * `userId`, a key that is not revoked? Unknown keys and keys of someone else are reported alike.
 * Pass `at` to check a signature made at that time against a key revoked later (a stored document).
 */
export async function verifySignedBy(
  ex: Executor,
  input: { userId: string; keyId: string; document: unknown; signature: string; at?: Date },
): Promise<SignatureCheck> {
  const row = await findKey(ex, input.keyId);
  if (!row || row.user_id !== input.userId) return { ok: false, code: 'DANSO_ERR_SIGNING_KEY_UNKNOWN' };
  if (row.revoked_at && (!input.at || new Date(row.revoked_at) <= input.at)) {
    return { ok: false, code: 'DANSO_ERR_SIGNING_KEY_REVOKED' };
  }
  if (!(await verifyDocument(row.public_key, input.document, input.signature))) {
    return { ok: false, code: 'DANSO_ERR_SIGNATURE_INVALID' };
  }
  return { ok: true, key: { ...view(row), userId: row.user_id, publicKey: row.public_key } };
}

/** The registry of public keys that users' devices sign with. */
export class SigningKeysService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  private assertSigner(actor: Actor) {
    if (!signingRoles.includes(actor.role)) throw new DomainError('DANSO_ERR_FORBIDDEN');
  }

  /** Registers a device's public key; the same key again answers with the first registration. */
  async register(
    actor: Actor,
    input: { publicKey: string; label: string; deviceId?: string },
  ): Promise<{ key: SigningKeyView; created: boolean }> {
    this.assertSigner(actor);
    try {
      fromBase64Url(input.publicKey, 32);
    } catch {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: 'publicKey', reason: 'not_a_32_byte_base64url_key' },
      ]);
    }
    const label = input.label.trim();
    if (!label) throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'label', reason: 'required' }]);
    return this.database.db.transaction().execute(async (trx) => {
      const { key, created } = await insertKey(trx, {
        id: randomUUID(),
        user_id: actor.userId,
        public_key: input.publicKey,
        fingerprint: keyFingerprint(input.publicKey),
        label,
        device_id: input.deviceId ?? null,
      });
      if (created) {
        await this.audit.record(
          {
            action: 'signing_key.register',
            actorUserId: actor.userId,
            actorRole: actor.role,
            objectType: 'signing_key',
            objectId: key.id,
            purpose: 'signing',
            details: { fingerprint: key.fingerprint, ...(key.device_id ? { deviceId: key.device_id } : {}) },
          },
          trx,
        );
      }
      return { key: view(key), created };
    });
  }

  async list(actor: Actor): Promise<SigningKeyView[]> {
    this.assertSigner(actor);
    return (await keysOf(this.database.db, actor.userId)).map(view);
  }

  /** Revokes one of the caller's keys: it signs nothing from now on; what it signed before stays verifiable. */
  async revoke(actor: Actor, id: string): Promise<SigningKeyView> {
    this.assertSigner(actor);
    return this.database.db.transaction().execute(async (trx) => {
      const before = await findKey(trx, id);
      if (!before || before.user_id !== actor.userId) throw new DomainError('DANSO_ERR_NOT_FOUND');
      const row = (await revokeKey(trx, id, actor.userId)) as SigningKeyRow;
      if (!before.revoked_at) {
        await this.audit.record(
          {
            action: 'signing_key.revoke',
            actorUserId: actor.userId,
            actorRole: actor.role,
            objectType: 'signing_key',
            objectId: id,
            purpose: 'signing',
            details: { fingerprint: row.fingerprint },
          },
          trx,
        );
      }
      return view(row);
    });
  }
}

/** A registered key with its public key, for showing proof of a signed document. */
export async function signingKeyById(
  ex: Executor,
  id: string,
): Promise<(SigningKeyView & { userId: string; publicKey: string }) | null> {
  const row = await findKey(ex, id);
  return row ? { ...view(row), userId: row.user_id, publicKey: row.public_key } : null;
}
