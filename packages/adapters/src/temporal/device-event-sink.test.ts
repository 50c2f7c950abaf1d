import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { TemporalDeviceEventSink } from './device-event-sink.js';

const at = '2026-11-23T10:00:00+08:00';
const sample: DeviceEvent = {
  eventId: 'e1',
  serialNo: 'SN1',
  occurredAt: at,
  type: 'METER_SAMPLE',
  connectorNo: 1,
  orderNo: 'CH1',
  meterWh: 10,
  powerW: 7000,
};
const heartbeat: DeviceEvent = { eventId: 'h1', serialNo: 'SN1', occurredAt: at, type: 'HEARTBEAT' };
const alarm: DeviceEvent = {
  eventId: 'a1',
  serialNo: 'SN1',
  occurredAt: at,
  type: 'ALARM',
  code: 'E1',
  severity: 'WARNING',
  message: 'hot',
};

/** A fake workflow client recording signals; `missing` workflow ids answer WorkflowNotFoundError. */
function fakeWorkflows(missing: readonly string[] = [], failWith?: Error) {
  const signals: { workflowId: string; eventId: string }[] = [];
  return {
    signals,
    getHandle: (workflowId: string) => ({
      signal: (_def: unknown, event: DeviceEvent) => {
        if (failWith) return Promise.reject(failWith);
        if (missing.includes(workflowId)) {
          return Promise.reject(new WorkflowNotFoundError('closed', workflowId, undefined));
        }
        signals.push({ workflowId, eventId: event.eventId });
        return Promise.resolve();
      },
    }),
  };
}

const sinkWith = (workflows: ReturnType<typeof fakeWorkflows>, active: readonly string[] = []) => {
  const warnings: object[] = [];
  const sink = new TemporalDeviceEventSink({
    workflows: workflows as never,
    tenantId: 'default',
    sessions: { activeOrders: () => Promise.resolve(active) },
    logger: { info: () => undefined, warn: (fields) => void warnings.push(fields), error: () => undefined },
  });
  return { sink, warnings };
};

describe('TemporalDeviceEventSink', () => {
  it('SPEC §14: an event with an order no. signals charging-<tenant>-<orderNo>', async () => {
    const workflows = fakeWorkflows();
    await sinkWith(workflows).sink.deliver(sample);
    expect(workflows.signals).toEqual([{ workflowId: 'charging-default-CH1', eventId: 'e1' }]);
  });

  it('ORD-3: a heartbeat goes to every active session of the serial; an alarm to none', async () => {
    const workflows = fakeWorkflows();
    const { sink } = sinkWith(workflows, ['CH1', 'CH2']);
    await sink.deliver(heartbeat);
    await sink.deliver(alarm);
    expect(workflows.signals.map((s) => s.workflowId)).toEqual([
      'charging-default-CH1',
      'charging-default-CH2',
    ]);
  });

  it('a finished session (WorkflowNotFoundError) is logged and skipped, not retried', async () => {
    const workflows = fakeWorkflows(['charging-default-CH1']);
    const { sink, warnings } = sinkWith(workflows);
    await expect(sink.deliver(sample)).resolves.toBeUndefined();
    expect(warnings).toMatchObject([{ orderNo: 'CH1', eventId: 'e1' }]);
  });

  it('any other failure is thrown, so the ingestion retries it', async () => {
    const { sink } = sinkWith(fakeWorkflows([], new Error('unavailable')));
    await expect(sink.deliver(sample)).rejects.toThrow('unavailable');
  });
});
