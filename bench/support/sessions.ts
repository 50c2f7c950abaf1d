// Charging sessions as the device-event benches drive them: an order opened as the API opens it
// (serial registered, prepay taken, order row), the workflow input, the events a charger reports,
// and the bill check every run makes (the settled bill = the bill of the de-duplicated readings).
import {
  fen,
  fundingCap,
  parseCarTariff,
  priceCarSession,
  unwrap,
  type Bill,
  type DeviceEvent,
  type MeterReading,
} from '@chargeflow/core';
import type { ChargingSessionInput, ChargingSessionResult } from '@chargeflow/workflows';
import type { Message, Producer } from 'kafkajs';
import { TOU_DEF } from '../../packages/core/src/tariff/fixtures/sample-tariffs.js';
import type { BenchStack } from './charging-stack.js';

/** Large enough that no session stops itself on PREPAY_EXHAUSTED. */
export const PREPAY = fen(10_000_000);
export const START_METER_WH = 10_000;
const PRODUCE_CHUNK = 500;

let seq = 0;

/**
 * Registers the serial to the tenant (as creating its charger would), takes the prepay and creates
 * the order row in the tenant's database (what the API does before it starts the workflow), and
 * returns the workflow input. `heartbeatMs` is the order's heartbeat timeout (ORD-3).
 */
export async function openOrder(
  stack: BenchStack,
  serial: string,
  heartbeatMs = 600_000,
): Promise<ChargingSessionInput> {
  const n = String(++seq).padStart(6, '0'); // before any await: openOrder runs concurrently
  await stack.register(serial);
  const orderNo = `CB${stack.run}${n}`;
  const paymentNo = `PB${stack.run}${n}`;
  await stack.channel.pay({ paymentNo, orderNo, amount: PREPAY, stationId: 'st-bench' });
  const funding = { kind: 'PREPAY', paymentNo, prepay: PREPAY } as const;
  await stack.orders.create({
    orderNo,
    providerId: 'pv-bench',
    propertyId: 'pp-bench',
    stationId: 'st-bench',
    chargerId: `ch-${serial}`,
    chargerSerial: serial,
    connectorId: `cn-${serial}`,
    connectorNo: '1',
    startWay: 'APP',
    funding,
    tariff: { tariffId: TOU_DEF.id, version: TOU_DEF.version },
    createdAt: Date.now(),
  });
  return {
    tenantId: stack.tenantId,
    orderNo,
    stationId: 'st-bench',
    chargerSerial: serial,
    connectorNo: 1,
    startWay: 'APP',
    funding,
    tariff: unwrap(parseCarTariff(TOU_DEF)),
    timeZone: 'Asia/Shanghai',
    timeouts: { startMs: 600_000, heartbeatMs, stopMs: 600_000 },
    preconditions: {
      assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
      prepayPaid: true,
    },
    options: { afterEndListenMs: 0 },
  };
}

/** A charger's reports for one session (order no., serial, connector 1). */
export class ChargerReports {
  readonly readings: MeterReading[] = [];
  private samples = 0;
  private beats = 0;
  constructor(
    readonly input: ChargingSessionInput,
    private wh = START_METER_WH,
  ) {}

  private base(at: number) {
    return {
      serialNo: this.input.chargerSerial,
      connectorNo: 1,
      orderNo: this.input.orderNo,
      occurredAt: new Date(at).toISOString(),
    };
  }

  accepted(at: number): DeviceEvent {
    this.readings.push({ at, wh: this.wh });
    return { ...this.base(at), eventId: `${this.input.orderNo}-a`, type: 'START_ACCEPTED', meterWh: this.wh };
  }

  /** The next sample: `whStep` more Wh at `at`. */
  sample(at: number, whStep: number): DeviceEvent {
    this.samples += 1;
    this.wh += whStep;
    this.readings.push({ at, wh: this.wh });
    return {
      ...this.base(at),
      eventId: `${this.input.orderNo}-s${this.samples}`,
      type: 'METER_SAMPLE',
      meterWh: this.wh,
      powerW: 6000,
      voltageV: 230,
      currentA: 26,
    };
  }

  heartbeat(at: number): DeviceEvent {
    this.beats += 1;
    return {
      serialNo: this.input.chargerSerial,
      occurredAt: new Date(at).toISOString(),
      eventId: `${this.input.orderNo}-h${this.beats}`,
      type: 'HEARTBEAT',
    };
  }

  stopped(at: number, whStep: number): DeviceEvent {
    this.wh += whStep;
    this.readings.push({ at, wh: this.wh });
    return {
      ...this.base(at),
      eventId: `${this.input.orderNo}-z`,
      type: 'STOPPED',
      meterWh: this.wh,
      reason: 'USER',
    };
  }

  /** The bill of this session's readings (each once), priced as the settlement must price them. */
  expectedBill(): Bill {
    const cap = fundingCap(this.input.funding);
    return priceCarSession(this.input.tariff, this.readings, cap === undefined ? {} : { cap });
  }
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/**
 * Every session COMPLETED with the final meter and exactly the bill of its de-duplicated readings
 * (lines and total); throws naming the first one that is not. Returns how many were checked.
 */
export function checkBills(
  reports: readonly ChargerReports[],
  results: readonly ChargingSessionResult[],
): number {
  const wrong = results.flatMap((result, i) => {
    const report = reports[i]!;
    const expected = report.expectedBill();
    const finalWh = report.readings.at(-1)?.wh;
    const ok =
      result.status === 'COMPLETED' &&
      result.settlement?.finalMeter?.energyWh === finalWh &&
      result.bill !== undefined &&
      json(result.bill) === json(expected);
    return ok ? [] : [{ result, expected }];
  });
  if (wrong.length > 0) {
    throw new Error(
      `${wrong.length} of ${results.length} sessions did not settle their readings' bill, e.g. ${json(wrong[0])}`,
    );
  }
  return results.length;
}

/** Sends in chunks (a request stays far below the broker's max message size), in order. */
export async function produceAll(
  producer: Producer,
  topic: string,
  messages: readonly Message[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += PRODUCE_CHUNK) {
    await producer.send({ topic, messages: messages.slice(i, i + PRODUCE_CHUNK) });
  }
}

/** A device event as the Kafka message a charger sends (keyed by serial). */
export const asMessage = (event: DeviceEvent): Message => ({
  key: event.serialNo,
  value: JSON.stringify(event),
});

/** Resolves with `promise`, or fails naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, what: string, ms = 300_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
