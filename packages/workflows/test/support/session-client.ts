// Client-side helpers of the charging session tests: start idempotently, wait on the live status.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import type { ChargingSessionInput } from '../../src/charging/input.js';
import {
  deviceEventSignal,
  deviceEventsSignal,
  liveStatusQuery,
  type LiveStatus,
} from '../../src/charging/messages.js';
import { chargingStartOptions } from '../../src/charging/start.js';
import type { chargingSessionWorkflow } from '../../src/charging/workflows.js';

/** A handle on a charging session workflow. */
export type SessionHandle = WorkflowHandleWithFirstExecutionRunId<typeof chargingSessionWorkflow>;

/** Starts (or joins, when already running) the session of `input`. */
export function startSession(
  env: Pick<TestWorkflowEnvironment, 'client'>,
  input: ChargingSessionInput,
  taskQueue: string,
): Promise<SessionHandle> {
  return env.client.workflow.start<typeof chargingSessionWorkflow>(
    'chargingSessionWorkflow',
    chargingStartOptions(input, taskQueue),
  );
}

/** Sends device events in the given order (each as the `deviceEvent` signal). */
export async function sendEvents(handle: SessionHandle, events: readonly DeviceEvent[]): Promise<void> {
  for (const event of events) await handle.signal(deviceEventSignal, event);
}

/** Sends device events as one `deviceEvents` signal (what the Kafka ingestion sends per batch). */
export async function sendBatch(handle: SessionHandle, events: readonly DeviceEvent[]): Promise<void> {
  await handle.signal(deviceEventsSignal, events);
}

/** Polls the `liveStatus` query until `done` holds (real time; workflow time stays locked). */
export async function waitForStatus(
  handle: SessionHandle,
  done: (status: LiveStatus) => boolean,
  timeoutMs = 20_000,
): Promise<LiveStatus> {
  const until = Date.now() + timeoutMs;
  let last: LiveStatus | undefined;
  while (Date.now() < until) {
    last = await handle.query(liveStatusQuery);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `live status never matched; last: ${JSON.stringify(last, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
}
