import { z } from 'zod';
import { ConfigError } from './endpoints.js';

/**
 * The invoicing variables of the worker (INV-2): INVOICE_PROVIDER (sandbox | none),
 * INVOICE_SANDBOX_DELAY_MS, INVOICE_SANDBOX_FAILURE_RATE. Spread into a process's schema.
 */
export const INVOICE_SETTINGS = {
  /** The invoicing provider: `sandbox` (issues nothing real) or `none` (every invoice attempt FAILS). */
  INVOICE_PROVIDER: z.enum(['sandbox', 'none']).default('sandbox'),
  /** How long the sandbox provider takes to answer (ms). */
  INVOICE_SANDBOX_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /** The share of invoices the sandbox provider fails, 0 … 1. */
  INVOICE_SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
} as const;

/** The invoicing provider chosen by configuration. */
export type InvoiceProviderOptions =
  | { readonly kind: 'sandbox'; readonly delayMs: number; readonly failureRate: number }
  | { readonly kind: 'none' };

/**
 * The invoicing options of validated settings. In production mode the sandbox provider is refused
 * (a ConfigError naming INVOICE_PROVIDER) unless ALLOW_SANDBOX=true: its invoices are not real.
 */
export function invoiceOptionsOf(settings: {
  readonly CHARGEFLOW_MODE: 'development' | 'production';
  readonly ALLOW_SANDBOX: 'true' | 'false';
  readonly INVOICE_PROVIDER: 'sandbox' | 'none';
  readonly INVOICE_SANDBOX_DELAY_MS: number;
  readonly INVOICE_SANDBOX_FAILURE_RATE: number;
}): InvoiceProviderOptions {
  if (settings.INVOICE_PROVIDER === 'none') return { kind: 'none' };
  if (settings.CHARGEFLOW_MODE === 'production' && settings.ALLOW_SANDBOX !== 'true') {
    throw new ConfigError(
      'INVOICE_PROVIDER',
      settings.INVOICE_PROVIDER,
      'the sandbox provider issues no real invoice; set INVOICE_PROVIDER=none in production, or ALLOW_SANDBOX=true',
    );
  }
  return {
    kind: 'sandbox',
    delayMs: settings.INVOICE_SANDBOX_DELAY_MS,
    failureRate: settings.INVOICE_SANDBOX_FAILURE_RATE,
  };
}
