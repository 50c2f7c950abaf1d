// SPL-1 end to end on the REAL services (MariaDB, Temporal dev server, Kafka, FerretDB): a tenant's
// administrator turns splits on for a station over HTTP; an app user charges there (POST /me/orders
// with a prepay, the simulated charger over Kafka); when the session completes, the worker's
// settlement activity starts `split-<tenant>-<orderNo>`, which splits the fee through the worker's
// sandbox channel (signed callbacks); the split is read back over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone, type Json } from './fixtures/api-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
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

describe('split settlement after a real session (SPL-1, end to end)', () => {
  it('SPL-1, ORD-6: a session completing paid at a station with splits on is split by the ratios: 4.00 → 2.00 + 1.20, the lead keeps 0.80', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('es');
    const serial = `E2E-SP-${worker.run}`;
    // FLAT 0.80 + 0.20 CNY/kWh; the car charges 80 % of 5,000 Wh = 4.000 kWh: 3.20 + 0.80 = 4.00 CNY.
    const site = await createChargingSite(api, tenant, serial, {
      energyPrice: '0.80000',
      servicePrice: '0.20000',
    });
    // 400 fen × 0.5 = 200, × 0.3 = 120 (no remainders): receivers 320, the lead keeps 80.
    const config = await call(
      api.app,
      'PUT',
      `/stations/${site.stationId}/payment-config`,
      {
        channel: 'SANDBOX',
        merchantNo: 'LS-E2E',
        secrets: { signingKey: 'e2e-split-signing-key' },
        split: {
          enabled: true,
          leadMerchantId: 'M-LEAD',
          shares: [
            { merchantId: 'M-A', ratio: '0.5' },
            { merchantId: 'M-B', ratio: '0.3' },
          ],
        },
      },
      tenant.admin,
    );
    expect(config.status, JSON.stringify(config.body)).toBe(200);
    api.clock.now = Date.now();
    await worker.startSimulator(serial, { ...SIMULATED, batteryWh: 5_000, initialSoc: 20 });
    const user = await api.signInApp(tenant.tenantId, freshPhone());
    const started = await call(
      api.app,
      'POST',
      '/me/orders',
      { chargerSerial: serial, connectorNo: '1', prepay: '50.00' },
      user,
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const orderNo = String(started.body.orderNo);

    let split: Json | undefined;
    for (let i = 0; i < 900 && split?.status !== 'SUCCEEDED'; i += 1) {
      const found = await call(api.app, 'GET', `/splits?orderNo=${orderNo}`, undefined, tenant.admin);
      split = found.body.items?.[0];
      if (split?.status !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const order = await call(api.app, 'GET', `/orders/${orderNo}`, undefined, tenant.admin);
    expect(order.body).toMatchObject({ status: 'COMPLETED' });
    expect(split, JSON.stringify(split)).toMatchObject({
      splitNo: `${orderNo}-S`,
      stationId: site.stationId,
      status: 'SUCCEEDED',
      amount: { cny: '4.00' },
      leadAmount: { cny: '0.80' },
      leadMerchantId: 'M-LEAD',
      round: 0,
    });
    expect(split!.parts.map((p: Json) => [p.merchantId, p.amount.cny, p.status, p.channelSplitNo])).toEqual([
      ['M-A', '2.00', 'SUCCEEDED', `SBX-S-${orderNo}-S1-1`],
      ['M-B', '1.20', 'SUCCEEDED', `SBX-S-${orderNo}-S2-1`],
    ]);
  });
});
