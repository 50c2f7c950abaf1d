import { DeviceEventSchema, type DeviceCommand, type DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { ChargerSimulation } from './charger.js';
import { SimulatorSettingsSchema, type SimulatorSettingsInput } from './settings.js';

const T0 = Date.parse('2026-11-23T02:00:00Z');
const MIN = 60_000;

function charger(settings: SimulatorSettingsInput = {}): ChargerSimulation {
  let seq = 0;
  return new ChargerSimulation('SN1', SimulatorSettingsSchema.parse(settings), () => `e${++seq}`, T0);
}
const command = (type: 'START_CHARGING' | 'STOP_CHARGING', id: string, orderNo = 'CH1'): DeviceCommand => ({
  commandId: id,
  serialNo: 'SN1',
  issuedAt: new Date(T0).toISOString(),
  type,
  connectorNo: 1,
  orderNo,
});
const types = (events: readonly DeviceEvent[]): string[] => events.map((e) => e.type);
const meters = (events: readonly DeviceEvent[]): number[] =>
  events.flatMap((e) => ('meterWh' in e && e.meterWh !== undefined ? [e.meterWh] : []));

describe('ChargerSimulation (SPEC §14 device behaviour)', () => {
  it('§14 START_CHARGING → START_ACCEPTED, a sample per interval on device time, STOP → STOPPED with the final meter', () => {
    const sim = charger({ profile: 'ac7', heartbeatIntervalMs: 10 * MIN });
    const start = sim.handle(command('START_CHARGING', 'c1'), T0);
    expect(start).toMatchObject([{ type: 'START_ACCEPTED', meterWh: 1_000_000, orderNo: 'CH1' }]);
    const hour = sim.advance(T0 + 60 * MIN);
    expect(hour.filter((e) => e.type === 'METER_SAMPLE')).toHaveLength(60);
    expect(hour.filter((e) => e.type === 'HEARTBEAT')).toHaveLength(6);
    const samples = hour.filter((e) => e.type === 'METER_SAMPLE');
    expect(samples[0]?.occurredAt).toBe('2026-11-23T02:01:00.000Z');
    expect(samples.at(-1)?.occurredAt).toBe('2026-11-23T03:00:00.000Z');
    const stop = sim.handle(command('STOP_CHARGING', 'c2'), T0 + 60 * MIN + 30_000);
    expect(types(stop)).toEqual(['STOPPED']);

    const all = [...start, ...hour, ...stop];
    for (const event of all) expect(DeviceEventSchema.safeParse(event).success).toBe(true);
    const energy = meters(all);
    energy.forEach((wh, i) => {
      expect(Number.isInteger(wh)).toBe(true);
      if (i > 0) expect(wh).toBeGreaterThanOrEqual(energy[i - 1] ?? 0);
    });
    const delivered = (energy.at(-1) ?? 0) - 1_000_000;
    expect(delivered).toBeGreaterThan(6950); // ~7 kWh in an hour and a half-minute at 7 kW
    expect(delivered).toBeLessThan(7100);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
  });

  it('§14 with rejectStarts answers START_REJECTED and sends no samples', () => {
    const sim = charger({ rejectStarts: true, rejectReason: 'gun fault' });
    expect(sim.handle(command('START_CHARGING', 'c1'), T0)).toMatchObject([
      { type: 'START_REJECTED', reason: 'gun fault' },
    ]);
    expect(types(sim.advance(T0 + 10 * MIN))).not.toContain('METER_SAMPLE');
  });

  it('a repeated command gets the same reply (same event ids); a busy connector rejects another order', () => {
    const sim = charger();
    const first = sim.handle(command('START_CHARGING', 'c1'), T0);
    expect(sim.handle(command('START_CHARGING', 'c1'), T0 + 1000)).toEqual(first);
    expect(sim.handle(command('START_CHARGING', 'c9'), T0 + 1000)).toEqual(first);
    expect(sim.handle(command('START_CHARGING', 'c3', 'CH2'), T0 + 2000)).toMatchObject([
      { type: 'START_REJECTED', reason: 'connector busy with CH1' },
    ]);
    const stop = sim.handle(command('STOP_CHARGING', 's1'), T0 + 5 * MIN);
    expect(
      sim.handle(command('STOP_CHARGING', 's2'), T0 + 6 * MIN).filter((e) => e.type === 'STOPPED'),
    ).toEqual(stop.filter((e) => e.type === 'STOPPED'));
  });

  it('a DC session tapers near full and stops itself with AUTO_STOP at 100 %', () => {
    const sim = charger({ profile: 'dc60', initialSoc: 70, heartbeatIntervalMs: 24 * 60 * MIN });
    sim.handle(command('START_CHARGING', 'c1'), T0);
    const events = sim.advance(T0 + 120 * MIN);
    const samples = events.filter((e) => e.type === 'METER_SAMPLE');
    const powers = samples.map((e) => e.powerW);
    expect(Math.max(...powers)).toBe(60_000);
    expect(powers.at(-1)).toBeLessThan(60_000);
    expect(events.at(-1)).toMatchObject({ type: 'STOPPED', reason: 'AUTO_STOP' });
    expect(sim.charging).toBe(0);
  });

  it('the next session starts from the register the last one left', () => {
    const sim = charger();
    sim.handle(command('START_CHARGING', 'c1'), T0);
    const stop = sim.handle(command('STOP_CHARGING', 'c2'), T0 + 30 * MIN);
    const next = sim.handle(command('START_CHARGING', 'c3', 'CH2'), T0 + 31 * MIN);
    expect(meters(next)).toEqual(meters(stop.filter((e) => e.type === 'STOPPED')));
  });
});

describe('card reader (CARD-3)', () => {
  it('CARD-3 a swipe is a CARD_SWIPED event of the connector; a CARD_REJECTED answer is kept with its reason', () => {
    const sim = new ChargerSimulation('SN-CARD', SimulatorSettingsSchema.parse({}), () => 'e1', 0);
    expect(sim.swipe('P-1', 2, 10)).toMatchObject([{ type: 'CARD_SWIPED', cardNo: 'P-1', connectorNo: 2 }]);
    const answer = {
      type: 'CARD_REJECTED' as const,
      commandId: 'card:e1',
      serialNo: 'SN-CARD',
      issuedAt: '2026-03-10T00:00:00.000Z',
      connectorNo: 2,
      cardNo: 'P-1',
      reason: 'CARD_DISABLED',
      message: 'card is disabled',
    };
    expect(sim.handle(answer, 20)).toEqual([]);
    expect(sim.rejections.map((r) => r.reason)).toEqual(['CARD_DISABLED']);
  });
});

describe('ChargerSimulation as an e-bike box (ASSET-7, ORD-8)', () => {
  const socket = (type: 'START_CHARGING' | 'STOP_CHARGING', id: string, no: number): DeviceCommand => ({
    commandId: id,
    serialNo: 'SN1',
    issuedAt: new Date(T0).toISOString(),
    type,
    connectorNo: no,
    orderNo: `EB${no}`,
  });

  it('ASSET-7 ORD-8 each socket charges on its own power curve and reports CHARGING, then AVAILABLE after its stop', () => {
    const sim = charger({
      profile: 'ebike',
      batteryWh: 1000,
      initialSoc: 10,
      heartbeatIntervalMs: 60 * MIN,
      sockets: [
        { maxPowerW: 120, rampMs: 0 },
        { maxPowerW: 360, rampMs: 0 },
      ],
      reportSocketStatus: true,
    });
    const starts = [1, 2, 3].flatMap((no) => sim.handle(socket('START_CHARGING', `s${no}`, no), T0));
    expect(starts.map((e) => [e.type, 'connectorNo' in e ? e.connectorNo : 0])).toEqual([
      ['START_ACCEPTED', 1],
      ['CONNECTOR_STATUS', 1],
      ['START_ACCEPTED', 2],
      ['CONNECTOR_STATUS', 2],
      ['START_ACCEPTED', 3],
      ['CONNECTOR_STATUS', 3],
    ]);
    const samples = sim.advance(T0 + 30 * MIN).filter((e) => e.type === 'METER_SAMPLE');
    const last = (no: number) => samples.filter((e) => e.connectorNo === no).at(-1)!;
    // 30 min flat (no ramp, SoC stays below 80 %): 120 W → 60 Wh, 360 W → 180 Wh, the profile's 300 W
    // → 150 Wh; the register shows the integer part of the 1 s steps' sum (a hair under: 59, 179, 149).
    expect([1, 2, 3].map((no) => last(no).powerW)).toEqual([120, 360, 300]);
    const delivered = [1, 2, 3].map((no) => last(no).meterWh - 1_000_000);
    [60, 180, 150].forEach((wh, i) => expect(Math.abs(delivered[i]! - wh)).toBeLessThanOrEqual(1));
    expect(last(1).voltageV).toBe(220);
    const stop = sim.handle(socket('STOP_CHARGING', 'x2', 2), T0 + 30 * MIN);
    expect(stop).toMatchObject([
      { type: 'STOPPED', connectorNo: 2, meterWh: 1_000_000 + delivered[1]! },
      { type: 'CONNECTOR_STATUS', connectorNo: 2, status: 'AVAILABLE' },
    ]);
    expect(sim.charging).toBe(2);
    for (const event of [...starts, ...samples, ...stop])
      expect(DeviceEventSchema.safeParse(event).success).toBe(true);
  });

  it('without reportSocketStatus a charger sends no CONNECTOR_STATUS (car chargers unchanged)', () => {
    const sim = charger({ profile: 'ac7' });
    expect(types(sim.handle(command('START_CHARGING', 'c1'), T0))).toEqual(['START_ACCEPTED']);
  });
});
