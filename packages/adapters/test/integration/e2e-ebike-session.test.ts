// Issue 15, e-bike charging end to end on the REAL services (MariaDB, Temporal, Kafka, FerretDB): an
// e-bike station with a 10-socket box and a DURATION tariff; ten sessions started over HTTP charge at
// once with the simulated box's events arriving through Kafka, each stops itself at the tariff's
// threshold (ORD-8, TAR-6), is settled once in the tenant's database and is read back over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedProvider, newProperty } from './fixtures/organisation.js';
import { call } from './fixtures/api-stack.js';
import { waitUntil } from './fixtures/e2e-stack.js';
import { startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
const SOCKETS = 10;
let e2e: TenantsE2e;

beforeAll(async () => {
  // A tariff saved 25 h ago is in force now (TAR-3); the clock moves to the present before charging.
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

interface OrderRow {
  readonly order_no: string;
  readonly kind: string;
  readonly status: string;
  readonly settlement_count: number | string;
  readonly fee_fen: number | string | null;
  readonly end_reason: string | null;
  readonly connector_no: string;
}

describe('e-bike sessions over HTTP, Kafka and the simulator (ORD-8, TAR-6, ASSET-7)', () => {
  it('ORD-8 TAR-6 ten sockets of one box charge at once; each stops at the 60-min threshold and is billed 2.00 on its own, once', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('eb');
    const serial = `E2E-EBOX-${worker.run}`;
    const post = async (path: string, body: unknown) => {
      const res = await call(api.app, 'POST', path, body, tenant.admin);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
      return res.body as Record<string, unknown>;
    };
    const { provider } = await approvedProvider(api.app, tenant.admin, `Provider ${tenant.tenantId}`);
    const { property } = await newProperty(api.app, tenant.admin, String(provider.id), 'Campus');
    const created = await post('/stations', {
      propertyId: property.id,
      name: `E-bike station ${tenant.tenantId}`,
      kind: 'EBIKE',
      timezone: 'Asia/Shanghai',
    });
    const stationId = String((created['station'] as { id: string }).id);
    await post(`/stations/${stationId}/chargers`, { serialNo: serial, name: 'Box 1' });
    for (let s = 1; s <= SOCKETS; s += 1)
      await post(`/chargers/${serial}/connectors`, { connectorNo: String(s) });
    // TAR-6: 0.50 CNY per started 15 min, no free minutes, auto-stop at 60 min.
    await post(`/stations/${stationId}/tariffs`, {
      kind: 'EBIKE',
      name: 'Campus 15-min',
      freeMinutes: 0,
      autoStopMinutes: 60,
      pricing: { mode: 'DURATION', unitMinutes: 15, unitPrice: '0.50' },
    });
    api.clock.now = Date.now();
    // Device time runs 1200× (one simulated hour in 3 s); a big battery, so only the threshold stops it.
    await worker.startSimulator(serial, {
      timeScale: 1200,
      sampleIntervalMs: 300_000,
      heartbeatIntervalMs: 300_000,
      profile: 'ac7',
      batteryWh: 80_000,
      initialSoc: 10,
    });

    const orders: string[] = [];
    for (let s = 1; s <= SOCKETS; s += 1) {
      const started = await call(
        api.app,
        'POST',
        '/orders',
        { startWay: 'PLATFORM', chargerSerial: serial, connectorNo: String(s) },
        tenant.admin,
      );
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      expect(started.body).toMatchObject({ kind: 'EBIKE', status: 'CHARGING' });
      orders.push(String(started.body.orderNo));
    }

    // Bad input: a second start on a busy socket is refused (the active-connector key, ORD-1). The
    // socket started last: at 1200× socket 1 may already have reached its threshold (3 s of wall
    // time) on a loaded machine while the other nine were being started.
    const busy = await call(
      api.app,
      'POST',
      '/orders',
      { startWay: 'PLATFORM', chargerSerial: serial, connectorNo: String(SOCKETS) },
      tenant.admin,
    );
    expect([busy.status, busy.body.error?.code]).toEqual([409, 'CONNECTOR_BUSY']);
    // ASSET-7: while they charge the sockets read CHARGING, each with its own order.
    const sockets = await call(api.app, 'GET', `/chargers/${serial}/sockets`, undefined, tenant.admin);
    expect(sockets.status).toBe(200);
    const held = (
      sockets.body.items as Array<{ socketNo: string; state: string; orderNo: string | null }>
    ).filter((s) => s.state === 'CHARGING');
    expect(held.length).toBeGreaterThan(0);
    for (const s of held) expect(s.orderNo).toBe(orders[Number(s.socketNo) - 1]);

    // Each session ends by itself at its threshold and is settled once.
    const db = await api.services.tenants.get(tenant.tenantId);
    const rows = async () =>
      db.em
        .getConnection()
        .execute<OrderRow[]>(
          `select order_no, kind, status, settlement_count, fee_fen, end_reason, connector_no from charging_order where order_no in (${orders.map(() => '?').join(',')}) order by connector_no + 0`,
          orders,
        );
    let stored: OrderRow[] = [];
    for (let i = 0; ; i += 1) {
      stored = await rows();
      if (stored.length === SOCKETS && stored.every((r) => Number(r.settlement_count) === 1)) break;
      if (i > 1200) throw new Error(`not all settled: ${JSON.stringify(stored)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // 60 min billed (the threshold; the box's later stop report is beyond it) → 4 × 15 min × 0.50 = 2.00 each.
    expect(
      stored.map((r) => [r.connector_no, r.kind, r.status, r.end_reason, BigInt(String(r.fee_fen))]),
    ).toEqual(
      Array.from({ length: SOCKETS }, (_, i) => [String(i + 1), 'EBIKE', 'ENDED', 'AUTO_STOP', 200n]),
    );

    // Read back over HTTP: the bill explains the band, units and rounding (TAR-13).
    const detail = await call(api.app, 'GET', `/orders/${orders[4]}`, undefined, tenant.admin);
    expect(detail.body).toMatchObject({
      kind: 'EBIKE',
      status: 'ENDED',
      fee: { fen: 200 },
      endReason: 'AUTO_STOP',
    });
    expect(detail.body.bill.lines).toMatchObject([
      {
        kind: 'DURATION',
        quantity: { value: '4', unit: '15 min' },
        unitPrice: '0.50000',
        amount: { fen: 200 },
      },
    ]);
    const list = await call(api.app, 'GET', '/orders?kind=EBIKE&limit=50', undefined, tenant.admin);
    expect((list.body.items as Array<{ orderNo: string }>).map((o) => o.orderNo).sort()).toEqual(
      [...orders].sort(),
    );

    // ORD-5: an ENDED order cannot be ended again; an entered duration on it changes nothing either.
    const again = await call(api.app, 'POST', `/orders/${orders[0]}/end`, { durationS: 60 }, tenant.admin);
    expect([again.status, again.body.error.code]).toEqual([409, 'ORDER_ALREADY_COMPLETED']);
    // The box got a stop for every socket (the workflow's AUTO_STOP command) and reported it.
    await waitUntil(
      () => orders.every((o) => worker.events.some((e) => e.type === 'STOPPED' && e.orderNo === o)),
      () => `not every socket reported STOPPED`,
    );
  });
});
