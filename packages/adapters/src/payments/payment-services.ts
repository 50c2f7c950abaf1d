import type { EntityManager } from '@mikro-orm/core';
import { silentLogger, type AdapterLogger } from '../kafka/ports.js';
import { StationMoneyConfigs } from '../persistence/repositories/station-money-config.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { SecretBox } from '../tenancy/secrets.js';
import { PaymentCallbackInbox, type RefundNoticeListener } from './callback-inbox.js';
import type { SplitNoticeListener } from './split-callbacks.js';
import { paymentGateways, type PaymentGateways, type SandboxMode } from './gateways.js';
import { WechatPayGateway, type WechatPayOptions } from './wechat/wechat-pay.js';
import { SandboxAcquirer, type SandboxBehaviour } from './sandbox/sandbox-acquirer.js';
import { DEFAULT_PAYMENT_TIMINGS, StationPaymentChannels, type PaymentTimings } from './station-channels.js';

/** How a process's payment channels are configured (PAYMENT_SANDBOX and friends). */
export interface PaymentOptions {
  readonly sandbox: SandboxMode;
  readonly sandboxBehaviour?: Partial<SandboxBehaviour>;
  readonly timings?: Partial<PaymentTimings>;
  /** The WeChat Pay v3 channel (WECHAT_PAY_BASE_URL, WECHAT_PAY_NOTIFY_BASE_URL); off when absent. */
  readonly wechat?: Omit<WechatPayOptions, 'clock'>;
}

/** The payment side of a process (API or worker): channels per tenant, the callback inbox, the sandbox. */
export interface PaymentServices {
  readonly gateways: PaymentGateways;
  readonly inbox: PaymentCallbackInbox;
  /** This process's sandbox channel; undefined when PAYMENT_SANDBOX=off. */
  readonly sandbox: SandboxAcquirer | undefined;
  /** The payment channels of one tenant's stations over its database (ASSET-3). */
  channels(em: EntityManager, tenantId: string): StationPaymentChannels;
  close(): void;
}

/**
 * Builds the payment channels of a process. The sandbox (unless `off`) answers through this
 * process's own callback inbox, in-process, with the same verification as HTTP callbacks; its key
 * for unconfigured stations is derived from CHARGEFLOW_SECRET_KEY, so API and worker agree on it.
 */
export function openPaymentServices(deps: {
  readonly options: PaymentOptions;
  readonly tenants: Pick<TenantDatabases, 'get'>;
  readonly secrets: SecretBox;
  readonly clock: () => number;
  readonly logger?: AdapterLogger;
  readonly onRefundSettled?: RefundNoticeListener;
  readonly onSplitSettled?: SplitNoticeListener;
}): PaymentServices {
  const { options, secrets, clock } = deps;
  const late: { inbox?: PaymentCallbackInbox } = {};
  const sandbox =
    options.sandbox === 'off'
      ? undefined
      : new SandboxAcquirer({
          ...(options.sandboxBehaviour === undefined ? {} : { behaviour: options.sandboxBehaviour }),
          defaultSigningKey: secrets.derive('payment-sandbox-signing-key'),
          deliver: async (target, callback) => {
            await late.inbox?.receive('sandbox', target, callback);
          },
          now: clock,
          logger: deps.logger ?? silentLogger,
        });
  const wechat =
    options.wechat === undefined ? undefined : new WechatPayGateway({ ...options.wechat, clock });
  const gateways = paymentGateways({
    sandboxMode: options.sandbox,
    ...(sandbox ? { sandbox } : {}),
    ...(wechat ? { wechat } : {}),
  });
  const inbox = new PaymentCallbackInbox({
    tenants: deps.tenants,
    gateways,
    secrets,
    clock,
    ...(deps.onRefundSettled === undefined ? {} : { onRefundSettled: deps.onRefundSettled }),
    ...(deps.onSplitSettled === undefined ? {} : { onSplitSettled: deps.onSplitSettled }),
  });
  late.inbox = inbox;
  const timings = { ...DEFAULT_PAYMENT_TIMINGS, ...options.timings };
  return {
    gateways,
    inbox,
    sandbox,
    channels: (em, tenantId) =>
      new StationPaymentChannels(
        em,
        tenantId,
        new StationMoneyConfigs(em, clock, secrets, tenantId),
        gateways,
        clock,
        timings,
      ),
    close: () => sandbox?.close(),
  };
}
