import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { allocateSplit, type SplitShare } from './split-allocation.js';

/** ASSET-3: the channels a station's app payments can go through ("SANDBOX" only where the deployment allows it). */
export const PAYMENT_CHANNEL_KINDS = ['SANDBOX', 'WECHAT_PAY'] as const;
/** A payment channel kind. */
export type PaymentChannelKind = (typeof PAYMENT_CHANNEL_KINDS)[number];

/** ASSET-3: a station's split settlement (分账): on/off, the lead merchant and the receivers with their ratios. */
export interface SplitConfig {
  readonly enabled: boolean;
  readonly leadMerchantId: string;
  readonly shares: readonly SplitShare[];
}

/** The secrets each channel needs before it can take money (sealed by the adapter, never shown). */
export const CHANNEL_SECRETS: Readonly<Record<PaymentChannelKind, readonly string[]>> = {
  SANDBOX: ['signingKey'],
  WECHAT_PAY: ['apiV3Key', 'privateKeyPem'],
};

const invalid = (message: string, details: Record<string, unknown>) =>
  err(new DomainError('SPLIT_CONFIG_INVALID', message, details));

/**
 * ASSET-3, SPL-1: a split configuration is usable when, switched on, it names a lead merchant and
 * at least one receiver, no receiver twice nor the lead itself, each ratio an exact non-negative
 * fraction, and Σ ratios ≤ 100 % (SPLIT_RATIOS_EXCEED_WHOLE). A configuration switched off may keep
 * its receivers (so an operator can switch it on again), but their ratios are still checked.
 */
export function checkSplitConfig(config: SplitConfig): Result<SplitConfig> {
  if (config.enabled && config.leadMerchantId.trim() === '')
    return invalid('split settlement needs a lead merchant', {});
  if (config.enabled && config.shares.length === 0)
    return invalid('split settlement needs at least one receiver', {});
  const seen = new Set<string>();
  for (const share of config.shares) {
    if (share.merchantId === config.leadMerchantId || seen.has(share.merchantId))
      return invalid('a receiver is listed twice or is the lead merchant', { merchantId: share.merchantId });
    seen.add(share.merchantId);
  }
  // Allocating one yuan checks every ratio and their sum with the same arithmetic settlement uses.
  const checked = allocateSplit(100n as Fen, config.leadMerchantId, config.shares);
  return checked.ok ? ok(config) : checked;
}

/**
 * ASSET-3: the secrets of `channel` that are still missing (neither given now nor stored before);
 * a station cannot take money through a channel until none are.
 */
export function missingChannelSecrets(
  channel: PaymentChannelKind,
  present: ReadonlySet<string>,
): readonly string[] {
  return CHANNEL_SECRETS[channel].filter((name) => !present.has(name));
}
