import type { AdapterLogger } from '../kafka/ports.js';

/**
 * What a composition root opened, closed again in reverse order. A failing close is logged and the
 * rest still run, so one stuck connection never leaves the others open.
 */
export class Closers {
  private readonly stack: (() => Promise<unknown>)[] = [];

  constructor(private readonly logger?: AdapterLogger) {}

  /** Registers how to close something just opened. */
  add(close: () => Promise<unknown>): void {
    this.stack.push(close);
  }

  /** Closes everything registered, newest first; safe to call more than once. */
  async closeAll(): Promise<void> {
    for (const close of this.stack.splice(0).reverse()) {
      await close().catch((error: unknown) => this.logger?.error({ err: error }, 'shutdown step failed'));
    }
  }
}
