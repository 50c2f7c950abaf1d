import { randomUUID } from 'node:crypto';
import { fen, type Fen } from '@chargeflow/core';
import { z } from 'zod';
import { silentLogger, type AdapterLogger } from '../../kafka/ports.js';
import { PaymentCallbackError } from '../callback-errors.js';
import type {
  ChannelGateway,
  ChannelMerchant,
  ChannelOutcome,
  ChannelPaymentOrder,
  ChannelRefundOrder,
  RawCallback,
  VerifiedNotice,
} from '../gateway.js';
import type { ChannelSplitOrder, SplitGateway } from '../split-gateway.js';
import { signSandboxCallback, verifySandboxSignature } from './signature.js';

/** Where the sandbox sends a callback: the station's callback endpoint (in-process or over HTTP). */
export type SandboxDelivery = (
  target: { readonly tenantId: string; readonly stationId: string },
  callback: RawCallback,
) => Promise<void>;

/** How the sandbox behaves; change it at run time with `configure` (tests make it fail on purpose). */
export interface SandboxBehaviour {
  /** How long the "channel" takes before it answers (ms). */
  readonly delayMs: number;
  /** The share of payments and refunds that fail, 0 … 1. */
  readonly failureRate: number;
  /** Callbacks not sent at all (the status query must find the result), 0 … 1. */
  readonly lostCallbackRate: number;
  /**
   * SPL-1: receivers the channel does not know as split receivers (分账接收方 not bound): every split
   * to them is declined, as a real channel does; bind them (configure) and a retry succeeds.
   */
  readonly unboundReceivers: readonly string[];
}

export interface SandboxAcquirerOptions {
  readonly behaviour?: Partial<SandboxBehaviour>;
  readonly deliver: SandboxDelivery;
  /** The signing key of stations without a payment configuration (`PAYMENT_SANDBOX=default`). */
  readonly defaultSigningKey: string;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logger?: AdapterLogger;
}

interface Remote {
  readonly kind: 'PAYMENT' | 'REFUND' | 'SPLIT' | 'SPLIT_REVERSAL';
  readonly no: string;
  readonly receiver?: string;
  readonly attempt: number;
  readonly amount: Fen;
  outcome: ChannelOutcome;
}

const NoticeSchema = z.object({
  kind: z.enum(['PAYMENT', 'REFUND', 'SPLIT', 'SPLIT_REVERSAL']),
  no: z.string().min(1).max(48),
  attempt: z.number().int().min(1).max(1000).default(1),
  status: z.enum(['SUCCESS', 'FAILED']),
  channelNo: z.string().min(1).max(64),
  amountFen: z.string().regex(/^\d{1,16}$/),
  at: z.number().int(),
  reason: z.string().max(255).optional(),
});

const DELIVERY_ATTEMPTS = 3;

/**
 * The "sandbox" channel, behaving like a real one without moving money: it accepts a payment or
 * refund at once, decides it after `delayMs` (failing `failureRate` of them), and sends a signed
 * callback (HMAC-SHA256 under the station's `signingKey`) to the station's callback endpoint,
 * retrying a failed delivery; `lostCallbackRate` of the callbacks are never sent, so the status
 * query is the only way to learn those. Its memory is the "channel's server": one per process.
 */
export class SandboxAcquirer implements ChannelGateway, SplitGateway {
  readonly name = 'sandbox';
  private behaviour: SandboxBehaviour;
  private readonly remote = new Map<string, Remote>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logger: AdapterLogger;

  constructor(private readonly options: SandboxAcquirerOptions) {
    this.behaviour = {
      delayMs: 20,
      failureRate: 0,
      lostCallbackRate: 0,
      unboundReceivers: [],
      ...options.behaviour,
    };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
  }

  /** Changes how the sandbox behaves from now on. */
  configure(behaviour: Partial<SandboxBehaviour>): void {
    this.behaviour = { ...this.behaviour, ...behaviour };
  }

  submitPayment(merchant: ChannelMerchant, order: ChannelPaymentOrder): Promise<void> {
    this.accept(merchant, 'PAYMENT', order.paymentNo, 1, order.amount);
    return Promise.resolve();
  }

  queryPayment(_merchant: ChannelMerchant, paymentNo: string): Promise<ChannelOutcome> {
    return Promise.resolve(this.remote.get(`PAYMENT:${paymentNo}:1`)?.outcome ?? { status: 'NOT_FOUND' });
  }

  submitRefund(merchant: ChannelMerchant, refund: ChannelRefundOrder): Promise<void> {
    this.accept(merchant, 'REFUND', refund.refundNo, refund.attempt, refund.amount);
    return Promise.resolve();
  }

  queryRefund(_merchant: ChannelMerchant, refundNo: string, attempt: number): Promise<ChannelOutcome> {
    return Promise.resolve(
      this.remote.get(`REFUND:${refundNo}:${attempt}`)?.outcome ?? { status: 'NOT_FOUND' },
    );
  }

  submitSplit(merchant: ChannelMerchant, order: ChannelSplitOrder): Promise<void> {
    const kind = order.operation === 'SPLIT' ? 'SPLIT' : 'SPLIT_REVERSAL';
    this.accept(merchant, kind, order.partNo, order.attempt, order.amount, order.receiverMerchantId);
    return Promise.resolve();
  }

  querySplit(
    _merchant: ChannelMerchant,
    request: Pick<ChannelSplitOrder, 'operation' | 'partNo' | 'attempt'>,
  ): Promise<ChannelOutcome> {
    const kind = request.operation === 'SPLIT' ? 'SPLIT' : 'SPLIT_REVERSAL';
    return Promise.resolve(
      this.remote.get(`${kind}:${request.partNo}:${request.attempt}`)?.outcome ?? { status: 'NOT_FOUND' },
    );
  }

  /** SPL-1: every split and reversal request the sandbox accepted, once per request no. */
  splitsAsked(): readonly {
    readonly operation: 'SPLIT' | 'REVERSAL';
    readonly partNo: string;
    readonly attempt: number;
    readonly receiver: string;
    readonly amount: Fen;
  }[] {
    return [...this.remote.values()]
      .filter((entry) => entry.kind === 'SPLIT' || entry.kind === 'SPLIT_REVERSAL')
      .map((entry) => ({
        operation: entry.kind === 'SPLIT' ? ('SPLIT' as const) : ('REVERSAL' as const),
        partNo: entry.no,
        attempt: entry.attempt,
        receiver: entry.receiver ?? '',
        amount: entry.amount,
      }));
  }

  verifyCallback(merchant: ChannelMerchant, callback: RawCallback): VerifiedNotice {
    verifySandboxSignature(this.keyOf(merchant), callback);
    let parsed: z.infer<typeof NoticeSchema>;
    try {
      parsed = NoticeSchema.parse(JSON.parse(callback.body));
    } catch {
      throw new PaymentCallbackError('CALLBACK_MALFORMED', 'the callback body is not a sandbox notice', {});
    }
    const outcome: ChannelOutcome = {
      status: parsed.status,
      channelNo: parsed.channelNo,
      amount: fen(BigInt(parsed.amountFen)),
      at: parsed.at,
      ...(parsed.reason === undefined ? {} : { reason: parsed.reason }),
    };
    if (parsed.kind === 'SPLIT' || parsed.kind === 'SPLIT_REVERSAL')
      return {
        kind: 'SPLIT',
        operation: parsed.kind === 'SPLIT' ? 'SPLIT' : 'REVERSAL',
        partNo: parsed.no,
        attempt: parsed.attempt,
        ...outcome,
      };
    return parsed.kind === 'PAYMENT'
      ? { kind: 'PAYMENT', paymentNo: parsed.no, ...outcome }
      : { kind: 'REFUND', refundNo: parsed.no, attempt: parsed.attempt, ...outcome };
  }

  /** What the sandbox was asked to pay back: every refund it accepted, once per refund no. */
  refundsAsked(): readonly { readonly refundNo: string; readonly attempt: number; readonly amount: Fen }[] {
    return [...this.remote.values()]
      .filter((entry) => entry.kind === 'REFUND')
      .map((entry) => ({ refundNo: entry.no, attempt: entry.attempt, amount: entry.amount }));
  }

  /** Stops every pending decision and delivery (process shutdown, end of a test). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The signing key of a station: its configured one, or the deployment's for unconfigured stations. */
  private keyOf(merchant: ChannelMerchant): string {
    const key = merchant.config === null ? this.options.defaultSigningKey : merchant.secrets['signingKey'];
    if (key === undefined || key === '')
      throw new PaymentCallbackError(
        'CALLBACK_SIGNATURE_INVALID',
        'the station has no sandbox signing key',
        {},
      );
    return key;
  }

  private accept(
    merchant: ChannelMerchant,
    kind: Remote['kind'],
    no: string,
    attempt: number,
    amount: Fen,
    receiver?: string,
  ): void {
    const id = `${kind}:${no}:${attempt}`;
    if (this.remote.has(id)) return; // idempotent: the channel knows this order already
    const entry: Remote = {
      kind,
      no,
      attempt,
      amount,
      ...(receiver === undefined ? {} : { receiver }),
      outcome: { status: 'PROCESSING' },
    };
    this.remote.set(id, entry);
    this.later(this.behaviour.delayMs, () => this.decide(merchant, entry));
  }

  private decide(merchant: ChannelMerchant, entry: Remote): void {
    const unbound = entry.kind === 'SPLIT' && this.behaviour.unboundReceivers.includes(entry.receiver ?? '');
    const failed = unbound || this.random() < this.behaviour.failureRate;
    const at = this.now();
    entry.outcome = failed
      ? {
          status: 'FAILED',
          channelNo: `SBX-${entry.no}`,
          amount: entry.amount,
          at,
          reason: unbound ? 'split receiver not bound' : 'declined by the sandbox',
        }
      : {
          status: 'SUCCESS',
          channelNo: channelNoOf(entry),
          amount: entry.amount,
          at,
        };
    if (this.random() < this.behaviour.lostCallbackRate) return;
    const body = JSON.stringify({
      kind: entry.kind,
      no: entry.no,
      attempt: entry.attempt,
      status: entry.outcome.status,
      channelNo: entry.outcome.channelNo,
      amountFen: entry.amount.toString(),
      at,
      ...(entry.outcome.reason === undefined ? {} : { reason: entry.outcome.reason }),
    });
    const callback = { headers: signSandboxCallback(this.keyOf(merchant), body, at, randomUUID()), body };
    this.send(merchant, callback, 1);
  }

  private send(merchant: ChannelMerchant, callback: RawCallback, attempt: number): void {
    const target = { tenantId: merchant.tenantId, stationId: merchant.stationId };
    this.options.deliver(target, callback).catch((error: unknown) => {
      if (attempt >= DELIVERY_ATTEMPTS) {
        this.logger.warn({ err: error, ...target, attempt }, 'sandbox callback not delivered; giving up');
        return;
      }
      this.later(attempt * 200, () => this.send(merchant, callback, attempt + 1));
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

/** The sandbox's own no. of a payment (`SBX-<paymentNo>`) or refund (`SBX-R-<refundNo>`, `-<attempt>` from the second). */
function channelNoOf(entry: Remote): string {
  if (entry.kind === 'PAYMENT') return `SBX-${entry.no}`;
  if (entry.kind === 'SPLIT') return `SBX-S-${entry.no}-${entry.attempt}`;
  if (entry.kind === 'SPLIT_REVERSAL') return `SBX-SR-${entry.no}-${entry.attempt}`;
  return `SBX-R-${entry.no}${entry.attempt > 1 ? `-${entry.attempt}` : ''}`;
}
