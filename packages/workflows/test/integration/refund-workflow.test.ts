// refundWorkflow (REF-2) on the shared Temporal dev server with an in-memory refund desk (the channel
// and ledger stand-in): the callback signal ends the wait; a lost callback is found by the status
// query; and a worker shut down mid-way is replaced without submitting the refund twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRefundActivities,
  type RefundDesk,
  type RefundProgress,
  type RefundRef,
} from '../../src/refunds/activities.js';
import { refundSettledSignal, refundStatusQuery, refundWorkflowId } from '../../src/refunds/messages.js';
import type { refundWorkflow } from '../../src/refunds/refund-workflow.js';
import { bundleWorkflows, connectDevServer, createTestWorker } from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';

/** The ledger and channel in memory: counts submissions and queries; `settle` is what a callback does. */
class MemoryDesk implements RefundDesk {
  readonly submitted: string[] = [];
  readonly asked: string[] = [];
  private readonly states = new Map<string, RefundProgress['status']>();
  /** What the channel would answer to a status query. */
  channelAnswer: RefundProgress['status'] = 'REFUNDING';

  settle(refundNo: string, status: 'REFUNDED' | 'FAILED'): void {
    this.states.set(refundNo, status);
  }
  submit(ref: RefundRef): Promise<RefundProgress> {
    this.submitted.push(ref.refundNo);
    return Promise.resolve(this.progress(ref.refundNo));
  }
  check(ref: RefundRef & { readonly ask: boolean }): Promise<RefundProgress> {
    if (ref.ask) {
      this.asked.push(ref.refundNo);
      if (this.channelAnswer !== 'REFUNDING') this.states.set(ref.refundNo, this.channelAnswer);
    }
    return Promise.resolve(this.progress(ref.refundNo));
  }
  private progress(refundNo: string): RefundProgress {
    return { refundNo, status: this.states.get(refundNo) ?? 'REFUNDING', attempts: 1 };
  }
}

describe('refundWorkflow (REF-2, dev server)', () => {
  let dev: Awaited<ReturnType<typeof connectDevServer>>;
  let bundle: { code: string };

  beforeAll(async () => {
    dev = await connectDevServer();
    bundle = await bundleWorkflows();
  });
  afterAll(async () => dev?.close());

  const input = (refundNo: string) => ({
    tenantId: 't-refund',
    refundNo,
    callbackTimeoutMs: 60_000,
    pollMs: 500,
    giveUpAfterMs: 120_000,
  });
  const start = (taskQueue: string, refundNo: string) =>
    dev.client.workflow.start<typeof refundWorkflow>('refundWorkflow', {
      workflowId: refundWorkflowId('t-refund', refundNo, 1),
      taskQueue,
      args: [input(refundNo)],
    });
  const waitSubmitted = async (desk: MemoryDesk, refundNo: string) => {
    for (let i = 0; i < 200 && !desk.submitted.includes(refundNo); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('ends when the callback settled the refund, without asking the channel (REF-2)', async () => {
    const desk = new MemoryDesk();
    const refundNo = `RF-${randomUUID().slice(0, 8)}`;
    const { worker, taskQueue } = await createTestWorker(
      dev,
      bundle,
      new InMemoryChargingPorts(),
      undefined,
      {
        activities: { ...createRefundActivities(desk) },
      },
    );
    const result = await worker.runUntil(async () => {
      const handle = await start(taskQueue, refundNo);
      await waitSubmitted(desk, refundNo);
      desk.settle(refundNo, 'REFUNDED');
      await handle.signal(refundSettledSignal);
      return handle.result();
    });
    expect(result).toEqual({ refundNo, status: 'REFUNDED', attempts: 1 });
    expect(desk.submitted).toEqual([refundNo]);
    expect(desk.asked).toEqual([]);
  });

  it('survives a worker shut down while it waits; the next worker finishes it, submitting once (REF-2)', async () => {
    const desk = new MemoryDesk();
    const refundNo = `RF-${randomUUID().slice(0, 8)}`;
    const sticky = { stickyQueueScheduleToStartTimeout: '1 second' } as const;
    const activities = { ...createRefundActivities(desk) };
    const first = await createTestWorker(dev, bundle, new InMemoryChargingPorts(), undefined, {
      ...sticky,
      activities,
    });
    const firstRun = first.worker.run();
    const handle = await start(first.taskQueue, refundNo);
    await waitSubmitted(desk, refundNo);
    expect((await handle.query(refundStatusQuery))?.status).toBe('REFUNDING');
    first.worker.shutdown();
    await firstRun;

    // While no worker runs, the channel's callback settles it and the inbox signals.
    desk.settle(refundNo, 'FAILED');
    await handle.signal(refundSettledSignal);
    const second = await createTestWorker(dev, bundle, new InMemoryChargingPorts(), first.taskQueue, {
      ...sticky,
      activities,
    });
    const result = await second.worker.runUntil(handle.result());
    expect(result).toEqual({ refundNo, status: 'FAILED', attempts: 1 });
    expect(desk.submitted).toEqual([refundNo]); // the first worker's submission was not repeated
  });

  it('asks the channel when the callback never comes (REF-2: status query as fallback)', async () => {
    const desk = new MemoryDesk();
    desk.channelAnswer = 'REFUNDED';
    const refundNo = `RF-${randomUUID().slice(0, 8)}`;
    const { worker, taskQueue } = await createTestWorker(
      dev,
      bundle,
      new InMemoryChargingPorts(),
      undefined,
      {
        activities: { ...createRefundActivities(desk) },
      },
    );
    const result = await worker.runUntil(async () => {
      const handle = await dev.client.workflow.start<typeof refundWorkflow>('refundWorkflow', {
        workflowId: refundWorkflowId('t-refund', refundNo, 1),
        taskQueue,
        args: [{ ...input(refundNo), callbackTimeoutMs: 300 }],
      });
      return handle.result();
    });
    expect(result.status).toBe('REFUNDED');
    expect(desk.asked).toEqual([refundNo]);
  });
});
