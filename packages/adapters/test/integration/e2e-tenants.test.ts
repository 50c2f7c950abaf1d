// Issue 10, item 4, end to end on the REAL services (MariaDB, Temporal dev server, Kafka, FerretDB):
// TWO TENANTS AT ONCE through the API's own app and ONE worker serving every tenant. Both tenants are
// provisioned through the control plane (own database and account each, TEN-7); each administrator
// creates a station, charger, connector and tariff over HTTP (the charger's serial lands in the
// device registry); an app user of each signs in with an SMS code and starts charging with
// POST /me/orders; simulated chargers answer over Kafka; the worker finds each event's tenant from its
// serial, signals `charging-<tenant>-<orderNo>` and settles each order in its own tenant's database.
import { chargingWorkflowId } from '@chargeflow/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLedger } from '../../src/payments/payment-ledger.js';
import { call, freshPhone, type TenantFixture } from './fixtures/api-stack.js';
import { SIMULATED, signalledEvents } from './fixtures/e2e-session.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
let e2e: TenantsE2e;

beforeAll(async () => {
  // The API's clock starts 25 h back: a tariff saved then is in force from the next Shanghai 24:00,
  // which has passed by now (TAR-3). The clock is moved to the present before anyone charges.
  // Checkpoint 0 (decision 0019): no batch's events are held back as recorded samples, so every
  // HEARTBEAT routed to a session is in its signal history, where this test reads the routing.
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR, { sampleCheckpointMs: 0 });
});
afterAll(async () => {
  await e2e?.stop();
});

/**
 * Each tenant's session, chosen so the fee can be worked out by hand: the simulated car charges from
 * `initialSoc` until its battery is full and the charger stops by itself (AUTO_STOP), so the energy
 * delivered is exactly (100 − initialSoc) % of `batteryWh` (the meter shows whole Wh), and the tariff
 * is FLAT (TAR-1): fee = kWh × energy price + kWh × service price, each line rounded HALF_UP to fen.
 */
const SESSIONS = {
  a: {
    prices: { energyPrice: '0.80000', servicePrice: '0.20000' },
    car: { batteryWh: 5_000, initialSoc: 20 },
    prepay: '50.00',
    // 80 % of 5,000 Wh = 4,000 Wh = 4.000 kWh.
    energyWh: 4_000,
    // ENERGY 4.000 × 0.80 = 3.20; SERVICE 4.000 × 0.20 = 0.80; total 4.00 CNY = 400 fen.
    fee: 400n,
    // 50.00 − 4.00 = 46.00 CNY = 4,600 fen.
    prepayReturned: 4_600n,
  },
  b: {
    prices: { energyPrice: '1.20000', servicePrice: '0.50000' },
    car: { batteryWh: 10_000, initialSoc: 40 },
    prepay: '30.00',
    // 60 % of 10,000 Wh = 6,000 Wh = 6.000 kWh.
    energyWh: 6_000,
    // ENERGY 6.000 × 1.20 = 7.20; SERVICE 6.000 × 0.50 = 3.00; total 10.20 CNY = 1,020 fen.
    fee: 1_020n,
    // 30.00 − 10.20 = 19.80 CNY = 1,980 fen.
    prepayReturned: 1_980n,
  },
} as const;

/** An order row as stored (snake_case columns; BIGINTs may come back as strings). */
interface OrderRow {
  readonly order_no: string;
  readonly charger_serial: string;
  readonly status: string;
  readonly settlement_count: number | string;
  readonly energy_wh: number | string | null;
  readonly fee_fen: number | string | null;
  readonly prepay_returned_fen: number | string | null;
  readonly end_reason: string | null;
}

/** Every order row of a tenant's own database, read with the tenant's own account. */
async function orderRows(tenantId: string): Promise<OrderRow[]> {
  const db = await e2e.api.services.tenants.get(tenantId);
  return db.em
    .getConnection()
    .execute<OrderRow[]>(
      'select order_no, charger_serial, status, settlement_count, energy_wh, fee_fen, prepay_returned_fen, end_reason from charging_order order by order_no',
    );
}

describe('two tenants at once, end to end (issue 10; real MariaDB, Temporal, Kafka, FerretDB)', () => {
  it('TEN-7, ORD-6, §14: each tenant’s app user charges at its own charger at the same time; each order settles exactly once in its own tenant database at the hand-computed fee, with its prepay returned, and neither database holds the other’s order', async () => {
    const { api, worker } = e2e;
    const tenants: Record<'a' | 'b', TenantFixture> = {
      a: await api.createTenant('ea'),
      b: await api.createTenant('eb'),
    };
    const serial = { a: `E2E-TA-${worker.run}`, b: `E2E-TB-${worker.run}` };
    for (const key of ['a', 'b'] as const) {
      await createChargingSite(api, tenants[key], serial[key], SESSIONS[key].prices);
    }
    api.clock.now = Date.now();

    for (const key of ['a', 'b'] as const) {
      await worker.startSimulator(serial[key], { ...SIMULATED, ...SESSIONS[key].car });
    }
    const users = {
      a: await api.signInApp(tenants.a.tenantId, freshPhone()),
      b: await api.signInApp(tenants.b.tenantId, freshPhone()),
    };
    const started = await Promise.all(
      (['a', 'b'] as const).map((key) =>
        call(
          api.app,
          'POST',
          '/me/orders',
          { chargerSerial: serial[key], connectorNo: '1', prepay: SESSIONS[key].prepay },
          users[key],
        ),
      ),
    );
    for (const res of started) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const orderNo = { a: String(started[0]!.body.orderNo), b: String(started[1]!.body.orderNo) };

    try {
      // Both sessions run at once; each ends when its car is full (AUTO_STOP), settles, and then
      // returns the rest of its prepay (a refund after the settlement, in the same tenant database).
      const read = async () => {
        const snapshot = { a: await orderRows(tenants.a.tenantId), b: await orderRows(tenants.b.tenantId) };
        const refunded = { a: await refundsOf('a'), b: await refundsOf('b') };
        return { rows: snapshot, refunded };
      };
      const refundsOf = async (key: 'a' | 'b') => {
        const db = await api.services.tenants.get(tenants[key].tenantId);
        return new PaymentLedger(db.em).refundsOf(`PY${orderNo[key].slice(2)}`);
      };
      let state = await read();
      const done = () =>
        (['a', 'b'] as const).every(
          (key) =>
            state.rows[key].length > 0 &&
            state.rows[key].every((row) => Number(row.settlement_count) > 0) &&
            state.refunded[key].some((refund) => refund.status === 'REFUNDED'),
        );
      const deadline = Date.now() + 90_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`not settled and refunded: ${JSON.stringify(state)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        state = await read();
      }
      const { rows } = state;

      for (const key of ['a', 'b'] as const) {
        const session = SESSIONS[key];
        // Exactly one order in each tenant's database: its own (the other tenant's order is not there).
        expect(rows[key]).toHaveLength(1);
        const row = rows[key][0]!;
        expect(row).toMatchObject({
          order_no: orderNo[key],
          charger_serial: serial[key],
          status: 'COMPLETED',
          end_reason: 'AUTO_STOP',
        });
        expect(Number(row.settlement_count)).toBe(1);
        expect(Number(row.energy_wh)).toBe(session.energyWh);
        expect(BigInt(row.fee_fen ?? -1)).toBe(session.fee);
        expect(BigInt(row.prepay_returned_fen ?? -1)).toBe(session.prepayReturned);

        // One PREPAY_RETURN of prepay − fee, in the same tenant's database.
        const refunds = await refundsOf(key);
        expect(refunds).toHaveLength(1);
        expect(refunds[0]).toMatchObject({
          refundNo: `${orderNo[key]}-PR`,
          type: 'PREPAY_RETURN',
          amount: session.prepayReturned,
          status: 'REFUNDED',
        });

        // The app user sees the settled order through the API; the other tenant's user does not.
        const mine = await call(api.app, 'GET', `/me/orders/${orderNo[key]}`, undefined, users[key]);
        expect(mine.status, JSON.stringify(mine.body)).toBe(200);
        expect(mine.body).toMatchObject({
          status: 'COMPLETED',
          energyWh: session.energyWh,
          fee: { fen: Number(session.fee) },
          prepayReturned: { fen: Number(session.prepayReturned) },
        });
        const other = key === 'a' ? 'b' : 'a';
        const theirs = await call(api.app, 'GET', `/me/orders/${orderNo[key]}`, undefined, users[other]);
        expect(theirs.status).toBe(404);

        // The charger's samples reached telemetry (one shared store for now), all from its own serial.
        const samples = await worker.telemetry.samplesForOrder(orderNo[key]);
        expect(samples.length).toBeGreaterThan(10);
        expect(new Set(samples.map((sample) => sample.serialNo))).toEqual(new Set([serial[key]]));
      }
      // Nothing of either tenant was dead-lettered: both serials were found in the registry.
      expect(worker.dlq).toEqual([]);

      // ORD-3's sign of life carries no order no.: each HEARTBEAT reached its session through the
      // active orders of ITS tenant's database. Every signal a session got came from its own charger.
      for (const key of ['a', 'b'] as const) {
        const signalled = await signalledEvents(
          api.client.workflow.getHandle(chargingWorkflowId(tenants[key].tenantId, orderNo[key])),
        );
        expect(signalled.filter((e) => e.type === 'HEARTBEAT').length).toBeGreaterThan(0);
        expect(new Set(signalled.map((e) => e.serialNo))).toEqual(new Set([serial[key]]));
      }
    } finally {
      // After settling, a session listens 60 s for late events: end both now.
      for (const key of ['a', 'b'] as const) {
        await api.client.workflow
          .getHandle(chargingWorkflowId(tenants[key].tenantId, orderNo[key]))
          .terminate('test over')
          .catch(() => undefined);
      }
    }
  });
});
