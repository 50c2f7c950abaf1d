// HTTP: ASSET-7 e-bike devices on a real MariaDB tenant database (migration 0008) and the shared
// Temporal dev server: the nameplate (rated power/voltage/current, current limits, socket count,
// production and deployment dates, location) written, validated and read back; deleting an e-bike
// device and an e-bike area refused while an order holds a socket, then allowed, the serial released
// in the platform device registry (and registrable again), the order kept.
import { chargingWorkflowId, deviceEventsSignal } from '@chargeflow/workflows';
import type { DeviceEvent } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedEbikeBox } from '../../../workflows/test/support/ebike-box.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const SAVED = Date.parse('2026-03-10T10:00:00+08:00');
const STARTS = Date.parse('2026-03-11T09:00:00+08:00');
const MINUTE = 60_000;
const TARIFF = {
  kind: 'EBIKE',
  freeMinutes: 0,
  autoStopMinutes: 240,
  pricing: { mode: 'DURATION', unitMinutes: 60, unitPrice: '0.50' },
};
const NAMEPLATE = {
  ratedPowerW: 2400,
  ratedVoltageV: 220,
  ratedCurrentMa: 10_000,
  currentUpperLimitMa: 12_000,
  currentLowerLimitMa: 50,
  socketCount: 10,
  productionDate: '2025-11-02',
  deploymentDate: '2026-01-15',
  location: 'Building 3, bike shed B',
};

describe('HTTP e-bike devices and areas (ASSET-7)', () => {
  let stack: HttpStack;
  let stationId: string;
  let carStationId: string;
  let serial: string;
  let areaId: string;

  const send = (orderNo: string, events: DeviceEvent[]) =>
    stack.client.workflow
      .getHandle(chargingWorkflowId(stack.tenantId, orderNo))
      .signal(deviceEventsSignal, events);
  const settle = async (orderNo: string) => {
    for (let i = 0; i < 300; i += 1) {
      const record = stack.ports.settlements.get(orderNo);
      if (record !== undefined) return stack.orders.recordSettlement(orderNo, record.settlement, record.bill);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${orderNo} never settled`);
  };
  const addDevice = async (serialNo: string, areaId?: string, station = stationId) => {
    const body = { serialNo, name: `Box ${serialNo}`, ...(areaId === undefined ? {} : { areaId }) };
    const res = await call(stack.app, 'POST', `/stations/${station}/chargers`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const no of ['1', '2'])
      expect(
        (await call(stack.app, 'POST', `/chargers/${serialNo}/connectors`, { connectorNo: no })).status,
      ).toBe(201);
  };

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    serial = `SN-EBD-${stack.tenantId}`;
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Campus' });
    const station = await call(stack.app, 'POST', '/stations', { propertyId, name: 'Bikes', kind: 'EBIKE' });
    stationId = station.body.station.id;
    const car = await call(stack.app, 'POST', '/stations', { propertyId, name: 'Cars', kind: 'CAR' });
    carStationId = car.body.station.id;
    await addDevice(serial);
    expect((await call(stack.app, 'POST', `/stations/${stationId}/tariffs`, TARIFF)).status).toBe(201);
    // A second area with its own tariff (TAR-3: saved the day before, in force at STARTS).
    const area = await call(stack.app, 'POST', `/stations/${stationId}/areas`, { name: 'North shed' });
    expect(area.status, JSON.stringify(area.body)).toBe(201);
    areaId = area.body.id;
    const tariff = { ...TARIFF, id: `T-north-${stack.tenantId}`, areaId };
    expect((await call(stack.app, 'POST', `/stations/${stationId}/tariffs`, tariff)).status).toBe(201);
    stack.clock.now = STARTS;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('ASSET-7 the nameplate is written and read back (rated power on the device too); null before', async () => {
    const before = await call(stack.app, 'GET', `/chargers/${serial}/ebike-device`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ device: { serialNo: serial, ratedPowerW: null }, nameplate: null });
    const put = await call(stack.app, 'PUT', `/chargers/${serial}/ebike-device`, NAMEPLATE);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const read = await call(stack.app, 'GET', `/chargers/${serial}/ebike-device`);
    expect(read.body).toEqual({
      device: expect.objectContaining({ serialNo: serial, ratedPowerW: 2400 }),
      nameplate: {
        ratedPowerW: 2400,
        ratedVoltageV: 220,
        ratedCurrentMa: 10_000,
        currentUpperLimitMa: 12_000,
        currentLowerLimitMa: 50,
        socketCount: 10,
        productionDate: '2025-11-02',
        deploymentDate: '2026-01-15',
        location: 'Building 3, bike shed B',
      },
    });
    expect((await call(stack.app, 'GET', `/chargers/${serial}`)).body.ratedPowerW).toBe(2400);
    // A second write replaces the first.
    const moved = await call(stack.app, 'PUT', `/chargers/${serial}/ebike-device`, {
      ...NAMEPLATE,
      location: 'Gate 2',
    });
    expect(moved.body.nameplate.location).toBe('Gate 2');
  });

  it('ASSET-7 a nameplate outside its bounds is refused (400) and changes nothing; a car charger is ASSET_NOT_EBIKE', async () => {
    const put = (body: unknown, serialNo = serial) =>
      call(stack.app, 'PUT', `/chargers/${serialNo}/ebike-device`, body);
    for (const bad of [
      { ...NAMEPLATE, currentLowerLimitMa: 12_000 }, // not below the upper limit
      { ...NAMEPLATE, deploymentDate: '2025-11-01' }, // deployed before production
      { ...NAMEPLATE, ratedVoltageV: 0 },
      { ...NAMEPLATE, ratedPowerW: 100_001 },
      { ...NAMEPLATE, socketCount: 256 },
      { ...NAMEPLATE, productionDate: '2026-02-30' },
      { ...NAMEPLATE, location: ' ' },
      { ...NAMEPLATE, colour: 'red' },
    ]) {
      const res = await put(bad);
      expect([res.status, res.body.error.code], JSON.stringify(bad)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await call(stack.app, 'GET', `/chargers/${serial}/ebike-device`)).body.nameplate.location).toBe(
      'Gate 2',
    );
    const carSerial = `SN-CAR-${stack.tenantId}`;
    expect(
      (
        await call(stack.app, 'POST', `/stations/${carStationId}/chargers`, {
          serialNo: carSerial,
          name: 'C',
        })
      ).status,
    ).toBe(201);
    const carRead = await call(stack.app, 'GET', `/chargers/${carSerial}/ebike-device`);
    expect([carRead.status, carRead.body.nameplate]).toEqual([200, null]); // a car charger has none
    const car = await put(NAMEPLATE, carSerial);
    expect([car.status, car.body.error.code]).toEqual([409, 'ASSET_NOT_EBIKE']);
    const carDelete = await call(stack.app, 'DELETE', `/chargers/${carSerial}`);
    expect([carDelete.status, carDelete.body.error.code]).toEqual([409, 'ASSET_NOT_EBIKE']);
    expect((await put(NAMEPLATE, 'SN-NOBODY')).status).toBe(404);
  });

  it('ASSET-7 an e-bike device is not deleted while an order holds a socket; after settlement it is, its serial released and registrable again, the order kept', async () => {
    const started = await call(stack.app, 'POST', '/orders', {
      startWay: 'PLATFORM',
      chargerSerial: serial,
      connectorNo: '2',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const orderNo: string = started.body.orderNo;
    const busy = await call(stack.app, 'DELETE', `/chargers/${serial}`);
    expect([busy.status, busy.body.error.code, busy.body.error.details.orderNos]).toEqual([
      409,
      'EBIKE_ASSET_BUSY',
      [orderNo],
    ]);
    expect((await call(stack.app, 'GET', `/chargers/${serial}`)).status).toBe(200);

    const box = scriptedEbikeBox(serial, 2, orderNo);
    await send(orderNo, [box.startAccepted(STARTS), box.sample(STARTS + 20 * MINUTE, 40, 120)]);
    for (let i = 0; i < 300; i += 1) {
      const live = await call(stack.app, 'GET', `/orders/${orderNo}`);
      if (live.body.durationS === 1200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ended = await call(stack.app, 'POST', `/orders/${orderNo}/end`, {});
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await settle(orderNo);

    const deleted = await call(stack.app, 'DELETE', `/chargers/${serial}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await call(stack.app, 'GET', `/chargers/${serial}`)).status).toBe(404);
    expect((await call(stack.app, 'GET', `/chargers/${serial}/ebike-device`)).status).toBe(404);
    expect((await call(stack.app, 'DELETE', `/chargers/${serial}`)).status).toBe(404);
    expect(await stack.api.services.devices.tenantOf(serial)).toBeNull();
    // 20 min, one started hour at 0.50: the order and its bill outlive the device.
    const order = await call(stack.app, 'GET', `/orders/${orderNo}`);
    expect(order.body).toMatchObject({ status: 'ENDED', chargerSerial: serial, fee: { fen: 50 } });
    await addDevice(serial);
    expect(await stack.api.services.devices.tenantOf(serial)).toBe(stack.tenantId);
  });

  it('ASSET-7 an e-bike area is deleted with its devices, refused while busy; the default area and a car area are not deletable', async () => {
    const inArea = `SN-EBA-${stack.tenantId}`;
    await addDevice(inArea, areaId);
    expect((await call(stack.app, 'PUT', `/chargers/${inArea}/ebike-device`, NAMEPLATE)).status).toBe(200);
    const started = await call(stack.app, 'POST', '/orders', {
      startWay: 'PLATFORM',
      chargerSerial: inArea,
      connectorNo: '1',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const busy = await call(stack.app, 'DELETE', `/areas/${areaId}`);
    expect([busy.status, busy.body.error.code]).toEqual([409, 'EBIKE_ASSET_BUSY']);
    const orderNo: string = started.body.orderNo;
    const box = scriptedEbikeBox(inArea, 1, orderNo);
    await send(orderNo, [box.startAccepted(STARTS)]);
    for (let i = 0; i < 300; i += 1) {
      const ended = await call(stack.app, 'POST', `/orders/${orderNo}/end`, {});
      if (ended.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await settle(orderNo);

    const deleted = await call(stack.app, 'DELETE', `/areas/${areaId}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await call(stack.app, 'GET', `/chargers/${inArea}`)).status).toBe(404);
    expect(await stack.api.services.devices.tenantOf(inArea)).toBeNull();
    const areas = await call(stack.app, 'GET', `/stations/${stationId}/areas`);
    expect(areas.body.items.map((a: { id: string }) => a.id)).not.toContain(areaId);
    expect((await call(stack.app, 'DELETE', `/areas/${areaId}`)).status).toBe(404);

    const defaultArea = areas.body.items.find((a: { isDefault: boolean }) => a.isDefault).id;
    const refused = await call(stack.app, 'DELETE', `/areas/${defaultArea}`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'AREA_DEFAULT_NOT_DELETABLE']);
    const carArea = await call(stack.app, 'POST', `/stations/${carStationId}/areas`, { name: 'Level 2' });
    const car = await call(stack.app, 'DELETE', `/areas/${carArea.body.id}`);
    expect([car.status, car.body.error.code]).toEqual([409, 'ASSET_NOT_EBIKE']);
  });
});
