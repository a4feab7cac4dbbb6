import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, generateSigningKey, publicKeyOf, signDocument, verifyDocument } from './signing.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every level and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('writes numbers in their shortest form and keeps Vietnamese text as is', () => {
    expect(canonicalJson({ n: 1.0, m: 1e21, t: 'Phường Đông Kinh' })).toBe(
      '{"m":1e+21,"n":1,"t":"Phường Đông Kinh"}',
    );
  });

  it('gives the same text whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });
});

describe('Ed25519 document signatures', () => {
  it('verifies a signed document, whatever its key order, and refuses any tampering', async () => {
    const key = await generateSigningKey();
    expect(await publicKeyOf(key.secretKey)).toBe(key.publicKey);
    const doc = { month: '2026-10', commune: '06664', values: { births: 12, deaths: 4 } };
    const signature = await signDocument(key.secretKey, doc);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(
      await verifyDocument(
        key.publicKey,
        { values: { deaths: 4, births: 12 }, commune: '06664', month: '2026-10' },
        signature,
      ),
    ).toBe(true);
    expect(
      await verifyDocument(key.publicKey, { ...doc, values: { births: 13, deaths: 4 } }, signature),
    ).toBe(false);
    const other = await generateSigningKey();
    expect(await verifyDocument(other.publicKey, doc, signature)).toBe(false);
  });

  it('treats malformed keys and signatures as invalid, never as an error', async () => {
    const key = await generateSigningKey();
    const doc = { a: 1 };
    const signature = await signDocument(key.secretKey, doc);
    expect(await verifyDocument('not a key', doc, signature)).toBe(false);
    expect(await verifyDocument(key.publicKey, doc, 'AAAA')).toBe(false);
    const flipped = signature[10] === 'B' ? 'C' : 'B';
    expect(
      await verifyDocument(key.publicKey, doc, `${signature.slice(0, 10)}${flipped}${signature.slice(11)}`),
    ).toBe(false);
  });
});
