import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { AuditService, canonicalJson } from './audit.service.ts';

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});

describe.each(engines)('the hash-chained audit log on %s', (engine) => {
  let t: TestDatabase;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    audit = new AuditService(t.database);
    for (let i = 0; i < 20; i++) {
      await audit.record({
        action: 'test.event',
        objectType: 'thing',
        objectId: String(i),
        details: { i, nested: { b: 2, a: 1 } },
      });
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('chains concurrent appends without gaps', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => audit.record({ action: 'test.concurrent', objectId: String(i) })),
    );
    const result = await audit.verifyChain();
    expect(result).toEqual({ ok: true, checked: 30, firstBrokenId: null, reason: null });
  });

  it('refuses updates and deletes', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE id = 3`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE id = 3`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('finds the first row that was tampered with, and a removed row', async () => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(t.database.db);
    await sql`UPDATE audit_log SET details = '{"i": 999}' WHERE id = 7`.execute(t.database.db);
    await sql`UPDATE audit_log SET object_id = 'changed' WHERE id = 12`.execute(t.database.db);
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      firstBrokenId: 7,
      reason: 'hash_mismatch',
      checked: 6,
    });

    // Rewriting row 7's hash to match its new content breaks the link from row 8 instead.
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', 7)
      .executeTakeFirstOrThrow();
    const { entryHash } = await import('./audit.service.ts');
    await sql`UPDATE audit_log SET hash = ${entryHash(row as never)} WHERE id = 7`.execute(t.database.db);
    expect(await audit.verifyChain()).toMatchObject({ ok: false, firstBrokenId: 8, reason: 'link_mismatch' });

    await sql`DELETE FROM audit_log WHERE id >= 5 AND id <= 6`.execute(t.database.db);
    expect(await audit.verifyChain()).toMatchObject({ ok: false, firstBrokenId: 7, reason: 'gap' });
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(t.database.db);
  });
});
