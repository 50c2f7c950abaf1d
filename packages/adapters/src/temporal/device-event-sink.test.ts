import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { UndeliverableEventError } from '../kafka/ports.js';
import { TenancyError } from '../tenancy/errors.js';
import { TemporalDeviceEventSink, type ActiveSessionLookup } from './device-event-sink.js';
import { CachedSessionLookup } from './session-cache.js';

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

/**
 * A fake workflow client recording signals (one entry per event, `batches` one per signal);
 * `missing` workflow ids answer WorkflowNotFoundError, `failing` ones (or all, with `failWith`) fail.
 */
function fakeWorkflows(missing: readonly string[] = [], failWith?: Error, failing: readonly string[] = []) {
  const signals: { workflowId: string; eventId: string }[] = [];
  const batches: { workflowId: string; eventIds: string[] }[] = [];
  return {
    signals,
    batches,
    getHandle: (workflowId: string) => ({
      signal: (_def: unknown, events: readonly DeviceEvent[]) => {
        if (failWith && (failing.length === 0 || failing.includes(workflowId)))
          return Promise.reject(failWith);
        if (missing.includes(workflowId)) {
          return Promise.reject(new WorkflowNotFoundError('closed', workflowId, undefined));
        }
        for (const event of events) signals.push({ workflowId, eventId: event.eventId });
        batches.push({ workflowId, eventIds: events.map((e) => e.eventId) });
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
    expect(warnings).toMatchObject([{ tenantId: 'ta', orderNo: 'CH1', events: 1 }]);
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
    // Permanent for this event: the ingestion retries it a bounded number of times, then dead-letters it.
    for (const error of [down, new Error('pool timeout')]) {
      const delivered = sinkWith(fakeWorkflows(), failing(error)).sink.deliver(heartbeat, 'ta');
      await expect(delivered).rejects.toBeInstanceOf(UndeliverableEventError);
      await expect(delivered).rejects.toMatchObject({ cause: error });
    }
  });

  const hb = (id: string, serialNo = 'SN1'): DeviceEvent => ({
    eventId: id,
    serialNo,
    occurredAt: at,
    type: 'HEARTBEAT',
  });
  const meter = (id: string, orderNo: string, serialNo = 'SN1'): DeviceEvent => ({
    ...sample,
    eventId: id,
    orderNo,
    serialNo,
  });
  const of = (tenantId: string, ...events: DeviceEvent[]) => events.map((event) => ({ event, tenantId }));

  it('ORD-7: a batch is one signal per workflow carrying its events in batch order', async () => {
    const workflows = fakeWorkflows();
    const { sink } = sinkWith(workflows);
    const failures = await sink.deliverBatch([
      ...of('ta', meter('a1', 'CH1'), meter('b1', 'CH2', 'SN2'), meter('a2', 'CH1')),
      ...of('tb', meter('c1', 'CH1')),
      ...of('ta', meter('b2', 'CH2', 'SN2'), meter('a3', 'CH1')),
    ]);
    expect(failures).toEqual([]);
    expect(workflows.batches).toEqual(
      expect.arrayContaining([
        { workflowId: 'charging-ta-CH1', eventIds: ['a1', 'a2', 'a3'] },
        { workflowId: 'charging-ta-CH2', eventIds: ['b1', 'b2'] },
        { workflowId: 'charging-tb-CH1', eventIds: ['c1'] },
      ]),
    );
    expect(workflows.batches).toHaveLength(3);
  });

  it('ORD-3: signs of life are coalesced to the last per serial (and connector) of the batch, in place among the samples', async () => {
    const workflows = fakeWorkflows();
    const { sink } = sinkWith(workflows, sessionsOf({ ta: { SN1: ['CH1'] } }));
    const status: DeviceEvent = {
      eventId: 'cs1',
      serialNo: 'SN1',
      occurredAt: at,
      type: 'CONNECTOR_STATUS',
      connectorNo: 1,
      status: 'CHARGING',
    };
    await sink.deliverBatch(
      of('ta', hb('h1'), meter('m1', 'CH1'), hb('h2'), status, meter('m2', 'CH1'), hb('h3')),
    );
    expect(workflows.batches).toEqual([
      { workflowId: 'charging-ta-CH1', eventIds: ['m1', 'cs1', 'm2', 'h3'] },
    ]);
  });

  it("ORD-3: the serial's active sessions are looked up once and cached across batches, and looked up again after a START_ACCEPTED or STOPPED of that serial", async () => {
    const active: Record<string, Record<string, readonly string[]>> = { ta: { SN1: ['CH1'] } };
    const cache = new CachedSessionLookup(sessionsOf(active), { ttlMs: 60_000 });
    const workflows = fakeWorkflows();
    const { sink } = sinkWith(workflows, cache);
    for (let i = 0; i < 5; i++) await sink.deliverBatch(of('ta', hb(`h${i}`)));
    expect(cache.misses).toBe(1);
    active['ta'] = { SN1: ['CH1', 'CH2'] }; // a second session starts on the charger
    const accepted: DeviceEvent = {
      eventId: 'sa2',
      serialNo: 'SN1',
      occurredAt: at,
      type: 'START_ACCEPTED',
      connectorNo: 2,
      orderNo: 'CH2',
    };
    await sink.deliverBatch(of('ta', accepted, hb('h9')));
    expect(cache.misses).toBe(2);
    expect(workflows.batches.slice(-2)).toEqual(
      expect.arrayContaining([
        { workflowId: 'charging-ta-CH2', eventIds: ['sa2', 'h9'] },
        { workflowId: 'charging-ta-CH1', eventIds: ['h9'] },
      ]),
    );
  });

  it('a signal to a closed workflow drops its serial from the cache; a refused signal is permanent, an outage is not', async () => {
    const cache = new CachedSessionLookup(sessionsOf({ ta: { SN1: ['CH1'] } }));
    const { sink } = sinkWith(fakeWorkflows(['charging-ta-CH1']), cache);
    await sink.deliverBatch(of('ta', hb('h1')));
    await sink.deliverBatch(of('ta', hb('h2')));
    expect(cache.misses).toBe(2);

    const grpc = (code: number) =>
      new ServiceError('Failed to signal Workflow', {
        cause: Object.assign(new Error('grpc'), { code, details: '', metadata: {} }),
      });
    const refused = sinkWith(fakeWorkflows([], grpc(3), ['charging-ta-CH2'])).sink;
    const failures = await refused.deliverBatch(of('ta', meter('x1', 'CH1'), meter('x2', 'CH2')));
    expect(
      failures.map((f) => ({ ids: f.events.map((e) => e.event.eventId), permanent: f.permanent })),
    ).toEqual([{ ids: ['x2'], permanent: true }]);
    const outage = sinkWith(fakeWorkflows([], grpc(14))).sink;
    expect((await outage.deliverBatch(of('ta', meter('y1', 'CH1')))).map((f) => f.permanent)).toEqual([
      false,
    ]);
  });

  it('ORD-3: with signOfLifeIntervalMs, a workflow signalled within the interval gets no heartbeat-only signal; after it, or with a sample, it does', async () => {
    let now = 1_000_000;
    const workflows = fakeWorkflows();
    const sink = new TemporalDeviceEventSink({
      workflows: workflows as never,
      sessions: sessionsOf({ ta: { SN1: ['CH1'] } }),
      signOfLifeIntervalMs: 30_000,
      now: () => now,
    });
    await sink.deliverBatch(of('ta', meter('m1', 'CH1'))); // signalled at t
    now += 10_000;
    await sink.deliverBatch(of('ta', hb('h1'))); // t + 10 s: alive already known → skipped
    now += 10_000;
    await sink.deliverBatch(of('ta', hb('h2'), meter('m2', 'CH1'))); // a sample: sent, with the heartbeat
    now += 29_000;
    await sink.deliverBatch(of('ta', hb('h3'))); // 29 s after the last signal: skipped
    now += 2_000;
    await sink.deliverBatch(of('ta', hb('h4'))); // 31 s: sent (a SUSPENDED session hears it at once)
    expect(workflows.batches.map((b) => b.eventIds)).toEqual([['m1'], ['h2', 'm2'], ['h4']]);
    expect(sink.counts).toEqual({
      signals: 3,
      livenessSkipped: 2,
      samplesRecorded: 0,
      samplesHeld: 0,
      checkpointsSkipped: 0,
    });
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
  it('SPEC §14: a SNAPSHOT_TAKEN goes to the snapshot sink with its tenant, never to a session; a failure there is retried', async () => {
    const workflows = fakeWorkflows();
    const stored: string[] = [];
    let fail = true;
    const sink = new TemporalDeviceEventSink({
      workflows: workflows as never,
      sessions: sessionsOf({ ta: { CAM1: ['CH1'] } }),
      snapshots: {
        handle: (event, tenantId) => {
          if (fail) return Promise.reject(new Error('GridFS down'));
          stored.push(`${tenantId} ${event.commandId} ${event.contentType}`);
          return Promise.resolve();
        },
      },
    });
    const taken: DeviceEvent = {
      eventId: 'p1',
      serialNo: 'CAM1',
      occurredAt: at,
      type: 'SNAPSHOT_TAKEN',
      commandId: 'cam-1',
      contentType: 'image/png',
      imageBase64: 'iVBORw0KGgoAAAAN',
    };
    const failures = await sink.deliverBatch([{ event: taken, tenantId: 'ta' }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ permanent: false });
    fail = false;
    expect(await sink.deliverBatch([{ event: taken, tenantId: 'ta' }])).toEqual([]);
    expect(stored).toEqual(['ta cam-1 image/png']);
    expect(workflows.signals).toEqual([]);
  });
});
