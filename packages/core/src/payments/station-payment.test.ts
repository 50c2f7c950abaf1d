import { describe, expect, it } from 'vitest';
import { checkSplitConfig, missingChannelSecrets } from './station-payment.js';

const share = (merchantId: string, decimal: string) => ({ merchantId, ratio: { decimal } });

describe('station payment configuration (ASSET-3, SPL-1)', () => {
  it('accepts receivers whose ratios add up to exactly 100 % (ASSET-3)', () => {
    const config = { enabled: true, leadMerchantId: 'L', shares: [share('A', '0.7'), share('B', '0.3')] };
    expect(checkSplitConfig(config).ok).toBe(true);
  });

  it('refuses ratios above 100 % with SPLIT_RATIOS_EXCEED_WHOLE (ASSET-3)', () => {
    const result = checkSplitConfig({
      enabled: true,
      leadMerchantId: 'L',
      shares: [share('A', '0.7'), share('B', '0.3001')],
    });
    expect(result.ok || result.error.code).toBe('SPLIT_RATIOS_EXCEED_WHOLE');
  });

  it.each([
    ['no lead merchant', { enabled: true, leadMerchantId: ' ', shares: [share('A', '0.1')] }],
    ['no receiver', { enabled: true, leadMerchantId: 'L', shares: [] }],
    [
      'a receiver twice',
      { enabled: true, leadMerchantId: 'L', shares: [share('A', '0.1'), share('A', '0.1')] },
    ],
    ['the lead as receiver', { enabled: false, leadMerchantId: 'L', shares: [share('L', '0.1')] }],
  ])('refuses %s with SPLIT_CONFIG_INVALID (SPL-1)', (_why, config) => {
    const result = checkSplitConfig(config);
    expect(result.ok || result.error.code).toBe('SPLIT_CONFIG_INVALID');
  });

  it('lets splits be off without receivers (ASSET-3)', () => {
    expect(checkSplitConfig({ enabled: false, leadMerchantId: '', shares: [] }).ok).toBe(true);
  });

  it('names the secrets a channel still lacks (ASSET-3)', () => {
    expect(missingChannelSecrets('WECHAT_PAY', new Set(['apiV3Key']))).toEqual(['privateKeyPem']);
    expect(missingChannelSecrets('SANDBOX', new Set(['signingKey']))).toEqual([]);
  });
});
