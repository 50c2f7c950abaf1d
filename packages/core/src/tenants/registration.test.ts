import { describe, expect, it } from 'vitest';
import { issueSmsCode, registerTenant, verifySmsCode, type SmsVerification } from './registration.js';

const T0 = 1_800_000_000_000;
const issued = (): SmsVerification => {
  const result = issueSmsCode(undefined, { phone: '13800000001', code: '123456', now: T0 });
  if (!result.ok) throw result.error;
  return result.value;
};

describe('registration and SMS verification (TEN-1)', () => {
  it('TEN-1 a code is valid for 5 minutes with 0 attempts', () => {
    expect(issued()).toMatchObject({ expiresAt: T0 + 300_000, attempts: 0, verified: false });
  });

  it.each([
    ['TEN-1 a 5-digit code is refused', undefined, '12345', T0, 'SMS_CODE_FORMAT'],
    ['TEN-1 a letter code is refused', undefined, '12345a', T0, 'SMS_CODE_FORMAT'],
    ['TEN-1 resend within 60 s is throttled', 'previous', '654321', T0 + 59_999, 'SMS_RESEND_TOO_SOON'],
    ['TEN-1 resend after 60 s is allowed', 'previous', '654321', T0 + 60_000, true],
  ] as const)('%s', (_name, previous, code, now, expected) => {
    const result = issueSmsCode(previous ? issued() : undefined, { phone: '13800000001', code, now });
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('TEN-1 a correct code within 5 minutes verifies', () => {
    const { state, result } = verifySmsCode(issued(), { code: '123456', now: T0 + 299_999 });
    expect([result.ok, state.verified]).toEqual([true, true]);
  });

  it('TEN-1 a code at 5 minutes has expired', () => {
    const { result } = verifySmsCode(issued(), { code: '123456', now: T0 + 300_000 });
    expect(result.ok || result.error.code).toBe('SMS_CODE_EXPIRED');
  });

  it('TEN-1 five wrong codes lock the code, even the right one after', () => {
    let state = issued();
    const left: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const step = verifySmsCode(state, { code: '000000', now: T0 + 1000 });
      state = step.state;
      left.push(step.result.ok || step.result.error.details.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const { result } = verifySmsCode(state, { code: '123456', now: T0 + 2000 });
    expect(result.ok || result.error.code).toBe('SMS_CODE_ATTEMPTS_EXCEEDED');
  });

  it.each([
    ['TEN-1 WEB needs a verified phone', 'WEB', false, 'PHONE_NOT_VERIFIED'],
    ['TEN-1 WECHAT with a verified phone registers', 'WECHAT', true, true],
    ['TEN-1 QR needs a verified phone', 'QR', false, 'PHONE_NOT_VERIFIED'],
    ['TEN-1 OFFLINE is entered by operators without SMS', 'OFFLINE', false, true],
  ] as const)('%s', (_name, source, verified, expected) => {
    const verification = verified ? verifySmsCode(issued(), { code: '123456', now: T0 + 1 }).state : issued();
    const result = registerTenant(
      { name: 'Chen', phone: '13800000001', source },
      { now: T0 + 5, verification },
    );
    expect(result.ok || result.error.code).toBe(expected);
    if (result.ok)
      expect(result.value).toMatchObject({ source, registeredAt: T0 + 5, phoneVerified: verified });
  });

  it('TEN-1 a verification for another phone does not count', () => {
    const verification = {
      ...verifySmsCode(issued(), { code: '123456', now: T0 + 1 }).state,
      phone: '13900000000',
    };
    const result = registerTenant(
      { name: 'Chen', phone: '13800000001', source: 'WEB' },
      { now: T0, verification },
    );
    expect(result.ok || result.error.code).toBe('PHONE_NOT_VERIFIED');
  });

  it('TEN-1 invalid input lists its issues', () => {
    const result = registerTenant({ name: '', phone: '1', source: 'FAX' }, { now: T0 });
    expect(result.ok || [result.error.code, (result.error.details.issues as string[]).length]).toEqual([
      'REGISTRATION_INVALID',
      3,
    ]);
  });
});
