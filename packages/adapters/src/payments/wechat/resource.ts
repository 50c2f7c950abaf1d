import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// The encrypted `resource` of a WeChat Pay callback: AEAD_AES_256_GCM under the merchant's APIv3 key
// (32 bytes, as UTF-8), the 12-character `nonce` as IV, `associated_data` as AAD, and `ciphertext` =
// base64(encrypted bytes ‖ 16-byte tag).

/** A callback's `resource` object. */
export interface EncryptedResource {
  readonly algorithm: 'AEAD_AES_256_GCM';
  readonly original_type: string;
  readonly associated_data: string;
  readonly nonce: string;
  readonly ciphertext: string;
}

const TAG_BYTES = 16;

/** Opens a resource; throws when the key, nonce, data or tag do not match (tampered or foreign). */
export function decryptResource(
  apiV3Key: string,
  resource: Omit<EncryptedResource, 'original_type'>,
): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unknown algorithm ${resource.algorithm}`);
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= TAG_BYTES) throw new Error('the ciphertext is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

/** Seals a resource as WeChat Pay does (the fake server of the tests; fixed `nonce` for vectors). */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  originalType: string,
  associatedData: string,
  nonce: string = randomBytes(6).toString('hex'),
): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    original_type: originalType,
    associated_data: associatedData,
    nonce,
    ciphertext: encrypted.toString('base64'),
  };
}
