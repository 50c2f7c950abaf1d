import type { DeviceEvent } from '@chargeflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateEach, FaultPipeline, isSilent, reorderWithin } from './faults.js';
import { SimulatorSettingsSchema } from './settings.js';

const sorted = <T>(items: readonly T[]): T[] => [...items].sort();
const heartbeat = (id: string): DeviceEvent => ({
  eventId: id,
  serialNo: 'SN1',
  occurredAt: '2026-11-23T02:00:00.000Z',
  type: 'HEARTBEAT',
});
const stopped = (id: string): DeviceEvent => ({
  eventId: id,
  serialNo: 'SN1',
  occurredAt: '2026-11-23T02:00:00.000Z',
  type: 'STOPPED',
  connectorNo: 1,
  orderNo: 'CH1',
  meterWh: 10,
  reason: 'USER',
});

describe('simulator faults', () => {
  it('reordering keeps the multiset of events and moves none outside its window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer()),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (xs, w, r) => {
          const out = reorderWithin(xs, w, () => r);
          expect(sorted(out)).toEqual(sorted(xs));
          for (let from = 0; from < xs.length; from += w) {
            expect(sorted(out.slice(from, from + w))).toEqual(sorted(xs.slice(from, from + w)));
          }
        },
      ),
    );
  });

  it('duplication sends each event N times in a row and nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 5 }), (xs, n) => {
        const out = duplicateEach(xs, n);
        expect(out).toHaveLength(xs.length * n);
        expect([...new Set(out)].sort()).toEqual([...new Set(xs)].sort());
        xs.forEach((x, i) => expect(out.slice(i * n, (i + 1) * n)).toEqual(Array(n).fill(x)));
      }),
    );
  });

  it('the silence window counts from the first session start', () => {
    const settings = SimulatorSettingsSchema.parse({ silentAfterMs: 1000, silentForMs: 500 });
    expect(isSilent(settings, undefined, 5000)).toBe(false);
    expect([999, 1000, 1499, 1500].map((t) => isSilent(settings, 0, t))).toEqual([false, true, true, false]);
    expect(isSilent(SimulatorSettingsSchema.parse({}), 0, 1200)).toBe(false);
  });

  it('a silent device loses periodic events and sends its held replies on resume', () => {
    const pipeline = new FaultPipeline(SimulatorSettingsSchema.parse({}), Math.random);
    expect(pipeline.push([heartbeat('h1'), stopped('s1')], true)).toEqual([]);
    expect(pipeline.push([heartbeat('h2')], false).map((e) => e.eventId)).toEqual(['s1', 'h2']);
  });

  it('a partial reorder window waits for more events, or for flush', () => {
    const pipeline = new FaultPipeline(
      SimulatorSettingsSchema.parse({ reorderWindow: 3, duplicate: 2 }),
      () => 0,
    );
    expect(pipeline.push([heartbeat('a'), heartbeat('b')], false)).toEqual([]);
    const out = pipeline.push([heartbeat('c'), heartbeat('d')], false).map((e) => e.eventId);
    expect(sorted(out)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    expect(pipeline.flush().map((e) => e.eventId)).toEqual(['d', 'd']);
  });

  it('settings refuse a silence start without a length', () => {
    expect(SimulatorSettingsSchema.safeParse({ silentAfterMs: 1000 }).success).toBe(false);
  });
});
