/**
 * Signatures over documents: a collaborator's monthly submission (signed on her phone), a commune's
 * frozen report (signed when it is submitted). The signed bytes are the document's canonical JSON
 * (RFC 8785: keys sorted, no insignificant white space, numbers in their shortest form) in UTF-8, so
 * that anyone holding the document and the public key can check it again, years later, in any language.
 * Ed25519 (RFC 8032); keys and signatures travel as unpadded base64url.
 *
 * The same code runs in the browser and on the server (it needs only WebCrypto's SHA-512).
 */
import * as ed from '@noble/ed25519';
import { base64urlnopad } from '@scure/base';
import serialize from 'canonicalize';

/** The canonical JSON text of a value (RFC 8785). Throws on values JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  const text = serialize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export interface SigningKeyPair {
  /** 32-byte secret key, base64url. Never leaves the device or process that made it. */
  secretKey: string;
  /** 32-byte public key, base64url. */
  publicKey: string;
}

export async function generateSigningKey(): Promise<SigningKeyPair> {
  const secret = ed.utils.randomSecretKey();
  const pub = await ed.getPublicKeyAsync(secret);
  return { secretKey: toBase64Url(secret), publicKey: toBase64Url(pub) };
}

export async function publicKeyOf(secretKey: string): Promise<string> {
  return toBase64Url(await ed.getPublicKeyAsync(fromBase64Url(secretKey, 32)));
}

/** Signs the canonical JSON of `document`; the signature is base64url (64 bytes). */
export async function signDocument(secretKey: string, document: unknown): Promise<string> {
  const message = new TextEncoder().encode(canonicalJson(document));
  return toBase64Url(await ed.signAsync(message, fromBase64Url(secretKey, 32)));
}

/**
 * True when `signature` is a valid signature of the canonical JSON of `document` by `publicKey`.
 * Malformed keys or signatures are simply not valid (never an exception).
 */
export async function verifyDocument(
  publicKey: string,
  document: unknown,
  signature: string,
): Promise<boolean> {
  try {
    const message = new TextEncoder().encode(canonicalJson(document));
    return await ed.verifyAsync(fromBase64Url(signature, 64), message, fromBase64Url(publicKey, 32));
  } catch {
    return false;
  }
}

/** A short fingerprint of a public key for screens ("khóa ký"): its first 16 base64url characters. */
export function keyFingerprint(publicKey: string): string {
  return publicKey.slice(0, 16);
}

export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Decodes unpadded base64url; throws unless the text is well-formed and, if given, of `length` bytes. */
export function fromBase64Url(text: string, length?: number): Uint8Array {
  const bytes = base64urlnopad.decode(text);
  if (length !== undefined && bytes.length !== length) throw new TypeError(`expected ${length} bytes`);
  return bytes;
}
