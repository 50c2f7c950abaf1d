// Decision 0019 in the sink: car sessions' samples recorded, held or signalled (fake recorder and
// workflow client; the recorder on real databases is in test/integration/sample-recorder.test.ts).
import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { TemporalDeviceEventSink } from './device-event-sink.js';
import type { MeterSampleEvent, SampleRecorder, SessionWatch } from './sample-recorder.js';

const at = '2026-12-04T10:00:00+08:00';
const meter = (eventId: string, orderNo: string, meterWh: number): DeviceEvent => ({
  eventId,
  serialNo: 'SN1',
  occurredAt: at,
  type: 'METER_SAMPLE',
  connectorNo: 1,
  orderNo,
  meterWh,
  powerW: 7000,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const of = (...events: DeviceEvent[]) => events.map((event) => ({ event, tenantId: 'ta' }));

class FakeRecorder implements SampleRecorder {
  readonly recorded: string[] = [];
  failing = false;
  constructor(private readonly rows: Record<string, SessionWatch>) {}
  watches(_tenantId: string, orderNos: readonly string[]) {
    if (this.failing) return Promise.reject(new Error('database down'));
    return Promise.resolve(
      new Map(orderNos.flatMap((no) => (this.rows[no] === undefined ? [] : [[no, this.rows[no]] as const]))),
    );
  }
  record(tenantId: string, samples: readonly MeterSampleEvent[]) {
    for (const sample of samples) this.recorded.push(`${tenantId} ${sample.orderNo} ${sample.eventId}`);
    return Promise.resolve();
  }
}

function setup(rows: Record<string, SessionWatch>, hang = false) {
  let now = 1_000_000;
  const batches: string[][] = [];
  const warnings: object[] = [];
  const recorder = new FakeRecorder(rows);
  const sink = new TemporalDeviceEventSink({
    workflows: {
      getHandle: () => ({
        signal: (_def: unknown, events: readonly DeviceEvent[]) => {
          batches.push(events.map((e) => e.eventId));
          return hang ? new Promise(() => undefined) : Promise.resolve();
        },
      }),
    } as never,
    samples: recorder,
    sampleCheckpointMs: 120_000,
    checkpointConcurrency: 2,
    logger: { info: () => undefined, warn: (fields) => void warnings.push(fields), error: () => undefined },
    now: () => now,
  });
  return { sink, batches, recorder, warnings, advance: (ms: number) => void (now += ms) };
}

describe('TemporalDeviceEventSink with a sample recorder (decision 0019)', () => {
  it('ORD-7, §14: every car sample is recorded; below the watch and within the checkpoint no signal is sent, after the checkpoint one is', async () => {
    const { sink, batches, recorder, advance } = setup({ CH1: { status: 'CHARGING', watchWh: 20_000 } });
    await sink.deliverBatch(of(meter('m1', 'CH1', 1_000))); // never signalled by this process: sent
    advance(60_000);
    await sink.deliverBatch(of(meter('m2', 'CH1', 2_000))); // 60 s later: held
    advance(59_000);
    await sink.deliverBatch(of(meter('m3', 'CH1', 3_000))); // 119 s after the signal: held
    advance(2_000);
    await sink.deliverBatch(of(meter('m4', 'CH1', 4_000))); // 121 s: the checkpoint, sent
    await tick();
    expect(recorder.recorded).toEqual(['ta CH1 m1', 'ta CH1 m2', 'ta CH1 m3', 'ta CH1 m4']);
    expect(batches).toEqual([['m1'], ['m4']]);
    expect(sink.counts).toMatchObject({ signals: 2, samplesRecorded: 4, samplesHeld: 2 });
  });

  it('ORD-4: a sample reaching the watch is signalled at once, inside the checkpoint', async () => {
    const { sink, batches, advance } = setup({ CH1: { status: 'CHARGING', watchWh: 5_000 } });
    await sink.deliverBatch(of(meter('m1', 'CH1', 1_000)));
    advance(10_000);
    await sink.deliverBatch(of(meter('m2', 'CH1', 4_999), meter('m3', 'CH1', 5_000)));
    expect(batches).toEqual([['m1'], ['m2', 'm3']]);
  });

  it('an order that is not a car order of the tenant is neither recorded nor held; a failing recorder falls back to signalling (nothing lost)', async () => {
    const { sink, batches, recorder, warnings, advance } = setup({
      CH1: { status: 'CHARGING', watchWh: 20_000 },
    });
    await sink.deliverBatch(of(meter('m1', 'CH1', 1_000), meter('b1', 'EB1', 10)));
    advance(10_000);
    await sink.deliverBatch(of(meter('b2', 'EB1', 20)));
    expect(recorder.recorded).toEqual(['ta CH1 m1']);
    recorder.failing = true;
    await sink.deliverBatch(of(meter('m2', 'CH1', 2_000)));
    await tick();
    expect(batches).toEqual(expect.arrayContaining([['m1'], ['b1'], ['b2'], ['m2']]));
    expect(batches).toHaveLength(4);
    expect(warnings).toHaveLength(1);
  });

  it('§14: a checkpoint signal is not awaited by the batch; one per workflow and at most checkpointConcurrency in flight, the rest skipped (their samples are recorded)', async () => {
    const rows = Object.fromEntries(
      ['CH1', 'CH2', 'CH3'].map((no) => [no, { status: 'CHARGING', watchWh: 20_000 }] as const),
    );
    const { sink, batches, recorder } = setup(rows, true); // signals never answer
    await sink.deliverBatch(of(meter('a1', 'CH1', 100))); // returns although the signal hangs
    await sink.deliverBatch(of(meter('a2', 'CH1', 200), meter('b1', 'CH2', 100), meter('c1', 'CH3', 100)));
    expect(batches).toEqual([['a1'], ['b1']]);
    expect(recorder.recorded).toHaveLength(4);
    expect(sink.counts).toMatchObject({ checkpointsSkipped: 2, samplesRecorded: 4 });
  });
});
