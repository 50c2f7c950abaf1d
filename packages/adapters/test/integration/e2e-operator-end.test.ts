// Issue 14, operator actions end to end on the REAL services (MariaDB, Temporal, Kafka, FerretDB):
// the tenant's administrator starts a session for a connector over HTTP (ORD-1, start way PLATFORM),
// the simulated charger charges over Kafka, the administrator ends it mid-charge (ORD-5) and it
// settles at once with the last meter the charger reported; both writes are in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './fixtures/api-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
import { waitUntil } from './fixtures/e2e-stack.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
let e2e: TenantsE2e;

beforeAll(async () => {
  // A tariff saved 25 h ago is in force now (TAR-3); the clock moves to the present before charging.
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

interface OrderRow {
  readonly status: string;
  readonly start_way: string;
  readonly settlement_count: number | string;
  readonly start_meter_wh: number | string | null;
  readonly end_meter_wh: number | string | null;
  readonly energy_wh: number | string | null;
  readonly fee_fen: number | string | null;
  readonly end_reason: string | null;
}

describe('operator start and end over HTTP, end to end (ORD-1, ORD-5)', () => {
  it('ORD-1, ORD-5, ORD-6: a PLATFORM start charges; the operator ends it mid-charge; it settles once with the last reported meter', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('eo');
    const serial = `E2E-OP-${worker.run}`;
    // FLAT 1.00 CNY/kWh energy, 0 service: the fee in fen is the energy in Wh / 10, rounded half-up.
    const site = await createChargingSite(api, tenant, serial, {
      energyPrice: '1.00000',
      servicePrice: '0.00000',
    });
    api.clock.now = Date.now();
    // A big battery: the car would charge for hours, so only the operator's end stops it.
    await worker.startSimulator(serial, { ...SIMULATED, batteryWh: 80_000, initialSoc: 10 });

    const started = await call(
      api.app,
      'POST',
      '/orders',
      { startWay: 'PLATFORM', chargerSerial: serial, connectorNo: '1' },
      tenant.admin,
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.startWay).toBe('PLATFORM');
    const orderNo = String(started.body.orderNo);

    // Mid-charge: CHARGING with at least 300 Wh delivered.
    for (let i = 0; ; i += 1) {
      const live = await call(api.app, 'GET', `/orders/${orderNo}`, undefined, tenant.admin);
      if (live.body.status === 'CHARGING' && (live.body.energyWh ?? 0) >= 300) break;
      if (i > 600) throw new Error(`never charging: ${JSON.stringify(live.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ended = await call(api.app, 'POST', `/orders/${orderNo}/end`, {}, tenant.admin);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({
      orderNo,
      status: 'COMPLETED',
      settlement: { endReason: 'OPERATOR_END' },
    });
    const endMeter = Number(ended.body.settlement.endMeterWh);

    // The end meter is one the charger reported for this order (its last accepted sample).
    const reported = worker.events.flatMap((e) =>
      e.type === 'METER_SAMPLE' && e.orderNo === orderNo ? [e.meterWh] : [],
    );
    expect(reported).toContain(endMeter);

    // The settlement lands in the tenant's database once; the charger got its stop and went idle.
    const db = await api.services.tenants.get(tenant.tenantId);
    const row = async () =>
      (
        await db.em
          .getConnection()
          .execute<OrderRow[]>(
            'select status, start_way, settlement_count, start_meter_wh, end_meter_wh, energy_wh, fee_fen, end_reason from charging_order where order_no = ?',
            [orderNo],
          )
      )[0];
    let stored: OrderRow | undefined;
    for (let i = 0; i < 200; i += 1) {
      stored = await row();
      if (Number(stored?.settlement_count) === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const energy = endMeter - Number(stored?.start_meter_wh);
    expect(energy).toBeGreaterThanOrEqual(300);
    expect(stored).toMatchObject({ status: 'COMPLETED', start_way: 'PLATFORM', end_reason: 'OPERATOR_END' });
    expect(Number(stored?.settlement_count)).toBe(1);
    expect(Number(stored?.end_meter_wh)).toBe(endMeter);
    expect(Number(stored?.energy_wh)).toBe(energy);
    // ENERGY energy/1000 kWh × 1.00 CNY = energy/10 fen, rounded half-up once; SERVICE 0.00.
    expect(BigInt(String(stored?.fee_fen))).toBe((BigInt(energy) + 5n) / 10n);
    expect(ended.body.settlement.fee.fen).toBe(Number((BigInt(energy) + 5n) / 10n));

    // The end also stopped the charger (the workflow's stop command, ORD-5).
    await waitUntil(
      () => worker.events.some((e) => e.type === 'STOPPED' && e.orderNo === orderNo),
      () => `no STOPPED from ${serial} after the end`,
    );

    // ORD-5: an order that is COMPLETED cannot be ended again.
    const again = await call(api.app, 'POST', `/orders/${orderNo}/end`, {}, tenant.admin);
    expect([again.status, again.body.error.code]).toEqual([409, 'ORDER_ALREADY_COMPLETED']);

    // ORD-5 from STARTING: a charger that never answers; the end settles it with no meter, free.
    const silent = `E2E-SILENT-${worker.run}`;
    await call(
      api.app,
      'POST',
      `/stations/${site.stationId}/chargers`,
      { serialNo: silent, name: 'Mute' },
      tenant.admin,
    );
    await call(api.app, 'POST', `/chargers/${silent}/connectors`, { connectorNo: '1' }, tenant.admin);
    const waiting = await call(
      api.app,
      'POST',
      '/orders',
      { startWay: 'PLATFORM', chargerSerial: silent, connectorNo: '1' },
      tenant.admin,
    );
    expect(waiting.body.status).toBe('STARTING');
    const endedEarly = await call(api.app, 'POST', `/orders/${waiting.body.orderNo}/end`, {}, tenant.admin);
    expect(endedEarly.body).toMatchObject({
      status: 'COMPLETED',
      settlement: { fee: { fen: 0 }, endReason: 'OPERATOR_END', endMeterWh: null },
    });

    // Both operator actions are audited: who, what, which permission.
    const audit = await call(api.app, 'GET', '/audit-log?limit=100', undefined, tenant.admin);
    const writes = (audit.body.items as Array<{ route: string; permission: string; status: number }>).map(
      (e) => `${e.route} ${e.permission} ${e.status}`,
    );
    expect(writes).toEqual(
      expect.arrayContaining(['/orders order:start 201', '/orders/:orderNo/end order:end 200']),
    );
  });
});
