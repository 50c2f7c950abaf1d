import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import type { Classified } from './dead-letter.js';
import { InMemoryDedupStore } from './dedup.js';
import { deliverOnce, resolveTenants, routeByTenant, type RetrySettings } from './delivery.js';
import { silentLogger } from './ports.js';

const heartbeat = (serialNo: string, eventId = `${serialNo}-1`): DeviceEvent => ({
  eventId,
  serialNo,
  occurredAt: '2026-11-23T10:00:00+08:00',
  type: 'HEARTBEAT',
});

function retrySettings(abort = new AbortController()): RetrySettings {
  return {
    backoff: { initialMs: 1, maxMs: 2 },
    signal: abort.signal,
    shouldContinue: () => !abort.signal.aborted,
    heartbeat: () => Promise.resolve(),
  };
}

describe('resolveTenants (TEN-7: the serial of a device event names its tenant)', () => {
  it('looks each distinct serial up once; null for a serial no tenant registered', async () => {
    const asked: string[] = [];
    const devices = {
      tenantOf: (serialNo: string) => (
        asked.push(serialNo),
        Promise.resolve(serialNo === 'SN1' ? 'ta' : null)
      ),
    };
    const tenants = await resolveTenants(
      devices,
      [heartbeat('SN1', 'a'), heartbeat('SN2'), heartbeat('SN1', 'b')],
      retrySettings(),
      silentLogger,
      {},
    );
    expect(asked.sort()).toEqual(['SN1', 'SN2']);
    expect(tenants).toEqual(
      new Map([
        ['SN1', 'ta'],
        ['SN2', null],
      ]),
    );
  });

  it('retries a failing look-up in place (platform database down) until it answers', async () => {
    let failures = 2;
    const devices = {
      tenantOf: () => (failures-- > 0 ? Promise.reject(new Error('down')) : Promise.resolve('ta')),
    };
    const tenants = await resolveTenants(devices, [heartbeat('SN1')], retrySettings(), silentLogger, {});
    expect(failures).toBeLessThan(0);
    expect(tenants?.get('SN1')).toBe('ta');
  });

  it('gives up (undefined: leave the batch unacknowledged) when told to stop', async () => {
    const abort = new AbortController();
    const devices = {
      tenantOf: () => {
        abort.abort();
        return Promise.reject(new Error('down'));
      },
    };
    expect(await resolveTenants(devices, [heartbeat('SN1')], retrySettings(abort), silentLogger, {})).toBe(
      undefined,
    );
  });
});

describe('routeByTenant', () => {
  it('keeps dead letters, routes an event to its tenant, and makes an unregistered serial UNKNOWN_DEVICE', () => {
    const tenants = new Map([
      ['SN1', 'ta'],
      ['SN2', null],
    ]);
    const event = (serialNo: string): Classified => ({ kind: 'event', event: heartbeat(serialNo) });
    const malformed: Classified = { kind: 'dead-letter', reason: 'DEVICE_EVENT_MALFORMED', detail: 'x' };
    expect(routeByTenant(malformed, tenants)).toBe(malformed);
    expect(routeByTenant(event('SN1'), tenants)).toEqual({
      kind: 'event',
      event: heartbeat('SN1'),
      tenantId: 'ta',
    });
    for (const serial of ['SN2', 'SN3']) {
      expect(routeByTenant(event(serial), tenants)).toMatchObject({
        kind: 'dead-letter',
        reason: 'UNKNOWN_DEVICE',
        detail: expect.stringContaining(serial),
      });
    }
  });
});

describe('deliverOnce', () => {
  it('hands the event to the sink with its tenant and remembers it under that tenant only', async () => {
    const delivered: string[] = [];
    const stage = {
      sink: {
        deliver: (e: DeviceEvent, tenantId: string) => (
          delivered.push(`${e.eventId}@${tenantId}`),
          Promise.resolve()
        ),
      },
      dedup: new InMemoryDedupStore(10),
    };
    const event = heartbeat('SN1');
    for (const tenantId of ['ta', 'ta', 'tb']) {
      expect(await deliverOnce(event, tenantId, stage, retrySettings(), silentLogger, {})).toBe(true);
    }
    expect(delivered).toEqual(['SN1-1@ta', 'SN1-1@tb']);
  });
});
