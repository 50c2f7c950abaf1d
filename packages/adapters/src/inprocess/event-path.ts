// Device → platform without a broker: what the Kafka ingestion does per batch (validate, find the
// serial's tenant, telemetry, de-duplicate, deliver), over events handed in by an in-process fleet.
// Used by the local stack.
import type { DeviceEvent } from '@chargeflow/core';
import { BackoffSchema, type Backoff } from '../kafka/backoff.js';
import { classifyDeviceMessage, type DeadLetterReason } from '../kafka/dead-letter.js';
import {
  deliverOnce,
  resolveTenants,
  routeByTenant,
  writeTelemetry,
  type RetrySettings,
} from '../kafka/delivery.js';
import {
  silentLogger,
  type AdapterLogger,
  type DedupStore,
  type DeviceEventSink,
  type DeviceTelemetryWriter,
  type DeviceTenantLookup,
} from '../kafka/ports.js';

/** The pseudo topic name in logs and rejections of the in-process path. */
export const IN_PROCESS_TOPIC = 'inprocess.device-events';

/** What `InProcessDeviceEventPath` needs (the same sink, dedup and telemetry ports as the Kafka ingestion). */
export interface InProcessEventPathOptions {
  /** Serial → tenant (the platform's device registry); an unregistered serial is rejected UNKNOWN_DEVICE. */
  readonly devices: DeviceTenantLookup;
  readonly sink: DeviceEventSink;
  readonly dedup: DedupStore;
  readonly telemetry?: DeviceTelemetryWriter;
  readonly logger?: AdapterLogger;
  readonly backoff?: Partial<Backoff>;
  /** How many rejected events to keep for inspection (the in-process stand-in for the DLQ). */
  readonly keepRejected?: number;
}

/** An event the path refused (what the Kafka path would dead-letter). */
export interface RejectedDeviceEvent {
  readonly serialNo: string;
  readonly sequence: number;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly value: string;
}

/**
 * The in-process device-event path. `publish(serial, events)` is the broker's produce: it returns at
 * once, and the events are processed in the background, in order per serial (one queue per serial,
 * like one partition per key), serials in parallel. Each event is serialised to JSON and validated
 * by the same `classifyDeviceMessage` as a Kafka message (core's `decodeDeviceEvent`, key = serial),
 * then the serial's tenant is looked up in the device registry (retried in place while it fails); a
 * rejected event (invalid, or `UNKNOWN_DEVICE`: no tenant registered the serial) is logged and kept
 * in `rejected` (there is no DLQ topic). Then, like the Kafka ingestion: telemetry for the batch,
 * de-duplication by tenant + serial + event id, delivery to the sink with the tenant, with retries
 * in place (the serial's queue waits; other serials flow). Events still queued when the process
 * stops are lost, like a charger's unsent events when the platform goes away.
 */
export class InProcessDeviceEventPath {
  /** The most recent rejected events, oldest first. */
  readonly rejected: RejectedDeviceEvent[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly logger: AdapterLogger;
  private readonly retry: RetrySettings;
  private sequence = 0;

  constructor(private readonly options: InProcessEventPathOptions) {
    this.logger = options.logger ?? silentLogger;
    const backoff: Backoff = BackoffSchema.parse({ initialMs: 200, maxMs: 30_000, ...options.backoff });
    this.retry = {
      backoff,
      signal: this.abort.signal,
      shouldContinue: () => !this.abort.signal.aborted,
      heartbeat: () => Promise.resolve(),
    };
  }

  /** Hands a charger's events to the platform (as JSON, like a device would); never throws. */
  publish(serialNo: string, events: readonly DeviceEvent[]): void {
    if (events.length === 0 || this.abort.signal.aborted) return;
    const values = events.map((event) => JSON.stringify(event));
    const previous = this.queues.get(serialNo) ?? Promise.resolve();
    const next = previous
      .then(() => this.process(serialNo, values))
      .catch((error: unknown) =>
        this.logger.error({ serialNo, err: error }, 'in-process device events lost'),
      );
    this.queues.set(serialNo, next);
    void next.then(() => {
      if (this.queues.get(serialNo) === next) this.queues.delete(serialNo);
    });
  }

  /** Resolves once everything published so far has been processed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** Stops: in-flight retries give up, queued events are dropped, nothing new is accepted. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private async process(serialNo: string, values: readonly string[]): Promise<void> {
    const where = { topic: IN_PROCESS_TOPIC, serialNo };
    const decoded = values.map((value) => {
      const sequence = (this.sequence += 1);
      const classified = classifyDeviceMessage({
        topic: IN_PROCESS_TOPIC,
        partition: 0,
        offset: String(sequence),
        key: Buffer.from(serialNo, 'utf8'),
        value: Buffer.from(value, 'utf8'),
      });
      return { value, sequence, classified };
    });
    const tenants = await resolveTenants(
      this.options.devices,
      decoded.flatMap((d) => (d.classified.kind === 'event' ? [d.classified.event] : [])),
      this.retry,
      this.logger,
      where,
    );
    if (tenants === undefined) return;
    const valid: { readonly event: DeviceEvent; readonly tenantId: string }[] = [];
    for (const { value, sequence, classified } of decoded) {
      const routed = routeByTenant(classified, tenants);
      if (routed.kind === 'event') valid.push(routed);
      else this.reject({ serialNo, sequence, reason: routed.reason, detail: routed.detail, value });
    }
    const { telemetry } = this.options;
    if (
      telemetry !== undefined &&
      !(await writeTelemetry(
        telemetry,
        valid.map((v) => v.event),
        this.retry,
        this.logger,
        where,
      ))
    ) {
      return;
    }
    for (const { event, tenantId } of valid) {
      if (!(await deliverOnce(event, tenantId, this.options, this.retry, this.logger, where))) return;
    }
  }

  private reject(rejected: RejectedDeviceEvent): void {
    this.rejected.push(rejected);
    if (this.rejected.length > (this.options.keepRejected ?? 100)) this.rejected.shift();
    this.logger.warn(
      {
        topic: IN_PROCESS_TOPIC,
        serialNo: rejected.serialNo,
        reason: rejected.reason,
        detail: rejected.detail,
      },
      'device event rejected',
    );
  }
}
