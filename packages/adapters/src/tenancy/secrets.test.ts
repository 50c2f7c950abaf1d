import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/endpoints.js';
import { SecretBox, SecretError, secretBoxFromEnv } from './secrets.js';

const KEY = Buffer.alloc(32, 7);
const box = new SecretBox(KEY);

describe('SecretBox (TEN-5: datasource passwords are stored encrypted)', () => {
  it('round-trips text and gives another ciphertext each time (random IV)', () => {
    const a = box.seal('Str0ng!pass', 'tenant_datasource:acme');
    const b = box.seal('Str0ng!pass', 'tenant_datasource:acme');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('Str0ng');
    expect(box.open(a, 'tenant_datasource:acme')).toBe('Str0ng!pass');
    expect(box.open(box.seal('密码 P@ss1 \' " \\'), '')).toBe('密码 P@ss1 \' " \\');
  });

  it('refuses another key with SECRET_AUTHENTICATION_FAILED', () => {
    const sealed = box.seal('Str0ng!pass');
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed)).toThrow(
      expect.objectContaining({ code: 'SECRET_AUTHENTICATION_FAILED' }),
    );
  });

  it('TEN-7 refuses a sealed password moved into another tenant context', () => {
    const sealed = box.seal('Str0ng!pass', 'tenant_datasource:tenant-a');
    expect(() => box.open(sealed, 'tenant_datasource:tenant-b')).toThrow(SecretError);
  });

  it.each([0, 1, 2, 3])('refuses a text whose part %i was tampered with', (index) => {
    const parts = box.seal('Str0ng!pass').split(':');
    const part = parts[index] ?? '';
    parts[index] = index === 0 ? 'v2' : `${part.slice(0, 2) === 'AA' ? 'BB' : 'AA'}${part.slice(2)}`;
    expect(() => box.open(parts.join(':'))).toThrow(SecretError);
  });

  it.each(['', 'v1:abc', 'v1:a:b:c:d', 'v1:!!:??:**', 'v1:AAAA:AAAA:AAAA'])(
    'refuses the malformed text %j with SECRET_FORMAT_INVALID',
    (text) => {
      expect(() => box.open(text)).toThrow(expect.objectContaining({ code: 'SECRET_FORMAT_INVALID' }));
    },
  );

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('secretBoxFromEnv (CHARGEFLOW_SECRET_KEY)', () => {
  it('accepts 32 bytes as hex or base64, giving the same key', () => {
    const key = randomBytes(32);
    const sealed = secretBoxFromEnv(key.toString('hex')).seal('x');
    expect(secretBoxFromEnv(` ${key.toString('base64')} `).open(sealed)).toBe('x');
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['too long hex', 'ab'.repeat(33)],
    ['not base64', 'not a key at all!'],
  ])('refuses %s with a ConfigError naming the variable, never the value', (_name, value) => {
    try {
      secretBoxFromEnv(value);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('CHARGEFLOW_SECRET_KEY');
      if (value) expect((error as Error).message).not.toContain(value);
    }
  });

  it('derives one key per purpose: the same for the same secret key, another for another label or key (ASSET-3)', () => {
    const key = randomBytes(32);
    const a = new SecretBox(key).derive('payment-sandbox-signing-key');
    expect(new SecretBox(Buffer.from(key)).derive('payment-sandbox-signing-key')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(new SecretBox(key).derive('another-purpose')).not.toBe(a);
    expect(new SecretBox(randomBytes(32)).derive('payment-sandbox-signing-key')).not.toBe(a);
  });
});
