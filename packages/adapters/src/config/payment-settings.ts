import { z } from 'zod';
import type { PaymentOptions } from '../payments/payment-services.js';
import { ConfigError } from './endpoints.js';

/**
 * The payment variables of the API and the worker (ASSET-3): PAYMENT_SANDBOX (off | on | default),
 * PAYMENT_SANDBOX_DELAY_MS, PAYMENT_SANDBOX_FAILURE_RATE. Spread into a process's schema.
 */
export const PAYMENT_SETTINGS = {
  /** Where the sandbox payment channel may be used: off | on (stations configured SANDBOX) | default (also unconfigured stations). */
  PAYMENT_SANDBOX: z.enum(['off', 'on', 'default']).default('default'),
  /** How long the sandbox channel takes to answer (ms). */
  PAYMENT_SANDBOX_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(200),
  /** The share of payments and refunds the sandbox declines, 0 … 1. */
  PAYMENT_SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** The WeChat Pay APIv3 server. */
  WECHAT_PAY_BASE_URL: z.string().url().default('https://api.mch.weixin.qq.com'),
  /** The public URL of the API that WeChat Pay calls back (…/payment-callbacks/wechat/…); the WeChat Pay channel runs only when it is set. */
  WECHAT_PAY_NOTIFY_BASE_URL: z.string().url().optional(),
} as const;

/**
 * The payment options of validated settings. In production mode a sandbox channel is refused (a
 * ConfigError naming PAYMENT_SANDBOX) unless ALLOW_SANDBOX=true: it moves no money.
 */
export function paymentOptionsOf(settings: {
  readonly CHARGEFLOW_MODE: 'development' | 'production';
  readonly ALLOW_SANDBOX: 'true' | 'false';
  readonly PAYMENT_SANDBOX: 'off' | 'on' | 'default';
  readonly PAYMENT_SANDBOX_DELAY_MS: number;
  readonly PAYMENT_SANDBOX_FAILURE_RATE: number;
  readonly WECHAT_PAY_BASE_URL?: string;
  readonly WECHAT_PAY_NOTIFY_BASE_URL?: string | undefined;
}): PaymentOptions {
  if (
    settings.CHARGEFLOW_MODE === 'production' &&
    settings.PAYMENT_SANDBOX !== 'off' &&
    settings.ALLOW_SANDBOX !== 'true'
  ) {
    throw new ConfigError(
      'PAYMENT_SANDBOX',
      settings.PAYMENT_SANDBOX,
      'the sandbox channel moves no money; set PAYMENT_SANDBOX=off in production, or ALLOW_SANDBOX=true',
    );
  }
  return {
    sandbox: settings.PAYMENT_SANDBOX,
    sandboxBehaviour: {
      delayMs: settings.PAYMENT_SANDBOX_DELAY_MS,
      failureRate: settings.PAYMENT_SANDBOX_FAILURE_RATE,
    },
    ...(settings.WECHAT_PAY_NOTIFY_BASE_URL === undefined
      ? {}
      : {
          wechat: {
            baseUrl: settings.WECHAT_PAY_BASE_URL ?? 'https://api.mch.weixin.qq.com',
            notifyBaseUrl: settings.WECHAT_PAY_NOTIFY_BASE_URL,
          },
        }),
  };
}
