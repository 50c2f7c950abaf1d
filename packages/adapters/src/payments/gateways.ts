import { DomainError, type PaymentChannelKind } from '@chargeflow/core';
import type { StationMoneyConfigs } from '../persistence/repositories/station-money-config.js';
import type { ChannelGateway, ChannelMerchant } from './gateway.js';

/**
 * Where the sandbox channel may be used (PAYMENT_SANDBOX): `off` never (production); `on` for
 * stations configured with channel SANDBOX; `default` also for stations without any payment
 * configuration (the local stack and the tests). Production refuses anything but `off` unless told to.
 */
export type SandboxMode = 'off' | 'on' | 'default';

/** The channel adapters of a process, by the name stored on payments and by configured kind. */
export interface PaymentGateways {
  readonly sandboxMode: SandboxMode;
  byName(name: string): ChannelGateway | undefined;
  forKind(kind: PaymentChannelKind): ChannelGateway | undefined;
}

/** The gateways a composition root built; the sandbox only when its mode is not `off`. */
export function paymentGateways(options: {
  readonly sandboxMode: SandboxMode;
  readonly sandbox?: ChannelGateway;
  readonly wechat?: ChannelGateway;
}): PaymentGateways {
  const sandbox = options.sandboxMode === 'off' ? undefined : options.sandbox;
  const byKind: Partial<Record<PaymentChannelKind, ChannelGateway>> = {
    ...(sandbox === undefined ? {} : { SANDBOX: sandbox }),
    ...(options.wechat === undefined ? {} : { WECHAT_PAY: options.wechat }),
  };
  return {
    sandboxMode: options.sandboxMode,
    byName: (name) => Object.values(byKind).find((g) => g.name === name),
    forKind: (kind) => byKind[kind],
  };
}

/**
 * ASSET-3: the channel of a station's money and the merchant it acts for. A station without a
 * payment configuration has no channel (PAYMENT_CHANNEL_MISSING: the app cannot pay to start), except
 * in the sandbox's `default` mode; a configured channel this deployment does not run is
 * PAYMENT_CHANNEL_DISABLED.
 */
export async function stationChannel(
  configs: StationMoneyConfigs,
  gateways: PaymentGateways,
  tenantId: string,
  stationId: string,
): Promise<{ readonly gateway: ChannelGateway; readonly merchant: ChannelMerchant }> {
  const found = await configs.channelOf(stationId);
  if (found === undefined) {
    const sandbox = gateways.sandboxMode === 'default' ? gateways.forKind('SANDBOX') : undefined;
    if (sandbox === undefined) {
      throw new DomainError('PAYMENT_CHANNEL_MISSING', 'the station has no payment channel (ASSET-3)', {
        stationId,
      });
    }
    return { gateway: sandbox, merchant: { tenantId, stationId, config: null, secrets: {} } };
  }
  const gateway = gateways.forKind(found.config.channel);
  if (gateway === undefined) {
    throw new DomainError(
      'PAYMENT_CHANNEL_DISABLED',
      `this deployment does not run the ${found.config.channel} channel`,
      {
        stationId,
        channel: found.config.channel,
      },
    );
  }
  return { gateway, merchant: { tenantId, stationId, config: found.config, secrets: found.secrets } };
}
