// ASSET-3: a station configured WECHAT_PAY is served only where the deployment runs the WeChat Pay
// channel (WECHAT_PAY_NOTIFY_BASE_URL set); elsewhere it is PAYMENT_CHANNEL_DISABLED.
import { isDomainError } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { paymentOptionsOf } from '../../config/payment-settings.js';
import type { StationMoneyConfigs } from '../../persistence/repositories/station-money-config.js';
import { paymentGateways, stationChannel } from '../gateways.js';
import { WechatPayGateway } from './wechat-pay.js';

const SETTINGS = {
  CHARGEFLOW_MODE: 'production' as const,
  ALLOW_SANDBOX: 'false' as const,
  PAYMENT_SANDBOX: 'off' as const,
  PAYMENT_SANDBOX_DELAY_MS: 200,
  PAYMENT_SANDBOX_FAILURE_RATE: 0,
};

const configs = {
  channelOf: () =>
    Promise.resolve({ config: { channel: 'WECHAT_PAY', wechat: { mchId: '1900000001' } }, secrets: {} }),
} as unknown as StationMoneyConfigs;

describe('WeChat Pay channel wiring (ASSET-3)', () => {
  it('runs the WeChat Pay channel only where WECHAT_PAY_NOTIFY_BASE_URL is set (ASSET-3)', () => {
    expect(paymentOptionsOf(SETTINGS).wechat).toBeUndefined();
    expect(
      paymentOptionsOf({
        ...SETTINGS,
        WECHAT_PAY_BASE_URL: 'https://api.mch.weixin.qq.com',
        WECHAT_PAY_NOTIFY_BASE_URL: 'https://cp.example.com',
      }).wechat,
    ).toEqual({ baseUrl: 'https://api.mch.weixin.qq.com', notifyBaseUrl: 'https://cp.example.com' });
  });

  it('answers PAYMENT_CHANNEL_DISABLED for a WECHAT_PAY station without the channel, and the WeChat gateway with it (ASSET-3)', async () => {
    const without = paymentGateways({ sandboxMode: 'off' });
    const refused = await stationChannel(configs, without, 't1', 's1').catch((error: unknown) => error);
    expect(isDomainError(refused, 'PAYMENT_CHANNEL_DISABLED')).toBe(true);
    const wechat = new WechatPayGateway({
      baseUrl: 'http://127.0.0.1:1',
      notifyBaseUrl: 'https://cp.example.com/',
    });
    const found = await stationChannel(configs, paymentGateways({ sandboxMode: 'off', wechat }), 't1', 's1');
    expect(found.gateway).toBe(wechat);
    expect(found.gateway.name).toBe('wechat');
    expect(wechat.notifyUrl(found.merchant)).toBe('https://cp.example.com/payment-callbacks/wechat/t1/s1');
  });
});
