// splitWorkflow (SPL-1) on the time-skipping Temporal server with an in-memory split desk (the
// ledger and channel stand-in; it allocates with core's allocateSplit like the real ledger). The
// expected parts are written by hand: 100.01 CNY at 33.333 % each → 10001 × 0.33333 = 3333.63333
// fen per receiver, floors 3 × 3333 = 9999 of floor(10001 × 0.99999) = 10000, the one fen left goes
// to the first of the equal remainders: 33.34 + 33.33 + 33.33, the lead merchant keeps 0.01.
import { randomUUID } from 'node:crypto';
import { allocateSplit, fen, formatCny } from '@chargeflow/core';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSplitActivities,
  type SplitDesk,
  type SplitProgress,
  type SplitRef,
} from '../../src/splits/activities.js';
import { splitSettledSignal, splitWorkflowId, type SplitWorkflowInput } from '../../src/splits/messages.js';
import type { splitWorkflow } from '../../src/splits/split-workflow.js';
import { bundleWorkflows, createTestWorker, startTimeSkipping } from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';

type PartStatus = 'PROCESSING' | 'SUCCEEDED' | 'FAILED' | 'REVERSING' | 'REVERSED';
interface Part {
  merchantId: string;
  amount: string;
  status: PartStatus;
  attempt: number;
  reverses: number;
}

/** One order's split in memory: what was sent to the "channel", what it would answer when asked. */
class MemoryDesk implements SplitDesk {
  readonly sent: string[] = [];
  readonly asked: string[] = [];
  opened = 0;
  round = 0;
  parts: Part[] = [];
  /** The channel's answer to a status query per merchant (none: still processing). */
  readonly channel = new Map<string, 'SUCCESS' | 'FAILED'>();

  constructor(private readonly applicable = true) {}

  open(_ref: SplitRef): Promise<SplitProgress> {
    this.opened += 1;
    if (!this.applicable) return Promise.resolve(this.progress());
    if (this.parts.length === 0) {
      const shares = ['M-A', 'M-B', 'M-C'].map((merchantId) => ({
        merchantId,
        ratio: { decimal: '0.33333' },
      }));
      const allocation = allocateSplit(fen(10001n), 'M-LEAD', shares);
      if (!allocation.ok) throw allocation.error;
      this.parts = allocation.value.shares.map((s) => ({
        merchantId: s.merchantId,
        amount: formatCny(s.amount),
        status: 'PROCESSING',
        attempt: 1,
        reverses: 0,
      }));
    }
    return Promise.resolve(this.progress());
  }
  submit(_ref: SplitRef): Promise<SplitProgress> {
    for (const p of this.openParts())
      this.sent.push(`${p.status}:${p.merchantId}:${p.status === 'REVERSING' ? p.reverses : p.attempt}`);
    return Promise.resolve(this.progress());
  }
  check(ref: SplitRef & { readonly ask: boolean }): Promise<SplitProgress> {
    if (ref.ask) {
      for (const p of this.openParts()) {
        this.asked.push(p.merchantId);
        const answer = this.channel.get(p.merchantId);
        if (answer !== undefined) this.settle(p.merchantId, answer);
      }
    }
    return Promise.resolve(this.progress());
  }
  /** What a verified callback does in the ledger. */
  settle(merchantId: string, answer: 'SUCCESS' | 'FAILED'): void {
    const p = this.parts.find((x) => x.merchantId === merchantId)!;
    if (p.status === 'PROCESSING') p.status = answer === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED';
    else if (p.status === 'REVERSING') p.status = answer === 'SUCCESS' ? 'REVERSED' : 'SUCCEEDED';
  }
  /** What the operator's retry does in the ledger (under the record lock). */
  retryFailed(): number {
    for (const p of this.parts.filter((x) => x.status === 'FAILED')) {
      p.status = 'PROCESSING';
      p.attempt += 1;
    }
    this.round += 1;
    return this.round;
  }
  reverseAll(): number {
    for (const p of this.parts) {
      p.status = 'REVERSING';
      p.reverses += 1;
    }
    this.channel.clear();
    this.round += 1;
    return this.round;
  }
  private openParts(): Part[] {
    return this.parts.filter((p) => p.status === 'PROCESSING' || p.status === 'REVERSING');
  }
  private progress(): SplitProgress {
    if (!this.applicable) return { splitNo: null, status: 'NOT_APPLICABLE', round: 0, open: 0, parts: [] };
    const statuses = this.parts.map((p) => p.status);
    const status = statuses.some((s) => s === 'REVERSING')
      ? 'REVERSING'
      : statuses.every((s) => s === 'REVERSED')
        ? 'REVERSED'
        : statuses.some((s) => s === 'PROCESSING')
          ? 'PROCESSING'
          : statuses.some((s) => s === 'FAILED')
            ? 'FAILED'
            : 'SUCCEEDED';
    return {
      splitNo: 'SPLIT-1',
      status,
      round: this.round,
      open: this.openParts().length,
      parts: this.parts.map(({ merchantId, amount, status: s }) => ({ merchantId, amount, status: s })),
    };
  }
}

const TENANT = 't-split';
const MINUTE = 60_000;

describe('splitWorkflow on the time-skipping server (SPL-1)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: { code: string };

  beforeAll(async () => {
    env = await startTimeSkipping();
    bundle = await bundleWorkflows();
  }, 120_000);
  afterAll(async () => env?.teardown());

  const input = (orderNo: string, round: number, pollMs = 10 * MINUTE): SplitWorkflowInput => ({
    tenantId: TENANT,
    orderNo,
    round,
    callbackTimeoutMs: MINUTE,
    pollMs,
    giveUpAfterMs: 24 * 60 * MINUTE,
  });
  // No workflow cache: every workflow task replays the whole history (a worker restart on every
  // task), and each round runs on a new worker, so nothing is sent twice across restarts.
  const run = async <T>(desk: MemoryDesk, body: (taskQueue: string) => Promise<T>): Promise<T> => {
    const { worker, taskQueue } = await createTestWorker(
      env,
      bundle,
      new InMemoryChargingPorts(),
      undefined,
      {
        maxCachedWorkflows: 0,
        activities: createSplitActivities(desk),
      },
    );
    return worker.runUntil(body(taskQueue));
  };
  const start = (taskQueue: string, orderNo: string, round: number, pollMs?: number) =>
    env.client.workflow.start<typeof splitWorkflow>('splitWorkflow', {
      workflowId: splitWorkflowId(TENANT, orderNo, round),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      taskQueue,
      args: [input(orderNo, round, pollMs)],
    });

  it('SPL-1: 100.01 split three ways is 33.34 + 33.33 + 33.33 (0.01 kept); lost callbacks are found by the status query; a failed part retried; then reversed', async () => {
    const desk = new MemoryDesk();
    const orderNo = `CH${randomUUID().slice(0, 8)}`;
    desk.channel.set('M-A', 'SUCCESS').set('M-B', 'SUCCESS').set('M-C', 'FAILED');
    const first = await run(desk, async (taskQueue) => (await start(taskQueue, orderNo, 0)).result());
    expect(first).toEqual({
      splitNo: 'SPLIT-1',
      status: 'FAILED',
      round: 0,
      open: 0,
      parts: [
        { merchantId: 'M-A', amount: '33.34', status: 'SUCCEEDED' },
        { merchantId: 'M-B', amount: '33.33', status: 'SUCCEEDED' },
        { merchantId: 'M-C', amount: '33.33', status: 'FAILED' },
      ],
    });
    // No callback came: after the callback timeout every open part was asked about once.
    expect(desk.sent).toEqual(['PROCESSING:M-A:1', 'PROCESSING:M-B:1', 'PROCESSING:M-C:1']);
    expect(desk.asked).toEqual(['M-A', 'M-B', 'M-C']);

    // The operator retries (round 1): only the failed part is sent again, as attempt 2.
    desk.channel.set('M-C', 'SUCCESS');
    const round = desk.retryFailed();
    const retried = await run(desk, async (taskQueue) => {
      const handle = await start(taskQueue, orderNo, round);
      return handle.result();
    });
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.round).toBe(1);
    expect(desk.sent.slice(3)).toEqual(['PROCESSING:M-C:2']);

    // The operator reverses (round 2): every part is taken back; callbacks settle it at once.
    const reversal = desk.reverseAll();
    const reversed = await run(desk, async (taskQueue) => {
      const handle = await start(taskQueue, orderNo, reversal);
      // The callbacks come once the channel has the reversal requests.
      for (let i = 0; i < 400 && desk.sent.length < 7; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (const m of ['M-A', 'M-B', 'M-C']) desk.settle(m, 'SUCCESS');
      await handle.signal(splitSettledSignal);
      return handle.result();
    });
    expect(reversed.status).toBe('REVERSED');
    expect(reversed.parts.map((p) => p.status)).toEqual(['REVERSED', 'REVERSED', 'REVERSED']);
    expect(desk.sent.slice(4)).toEqual(['REVERSING:M-A:1', 'REVERSING:M-B:1', 'REVERSING:M-C:1']);
    expect(desk.opened).toBe(1);
  });

  it('SPL-1: a second start of round 0 with the order’s id is refused; the split is opened and sent once', async () => {
    const desk = new MemoryDesk();
    const orderNo = `CH${randomUUID().slice(0, 8)}`;
    for (const m of ['M-A', 'M-B', 'M-C']) desk.channel.set(m, 'SUCCESS');
    const result = await run(desk, async (taskQueue) => {
      const handle = await start(taskQueue, orderNo, 0);
      await expect(start(taskQueue, orderNo, 0)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      const done = await handle.result();
      // Also after it finished (REJECT_DUPLICATE): a settlement activity run again cannot split twice.
      await expect(start(taskQueue, orderNo, 0)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      return done;
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(desk.opened).toBe(1);
    expect(desk.sent).toHaveLength(3);
  });

  it('SPL-1: an order that is not split (splits off, free, unpaid) ends without sending anything', async () => {
    const desk = new MemoryDesk(false);
    const result = await run(desk, async (taskQueue) =>
      (await start(taskQueue, `CH${randomUUID().slice(0, 8)}`, 0)).result(),
    );
    expect(result.status).toBe('NOT_APPLICABLE');
    expect(desk.sent).toEqual([]);
    expect(desk.asked).toEqual([]);
  });

  it('SPL-1: a channel that never answers is asked every poll until the round gives up after a day, parts still open', async () => {
    const desk = new MemoryDesk();
    const result = await run(desk, async (taskQueue) =>
      (await start(taskQueue, `CH${randomUUID().slice(0, 8)}`, 0, 180 * MINUTE)).result(),
    );
    expect(result).toMatchObject({ status: 'PROCESSING', open: 3 });
    // Asked after 1 minute, then every 3 h: at 0:01, 3:01, …, 24:01, the first past a day: 9 per part.
    expect(desk.asked.filter((m) => m === 'M-A')).toHaveLength(9);
  });
});
