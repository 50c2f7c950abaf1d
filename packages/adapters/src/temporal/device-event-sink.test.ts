import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { TenancyError } from '../tenancy/errors.js';
import { TemporalDeviceEventSink, type ActiveSessionLookup } from './device-event-sink.js';

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

/** Active orders per tenant and serial: `{ ta: { SN1: ['CH1'] } }`. */
const sessionsOf = (active: Record<string, Record<string, readonly string[]>>): ActiveSessionLookup => ({
  activeOrders: (tenantId, serialNo) => Promise.resolve(active[tenantId]?.[serialNo] ?? []),
});

const sinkWith = (
  workflows: ReturnType<typeof fakeWorkflows>,
  sessions: ActiveSessionLookup = sessionsOf({}),
) => {
  const warnings: object[] = [];
  const sink = new TemporalDeviceEventSink({
    workflows: workflows as never,
    sessions,
    logger: { info: () => undefined, warn: (fields) => void warnings.push(fields), error: () => undefined },
  });
  return { sink, warnings };
};

describe('TemporalDeviceEventSink', () => {
  it("SPEC §14, TEN-7: an event with an order no. signals charging-<the serial's tenant>-<orderNo>", async () => {
    const workflows = fakeWorkflows();
    const { sink } = sinkWith(workflows);
    await sink.deliver(sample, 'ta');
    await sink.deliver({ ...sample, serialNo: 'SN9', eventId: 'e9' }, 'tb');
    expect(workflows.signals).toEqual([
      { workflowId: 'charging-ta-CH1', eventId: 'e1' },
      { workflowId: 'charging-tb-CH1', eventId: 'e9' },
    ]);
  });

  it("ORD-3, TEN-7: a heartbeat goes to every active session of the serial in its tenant's database only; an alarm to none", async () => {
    const workflows = fakeWorkflows();
    // Both tenants have an order CH1 (order nos. are per tenant); only ta's charger SN1 is reporting.
    const { sink } = sinkWith(workflows, sessionsOf({ ta: { SN1: ['CH1', 'CH2'] }, tb: { SN2: ['CH1'] } }));
    await sink.deliver(heartbeat, 'ta');
    await sink.deliver(alarm, 'ta');
    expect(workflows.signals.map((s) => s.workflowId)).toEqual(['charging-ta-CH1', 'charging-ta-CH2']);
  });

  it('a finished session (WorkflowNotFoundError) is logged and skipped, not retried', async () => {
    const workflows = fakeWorkflows(['charging-ta-CH1']);
    const { sink, warnings } = sinkWith(workflows);
    await expect(sink.deliver(sample, 'ta')).resolves.toBeUndefined();
    expect(warnings).toMatchObject([{ tenantId: 'ta', orderNo: 'CH1', eventId: 'e1' }]);
  });

  it('any other failure is thrown, so the ingestion retries it', async () => {
    const { sink } = sinkWith(fakeWorkflows([], new Error('unavailable')));
    await expect(sink.deliver(sample, 'ta')).rejects.toThrow('unavailable');
  });

  it('a sign of life of a tenant without a database (unknown, or no READY datasource) is skipped; an unreachable tenant database is thrown (retried in place)', async () => {
    const failing = (error: Error): ActiveSessionLookup => ({ activeOrders: () => Promise.reject(error) });
    for (const error of [
      new TenancyError('TENANT_NOT_FOUND', 'no tenant ta', { id: 'ta' }),
      new TenancyError('TENANT_DATABASE_NOT_READY', 'not ready', { tenantId: 'ta', provisioning: null }),
    ]) {
      const workflows = fakeWorkflows();
      const { sink, warnings } = sinkWith(workflows, failing(error));
      await expect(sink.deliver(heartbeat, 'ta')).resolves.toBeUndefined();
      expect(workflows.signals).toEqual([]);
      expect(warnings).toMatchObject([{ tenantId: 'ta', serialNo: 'SN1', eventId: 'h1' }]);
    }
    const down = new TenancyError('TENANT_DATABASE_NOT_READY', 'could not be opened', {
      tenantId: 'ta',
      reason: 'connect ECONNREFUSED',
    });
    await expect(sinkWith(fakeWorkflows(), failing(down)).sink.deliver(heartbeat, 'ta')).rejects.toBe(down);
    const other = new Error('pool timeout');
    await expect(sinkWith(fakeWorkflows(), failing(other)).sink.deliver(heartbeat, 'ta')).rejects.toBe(other);
  });

  it('ORD-1, CARD-3: a CARD_SWIPED goes to the card-swipe handler with its tenant, never to a session', async () => {
    const workflows = fakeWorkflows();
    const handled: string[] = [];
    const sink = new TemporalDeviceEventSink({
      workflows: workflows as never,
      sessions: sessionsOf({ ta: { SN1: ['CH1'] } }),
      cardSwipes: {
        handle: (event, tenantId) => {
          handled.push(`${tenantId} ${event.cardNo} ${event.connectorNo}`);
          return Promise.resolve();
        },
      },
    });
    const swipe: DeviceEvent = {
      eventId: 's1',
      serialNo: 'SN1',
      occurredAt: at,
      type: 'CARD_SWIPED',
      connectorNo: 2,
      cardNo: 'P-1',
    };
    await sink.deliver(swipe, 'ta');
    expect(handled).toEqual(['ta P-1 2']);
    expect(workflows.signals).toEqual([]);
    // Without a handler (no card starts wired) the swipe is dropped.
    await expect(sinkWith(workflows).sink.deliver(swipe, 'ta')).resolves.toBeUndefined();
  });
});
