// PAY-1, REF-2: the WeChat Pay v3 signatures and callback encryption against vectors computed once
// with node:crypto and openssl (the keys in wechat-pay.fixtures.ts): SHA256withRSA is deterministic
// (PKCS#1 v1.5), AES-256-GCM with a fixed nonce too, so the expected strings are written here by hand.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChannelMerchant } from '../gateway.js';
import { outRefundNo, refundOf } from './notices.js';
import { decryptResource, encryptResource } from './resource.js';
import {
  authorizationHeader,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
  signNotice,
} from './signing.js';
import { MERCHANT_KEY_PEM, PLATFORM_CERT_PEM, PLATFORM_KEY_PEM } from './wechat-pay.fixtures.js';
import { WechatPayGateway } from './wechat-pay.js';

const TS = '1773190800'; // 2026-03-11T09:00:00+08:00
const REQUEST_SIGNATURE =
  'dL1ofQhG4oAl0uxELCChJVE7NWSKTzsS8si1gXMTg7ZKPxgt9ww/MMkkmC9ji8us7Y/lJHr42mB40o8zSmWkXMk9dcokyIICLRNliyJdzLE4VVjF+b7gI/Ey5Cy3YzZKOyCR44U5ColvJmK1rKlmKpbjZcU55W4WS0P9ondgqSIniGeaKdpydutCZUWblwgoikn44h+nQQSzsrh5f3KliMihv00lfX3J7/T1A5mQEtt4tdwuNRCJUd+Ja/Gfv81oqXmuSG05H9fX5ML58hW6BtCEpxtzIjBNTpPGoNdut4D5KHlVgE7tIRJnxCWTMOzFd0KlSUCD7b6txDfvG4up4w==';
const NOTICE_BODY = '{"id":"EV-1","resource_type":"encrypt-resource"}';
const NOTICE_SIGNATURE =
  'LzTZoAVSxK5tWseasRBCJVufWii0someDbuC53siyTtXSqyuXvwcLOAVdbjxXCfsfKFTHzgOFIBvV0tQs929lBLAmgJMB0ZbBz32qBFhh0Odu7QeNxMXglw6Cp9RQ+3dVISBfSNgVB9p9ALtk38lC/dHF0P4IMeVVuQ1zCXLKimD+GQq6NsqcYwu6B5GXZNznS+cQdoKBfSB2wZ3g2jTBb2v3k88f5wgy0baRWPqpQNiCG3SI/etVhFzZkXTv76aXHuBXDNtSq7nIUDKQNtP7mBryXjE1T1MJ7H7etnk4RGPkNC3Lyv1qR4SxvS2mMp3DFvi20gsLPrHOdwiGCTpxw==';
const API_V3_KEY = '0123456789abcdef0123456789ABCDEF';
const GCM_NONCE = 'fIxEdNoNcE12';
const GCM_PLAIN = '{"out_trade_no":"PY1","trade_state":"SUCCESS"}';
const GCM_CIPHERTEXT = '4uM7eDWTd9bM46Tv7MTD6Vi8zayqeiuPnkspGYqowkp9kzmmymPVliO4H9BrKkNSoq8GOZzPGDk3csXriPc=';
const PLATFORM_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

const merchantPublic = createPublicKey(MERCHANT_KEY_PEM);
const platformPublic = new X509Certificate(PLATFORM_CERT_PEM).publicKey;

describe('WeChat Pay v3 request signatures (PAY-1)', () => {
  const message = requestMessage(
    'post',
    '/v3/pay/transactions/native',
    TS,
    '593BEC0C930BF1AFEB40B4A08C8FB242',
    '{"amount":{"total":5000}}',
  );

  it('signs "METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n" with SHA256withRSA as the fixed vector (PAY-1)', () => {
    expect(message).toBe(
      'POST\n/v3/pay/transactions/native\n1773190800\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"amount":{"total":5000}}\n',
    );
    expect(rsaSign(MERCHANT_KEY_PEM, message)).toBe(REQUEST_SIGNATURE);
    expect(rsaVerify(merchantPublic, message, REQUEST_SIGNATURE)).toBe(true);
    expect(rsaVerify(merchantPublic, message.replace('5000', '5001'), REQUEST_SIGNATURE)).toBe(false);
  });

  it('writes the WECHATPAY2-SHA256-RSA2048 Authorization header and reads it back (PAY-1)', () => {
    const header = authorizationHeader(
      { mchId: '1900000001', serialNo: 'ABC123', privateKey: MERCHANT_KEY_PEM },
      { method: 'POST', url: '/v3/pay/transactions/native', body: '{"amount":{"total":5000}}' },
      TS,
      '593BEC0C930BF1AFEB40B4A08C8FB242',
    );
    expect(header).toBe(
      `WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",` +
        `signature="${REQUEST_SIGNATURE}",timestamp="1773190800",serial_no="ABC123"`,
    );
    expect(parseAuthorization(header)).toEqual({
      mchid: '1900000001',
      nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
      signature: REQUEST_SIGNATURE,
      timestamp: TS,
      serial_no: 'ABC123',
    });
    expect(parseAuthorization('Bearer x')).toBeUndefined();
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1"')).toBeUndefined();
  });
});

describe('WeChat Pay v3 callback signatures and AEAD_AES_256_GCM resources (PAY-1)', () => {
  it('signs "TIMESTAMP\\nNONCE\\nBODY\\n" with the platform key as the fixed vector, verified by the certificate (PAY-1)', () => {
    const headers = signNotice(PLATFORM_KEY_PEM, PLATFORM_SERIAL, NOTICE_BODY, TS, 'fixed-nonce-1');
    expect(headers).toEqual({
      'wechatpay-timestamp': TS,
      'wechatpay-nonce': 'fixed-nonce-1',
      'wechatpay-signature': NOTICE_SIGNATURE,
      'wechatpay-serial': PLATFORM_SERIAL,
    });
    expect(new X509Certificate(PLATFORM_CERT_PEM).serialNumber).toBe(PLATFORM_SERIAL);
    expect(rsaVerify(platformPublic, `${TS}\nfixed-nonce-1\n${NOTICE_BODY}\n`, NOTICE_SIGNATURE)).toBe(true);
    expect(rsaVerify(platformPublic, `${TS}\nfixed-nonce-1\n${NOTICE_BODY} \n`, NOTICE_SIGNATURE)).toBe(
      false,
    );
    expect(rsaVerify(merchantPublic, `${TS}\nfixed-nonce-1\n${NOTICE_BODY}\n`, NOTICE_SIGNATURE)).toBe(false);
  });

  it('opens the fixed AES-256-GCM vector and seals it back byte for byte; a changed tag, nonce, data or key does not open (PAY-1)', () => {
    const resource = {
      algorithm: 'AEAD_AES_256_GCM' as const,
      associated_data: 'transaction',
      nonce: GCM_NONCE,
      ciphertext: GCM_CIPHERTEXT,
    };
    expect(decryptResource(API_V3_KEY, resource)).toBe(GCM_PLAIN);
    expect(encryptResource(API_V3_KEY, GCM_PLAIN, 'transaction', 'transaction', GCM_NONCE)).toEqual({
      ...resource,
      original_type: 'transaction',
    });
    const flipped = Buffer.from(GCM_CIPHERTEXT, 'base64');
    flipped[3] = (flipped[3] ?? 0) ^ 1;
    expect(() =>
      decryptResource(API_V3_KEY, { ...resource, ciphertext: flipped.toString('base64') }),
    ).toThrow();
    expect(() => decryptResource(API_V3_KEY, { ...resource, associated_data: 'refund' })).toThrow();
    expect(() => decryptResource(API_V3_KEY, { ...resource, nonce: 'fIxEdNoNcE13' })).toThrow();
    expect(() => decryptResource('ffffffffffffffffffffffffffffffff', resource)).toThrow();
    expect(() => decryptResource('short', resource)).toThrow('32 bytes');
  });

  it('names a refund attempt in out_refund_no and reads it back (REF-2)', () => {
    expect(outRefundNo('CH1-F0A1B2C', 1)).toBe('CH1-F0A1B2C');
    expect(outRefundNo('CH1-F0A1B2C', 3)).toBe('CH1-F0A1B2C_3');
    expect(refundOf('CH1-F0A1B2C_3')).toEqual({ refundNo: 'CH1-F0A1B2C', attempt: 3 });
    expect(refundOf('CH1-PR')).toEqual({ refundNo: 'CH1-PR', attempt: 1 });
  });
});

describe('WechatPayGateway.verifyCallback (PAY-1, REF-2)', () => {
  const AT = 1_773_190_800_000;
  const merchant: ChannelMerchant = {
    tenantId: 't1',
    stationId: 's1',
    config: {
      stationId: 's1',
      channel: 'WECHAT_PAY',
      merchantNo: 'LS-1',
      suixingfuMerchantNo: null,
      wechat: {
        appId: 'wx0001',
        mchId: '1900000001',
        certSerial: 'ABC123',
        platformCertPem: PLATFORM_CERT_PEM,
      },
      secretsSet: ['apiV3Key', 'privateKeyPem'],
      split: { enabled: false, leadMerchantId: null, shares: [] },
      updatedAt: AT,
    } as unknown as NonNullable<ChannelMerchant['config']>,
    secrets: { apiV3Key: API_V3_KEY, privateKeyPem: MERCHANT_KEY_PEM },
  };
  const gateway = new WechatPayGateway({
    baseUrl: 'http://127.0.0.1:1',
    notifyBaseUrl: 'http://x',
    clock: () => AT,
  });
  const envelope = (type: 'transaction' | 'refund', plain: unknown, nonce = GCM_NONCE) =>
    JSON.stringify({
      id: 'EV-2',
      create_time: '2026-03-11T09:00:00+08:00',
      event_type: type === 'transaction' ? 'TRANSACTION.SUCCESS' : 'REFUND.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: 'ok',
      resource: encryptResource(API_V3_KEY, JSON.stringify(plain), type, type, nonce),
    });
  const signed = (body: string, ts = TS, serial = PLATFORM_SERIAL) => ({
    headers: signNotice(PLATFORM_KEY_PEM, serial, body, ts, 'n-1'),
    body,
  });
  const paid = {
    mchid: '1900000001',
    out_trade_no: 'PY0001',
    transaction_id: '4200000001',
    trade_state: 'SUCCESS',
    success_time: '2026-03-11T09:00:05+08:00',
    amount: { total: 5000, payer_total: 5000, currency: 'CNY' },
  };

  it('decodes a signed transaction callback into a PAYMENT notice of 50.00 CNY (PAY-1)', () => {
    expect(gateway.verifyCallback(merchant, signed(envelope('transaction', paid)))).toEqual({
      kind: 'PAYMENT',
      paymentNo: 'PY0001',
      status: 'SUCCESS',
      channelNo: '4200000001',
      amount: 5000n,
      at: Date.parse('2026-03-11T09:00:05+08:00'),
    });
  });

  it('decodes a refund callback with its attempt; CLOSED is a failure (REF-2)', () => {
    const refund = {
      mchid: '1900000001',
      out_trade_no: 'PY0001',
      out_refund_no: 'CH1-F0A1B2C_2',
      refund_id: '5030000001',
      refund_status: 'CLOSED',
      amount: { total: 5000, refund: 1234, payer_total: 5000, payer_refund: 1234 },
    };
    expect(gateway.verifyCallback(merchant, signed(envelope('refund', refund)))).toMatchObject({
      kind: 'REFUND',
      refundNo: 'CH1-F0A1B2C',
      attempt: 2,
      status: 'FAILED',
      channelNo: '5030000001',
      amount: 1234n,
      reason: 'refund CLOSED',
    });
  });

  it('refuses tampered, foreign-serial, stale, unsigned and undecryptable callbacks with CALLBACK_SIGNATURE_INVALID (PAY-1)', () => {
    const body = envelope('transaction', paid);
    const good = signed(body);
    const code = (callback: { headers: Record<string, string>; body: string }) => {
      try {
        gateway.verifyCallback(merchant, callback);
        return 'ACCEPTED';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code(good)).toBe('ACCEPTED');
    expect(code({ ...good, body: body.replace('"summary":"ok"', '"summary":"ok!"') })).toBe(
      'CALLBACK_SIGNATURE_INVALID',
    );
    expect(code(signed(body, TS, '0123'))).toBe('CALLBACK_SIGNATURE_INVALID');
    expect(code(signed(body, String(Number(TS) - 301)))).toBe('CALLBACK_SIGNATURE_INVALID');
    expect(code({ headers: {}, body })).toBe('CALLBACK_SIGNATURE_INVALID');
    const foreign = JSON.stringify({
      ...(JSON.parse(body) as object),
      resource: encryptResource(
        'ffffffffffffffffffffffffffffffff',
        JSON.stringify(paid),
        'transaction',
        'transaction',
      ),
    });
    expect(code(signed(foreign))).toBe('CALLBACK_SIGNATURE_INVALID');
    expect(code(signed('{"not":"a notice"}'))).toBe('CALLBACK_MALFORMED');
    expect(code(signed(envelope('transaction', { ...paid, mchid: '1900000999' })))).toBe(
      'CALLBACK_MALFORMED',
    );
  });
});
