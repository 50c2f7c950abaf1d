// Decision 0019: the meter samples of car sessions recorded in the tenant's database by the
// ingestion (before its offsets are committed), the session's watch read from its order row, and
// the recorded samples read back by the session workflow (activity `recordedSamples`).
import type { DeviceEvent } from '@chargeflow/core';
import type { RecordedSample, RecordedSampleStore, RecordedSamplesQuery } from '@chargeflow/workflows';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import { SessionSampleEntity } from '../persistence/entities/session-sample.js';
import { isSqlitePlatform } from '../persistence/migrations/dialect.js';
import type { TenantDatabases } from '../tenancy/ports.js';

/** Rows per insert statement (7 parameters each, far below either database's limit). */
const ROWS_PER_INSERT = 500;
const INSERT_COLUMNS =
  '`session_sample` (`order_no`, `event_id`, `occurred_at`, `meter_wh`, `power_w`, `soc`, `recorded_at`)';

/** A METER_SAMPLE device event. */
export type MeterSampleEvent = Extract<DeviceEvent, { type: 'METER_SAMPLE' }>;

/** What the ingestion knows of a car session from its order row. */
export interface SessionWatch {
  readonly status: string;
  /** The reading from which a sample could stop the session by itself; null: nothing to watch. */
  readonly watchWh: number | null;
}

/** The ingestion's side of the recorded samples. */
export interface SampleRecorder {
  /** The car orders among `orderNos`, with their status and watch (absent: not a car order of the tenant). */
  watches(tenantId: string, orderNos: readonly string[]): Promise<ReadonlyMap<string, SessionWatch>>;
  /** Records the samples (a repeat of an order's event id is ignored: ORD-7 by the unique key). */
  record(tenantId: string, samples: readonly MeterSampleEvent[], recordedAt: number): Promise<void>;
}

/** Both sides over the tenants' databases (`session_sample`, `charging_order.watch_wh`). */
export class RepositorySampleRecorder implements SampleRecorder, RecordedSampleStore {
  constructor(private readonly tenants: Pick<TenantDatabases, 'get'>) {}

  async watches(tenantId: string, orderNos: readonly string[]): Promise<ReadonlyMap<string, SessionWatch>> {
    const result = new Map<string, SessionWatch>();
    if (orderNos.length === 0) return result;
    const db = await this.tenants.get(tenantId);
    const rows = await db.em
      .fork()
      .find(
        ChargingOrderEntity,
        { orderNo: { $in: [...orderNos] }, kind: 'CAR' },
        { fields: ['orderNo', 'status', 'watchWh'] },
      );
    for (const row of rows) result.set(row.orderNo, { status: row.status, watchWh: row.watchWh ?? null });
    return result;
  }

  async record(tenantId: string, samples: readonly MeterSampleEvent[], recordedAt: number): Promise<void> {
    if (samples.length === 0) return;
    const db = await this.tenants.get(tenantId);
    const em = db.em.fork();
    // Multi-row inserts; a repeated (order no., event id) is skipped by the unique key (ORD-7).
    const verb = isSqlitePlatform(em.getPlatform()) ? 'insert or ignore' : 'insert ignore';
    for (let from = 0; from < samples.length; from += ROWS_PER_INSERT) {
      const chunk = samples.slice(from, from + ROWS_PER_INSERT);
      const values = chunk.flatMap((event) => [
        event.orderNo,
        event.eventId,
        Date.parse(event.occurredAt),
        event.meterWh,
        event.powerW,
        event.soc ?? null,
        recordedAt,
      ]);
      const rows = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      await em.getConnection().execute(`${verb} into ${INSERT_COLUMNS} values ${rows}`, values);
    }
  }

  async recordedSamples(query: RecordedSamplesQuery): Promise<readonly RecordedSample[]> {
    const db = await this.tenants.get(query.tenantId);
    const rows = await db.em
      .fork()
      .find(
        SessionSampleEntity,
        { orderNo: query.orderNo, seq: { $gt: query.afterSeq } },
        { orderBy: { seq: 'asc' }, limit: query.limit },
      );
    return rows.map((row) => ({
      seq: row.seq,
      eventId: row.eventId,
      occurredAt: row.occurredAt,
      meterWh: row.meterWh,
      powerW: Number(row.powerW),
      ...(row.soc === null || row.soc === undefined ? {} : { soc: row.soc }),
      recordedAt: row.recordedAt,
    }));
  }
}
