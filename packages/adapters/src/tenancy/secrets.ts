import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ConfigError } from '../config/endpoints.js';

// Secrets the platform must read back (a tenant datasource's password: the platform connects with
// it, so it cannot be hashed) are sealed with AES-256-GCM under one key, CHARGEFLOW_SECRET_KEY.

/** Why a sealed text could not be opened. */
export type SecretErrorCode = 'SECRET_FORMAT_INVALID' | 'SECRET_AUTHENTICATION_FAILED';

/**
 * A sealed text could not be opened: malformed, or its tag did not verify (wrong key, wrong context,
 * tampered). Not a DomainError: it is an operational fault, answered as 500 by the HTTP layer.
 */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly code: SecretErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * AES-256-GCM with a random 12-byte IV per seal; text format `v1:<iv>:<tag>:<ciphertext>` (base64).
 * An optional context (e.g. the tenant id) is bound as additional authenticated data, so a sealed
 * value copied into another tenant's row does not open there.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES)
      throw new RangeError(`a SecretBox key is ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
  }

  /** Encrypts `plain`; every call gives another text (fresh IV). */
  seal(plain: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  /**
   * A key derived for one purpose (HMAC-SHA256 of the label under the key, hex), so a deployment
   * needs no second secret for it; processes sharing CHARGEFLOW_SECRET_KEY derive the same key.
   */
  derive(label: string): string {
    return createHmac('sha256', this.#key).update(`chargeflow:${label}`).digest('hex');
  }

  /** Decrypts a text of `seal` with the same context; SecretError when malformed, tampered or of another key. */
  open(sealed: string, context = ''): string {
    const parts = sealed.split(':');
    const [version, ivText, tagText, ciphertextText] = parts;
    if (
      parts.length !== 4 ||
      version !== VERSION ||
      ivText === undefined ||
      tagText === undefined ||
      ciphertextText === undefined ||
      ![ivText, tagText, ciphertextText].every((part) => BASE64.test(part))
    ) {
      throw new SecretError(
        'SECRET_FORMAT_INVALID',
        `sealed text is not in the ${VERSION}:<iv>:<tag>:<ciphertext> format`,
      );
    }
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretError('SECRET_FORMAT_INVALID', 'sealed text has a wrong IV or tag length');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretError(
        'SECRET_AUTHENTICATION_FAILED',
        'sealed text did not verify (another key or context, or it was altered)',
      );
    }
  }
}

/** The environment variable holding the key. */
export const SECRET_KEY_VARIABLE = 'CHARGEFLOW_SECRET_KEY';

/**
 * Builds the SecretBox from CHARGEFLOW_SECRET_KEY: 32 bytes as 64 hex digits or as base64 (e.g.
 * `openssl rand -base64 32`). A ConfigError otherwise; the error never repeats the value itself.
 */
export function secretBoxFromEnv(value: string | undefined): SecretBox {
  const text = value?.trim() ?? '';
  const shown = text === '' ? undefined : `(${text.length} characters, hidden)`;
  if (text === '') {
    throw new ConfigError(SECRET_KEY_VARIABLE, shown, 'required: 32 random bytes as 64 hex digits or base64');
  }
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (BASE64.test(text) && text.length % 4 === 0) key = Buffer.from(text, 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new ConfigError(
      SECRET_KEY_VARIABLE,
      shown,
      `expected exactly ${KEY_BYTES} bytes as 64 hex digits or base64${key ? ` (got ${key.length} bytes)` : ''}`,
    );
  }
  return new SecretBox(key);
}
