import { DomainError } from '@chargeflow/core';

/** Error codes of idempotent requests. */
export type IdempotencyErrorCode = 'IDEMPOTENCY_KEY_REUSED';

/** The outcome of an idempotent call: the order no. and whether it is a replay of an earlier call. */
export interface IdempotentOutcome {
  readonly orderNo: string;
  readonly replayed: boolean;
}

/**
 * Remembers which order a client's Idempotency-Key (or request id) created, so a retried start
 * returns the same order. `fingerprint` is the canonical request: the same key with another request
 * is IDEMPOTENCY_KEY_REUSED. A failed call forgets the key (the client may retry it).
 */
export interface IdempotencyStore {
  once(key: string, fingerprint: string, create: () => Promise<string>): Promise<IdempotentOutcome>;
}

/**
 * Process-local store: concurrent calls with one key share one creation. It forgets on restart and
 * is not shared between API instances; a durable store needs a table in the persistence layer.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { fingerprint: string; orderNo: Promise<string> }>();

  async once(key: string, fingerprint: string, create: () => Promise<string>): Promise<IdempotentOutcome> {
    const known = this.entries.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'the idempotency key was used for another request', {
          key,
        });
      }
      return { orderNo: await known.orderNo, replayed: true };
    }
    const orderNo = create();
    this.entries.set(key, { fingerprint, orderNo });
    try {
      return { orderNo: await orderNo, replayed: false };
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }
}
