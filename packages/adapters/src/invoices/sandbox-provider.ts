import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@chargeflow/core';
import type { InvoiceSubmission, InvoicingProvider, ProviderAnswer } from './provider.js';

/** How the sandbox provider behaves (INVOICE_SANDBOX_DELAY_MS, INVOICE_SANDBOX_FAILURE_RATE). */
export interface SandboxInvoicingBehaviour {
  /** How long after a submission (or void request) its answer is ready (ms). */
  readonly delayMs: number;
  /** The share of submissions it fails, 0 … 1 (decided when submitted). */
  readonly failureRate: number;
}

interface Ticket {
  readonly kind: 'ISSUE' | 'VOID';
  readonly requestId: string;
  readonly at: number;
  readonly failed: boolean;
}

const digits = (hash: Buffer, count: number) =>
  BigInt(`0x${hash.toString('hex')}`)
    .toString()
    .slice(-count)
    .padStart(count, '0');

/**
 * The sandbox invoicing provider: it behaves like a real one — it answers later (`delayMs` after a
 * submission), declines some (`failureRate`, or `decide`) with a reason, and its tickets are signed
 * (HMAC-SHA256 with the sandbox key), so a forged or altered ticket is refused. It keeps no state:
 * the ticket carries the decision, so API and worker processes (and a restarted worker) agree.
 * Invoice number (8 digits), code (12 digits) and serial derive from the request id.
 */
export class SandboxInvoicingProvider implements InvoicingProvider {
  readonly name = 'sandbox';
  private behaviour: SandboxInvoicingBehaviour;

  constructor(
    private readonly options: {
      readonly key: string | Uint8Array;
      readonly clock?: () => number;
      readonly behaviour?: Partial<SandboxInvoicingBehaviour>;
      readonly random?: () => number;
      /** Tests: decides whether a submission fails (instead of `failureRate`). */
      readonly decide?: (submission: InvoiceSubmission) => 'ISSUED' | 'FAILED';
    },
  ) {
    this.behaviour = { delayMs: 200, failureRate: 0, ...options.behaviour };
  }

  /** Changes the behaviour of later submissions (tests). */
  configure(behaviour: Partial<SandboxInvoicingBehaviour>): void {
    this.behaviour = { ...this.behaviour, ...behaviour };
  }

  submit(submission: InvoiceSubmission): Promise<{ readonly ticket: string }> {
    const failed = this.options.decide
      ? this.options.decide(submission) === 'FAILED'
      : (this.options.random ?? Math.random)() < this.behaviour.failureRate;
    return Promise.resolve({
      ticket: this.sign({ kind: 'ISSUE', requestId: submission.requestId, at: this.now(), failed }),
    });
  }

  status(ticket: string): Promise<ProviderAnswer> {
    return Promise.resolve(ticket).then((t) => this.issueAnswer(t));
  }

  private issueAnswer(ticket: string): ProviderAnswer {
    const t = this.open(ticket, 'ISSUE');
    if (this.now() < t.at + this.behaviour.delayMs) return { state: 'PENDING' };
    if (t.failed) return { state: 'FAILED', reason: 'sandbox: the tax bureau declined' };
    const hash = createHash('sha256').update(t.requestId).digest();
    return {
      state: 'ISSUED',
      invoiceNumber: digits(hash.subarray(0, 8), 8),
      invoiceCode: digits(hash.subarray(8, 16), 12),
      serialNo: `SBX${hash.subarray(16, 24).toString('hex').toUpperCase()}`,
      issuedAt: t.at + this.behaviour.delayMs,
    };
  }

  requestVoid(request: {
    readonly requestId: string;
    readonly invoiceNumber: string;
  }): Promise<{ readonly ticket: string }> {
    return Promise.resolve({
      ticket: this.sign({ kind: 'VOID', requestId: request.requestId, at: this.now(), failed: false }),
    });
  }

  voidStatus(ticket: string): Promise<ProviderAnswer> {
    return Promise.resolve(ticket).then((value): ProviderAnswer => {
      const t = this.open(value, 'VOID');
      if (this.now() < t.at + this.behaviour.delayMs) return { state: 'PENDING' };
      return { state: 'VOIDED', at: t.at + this.behaviour.delayMs };
    });
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private mac(body: string): string {
    return createHmac('sha256', this.options.key).update(body).digest('base64url');
  }

  private sign(ticket: Ticket): string {
    const body = Buffer.from(JSON.stringify(ticket)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private open(ticket: string, kind: Ticket['kind']): Ticket {
    const [body = '', mac = ''] = ticket.split('.');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new DomainError('INVOICE_TICKET_INVALID', 'the provider ticket is not signed by the sandbox', {});
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Ticket;
    if (parsed.kind !== kind)
      throw new DomainError('INVOICE_TICKET_INVALID', `not a ${kind} ticket`, { kind: parsed.kind });
    return parsed;
  }
}
