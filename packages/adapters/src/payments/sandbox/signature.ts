import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PaymentCallbackError } from '../callback-errors.js';
import type { RawCallback } from '../gateway.js';

// The sandbox channel signs its callbacks like LeShua and WeChat Pay do: a timestamp, a nonce and
// the body, here with HMAC-SHA256 under the station's signing key.

/** Header names of a sandbox callback. */
export const SANDBOX_HEADERS = {
  timestamp: 'chargeflow-sandbox-timestamp',
  nonce: 'chargeflow-sandbox-nonce',
  signature: 'chargeflow-sandbox-signature',
} as const;

const message = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

/** Signs a callback body; the headers to send with it. */
export function signSandboxCallback(
  key: string,
  body: string,
  at: number,
  nonce: string = randomBytes(12).toString('hex'),
): Record<string, string> {
  const timestamp = String(Math.floor(at / 1000));
  const signature = createHmac('sha256', key)
    .update(message(timestamp, nonce, body))
    .digest('base64');
  return {
    [SANDBOX_HEADERS.timestamp]: timestamp,
    [SANDBOX_HEADERS.nonce]: nonce,
    [SANDBOX_HEADERS.signature]: signature,
    'content-type': 'application/json',
  };
}

/** Verifies a callback's signature (constant time); CALLBACK_SIGNATURE_INVALID otherwise. */
export function verifySandboxSignature(key: string, callback: RawCallback): void {
  const timestamp = callback.headers[SANDBOX_HEADERS.timestamp];
  const nonce = callback.headers[SANDBOX_HEADERS.nonce];
  const signature = callback.headers[SANDBOX_HEADERS.signature];
  if (timestamp === undefined || nonce === undefined || signature === undefined) {
    throw new PaymentCallbackError('CALLBACK_SIGNATURE_INVALID', 'the callback is not signed', {
      missing: Object.values(SANDBOX_HEADERS).filter((h) => callback.headers[h] === undefined),
    });
  }
  const expected = createHmac('sha256', key)
    .update(message(timestamp, nonce, callback.body))
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new PaymentCallbackError(
      'CALLBACK_SIGNATURE_INVALID',
      'the callback signature does not verify',
      {},
    );
  }
}
