import type { InvoiceProviderOptions } from '../config/invoice-settings.js';
import type { SecretBox } from '../tenancy/secrets.js';
import type { InvoicingProvider, ProviderAnswer } from './provider.js';
import { SandboxInvoicingProvider } from './sandbox-provider.js';

/** INVOICE_PROVIDER=none: no provider is connected, so every attempt ends FAILED with that reason. */
export class NoInvoicingProvider implements InvoicingProvider {
  readonly name = 'none';
  private readonly answer: ProviderAnswer = {
    state: 'FAILED',
    reason: 'no invoicing provider is configured (INVOICE_PROVIDER=none)',
  };
  submit(): Promise<{ readonly ticket: string }> {
    return Promise.resolve({ ticket: 'none' });
  }
  status(): Promise<ProviderAnswer> {
    return Promise.resolve(this.answer);
  }
  requestVoid(): Promise<{ readonly ticket: string }> {
    return Promise.resolve({ ticket: 'none' });
  }
  voidStatus(): Promise<ProviderAnswer> {
    return Promise.resolve(this.answer);
  }
}

/** The invoicing provider of the configuration; the sandbox signs its tickets with a key derived from CHARGEFLOW_SECRET_KEY. */
export function invoicingProviderOf(
  options: InvoiceProviderOptions,
  secrets: Pick<SecretBox, 'derive'>,
  clock: () => number = Date.now,
): InvoicingProvider {
  if (options.kind === 'none') return new NoInvoicingProvider();
  return new SandboxInvoicingProvider({
    key: secrets.derive('invoice-sandbox-ticket-key'),
    clock,
    behaviour: { delayMs: options.delayMs, failureRate: options.failureRate },
  });
}
