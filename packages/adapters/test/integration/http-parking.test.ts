// HTTP: parking spaces, cameras (ASSET-6), the chargers' reservation / occupancy flags (RES-1, TAR-12)
// and the plate whitelist (RES-4) through the whole API on the tenant's own database.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const tag = () => randomBytes(4).toString('hex').toUpperCase();

describe.each(['mariadb', 'sqlite'] as const)(
  'HTTP parking assets and whitelist on %s (ASSET-6, RES-4)',
  (database) => {
    let stack: HttpStack;
    let app: HttpStack['app'];
    let stationId: string;
    let areaId: string;
    let chargerId: string;
    let spaceId: string;

    beforeAll(async () => {
      stack = await startHttpStack(NOW, { database });
      app = stack.app;
      const owner = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
      const station = await call(app, 'POST', '/stations', { propertyId: owner.propertyId, name: 'Bays' });
      stationId = station.body.station.id;
      areaId = station.body.defaultArea.id;
      const charger = await call(app, 'POST', `/stations/${stationId}/chargers`, {
        serialNo: `SN-PK-${tag()}`,
        name: 'Pile',
      });
      expect(charger.status).toBe(201);
      chargerId = charger.body.id;
    });
    afterAll(async () => stack?.stop());

    it('ASSET-6 adds a space on a charger; a second space of that name in the station is 409', async () => {
      const res = await call(app, 'POST', '/parking-spaces', { areaId, name: 'A-001', chargerId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        stationId,
        areaId,
        name: 'A-001',
        lockType: 'GROUND_LOCK',
        chargerId,
        enabled: true,
      });
      spaceId = res.body.id;
      const again = await call(app, 'POST', '/parking-spaces', { areaId, name: 'A-001' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PARKING_SPACE_NAME_TAKEN');
      const unknownCharger = await call(app, 'POST', '/parking-spaces', {
        areaId,
        name: 'A-002',
        chargerId: 'nope',
      });
      expect(unknownCharger.body.error.code).toBe('CHARGER_NOT_FOUND');
      const bad = await call(app, 'POST', '/parking-spaces', { areaId, name: '', lockType: 'MAGIC' });
      expect(bad.status).toBe(400);
      expect((await call(app, 'POST', '/parking-spaces', { areaId, name: 'A\u0007B' })).status).toBe(400);
    });

    it('ASSET-6 ASSET-4 a disabled area takes no space and no camera (409 AREA_DISABLED)', async () => {
      const area = await call(app, 'POST', `/stations/${stationId}/areas`, { name: 'Closed' });
      expect((await call(app, 'PUT', `/areas/${area.body.id}/enabled`, { enabled: false })).status).toBe(200);
      const space = await call(app, 'POST', '/parking-spaces', { areaId: area.body.id, name: 'Z-1' });
      expect(space.status).toBe(409);
      expect(space.body.error.code).toBe('AREA_DISABLED');
      const camera = await call(app, 'POST', '/cameras', {
        areaId: area.body.id,
        serialNo: `CAM-${tag()}`,
        ip: '10.0.0.9',
        name: 'Cam',
      });
      expect(camera.body.error.code).toBe('AREA_DISABLED');
    });

    it('ASSET-6 disables and re-enables a space; lists and reads it', async () => {
      const off = await call(app, 'POST', `/parking-spaces/${spaceId}/status`, { enabled: false });
      expect(off.body.enabled).toBe(false);
      expect((await call(app, 'GET', `/parking-spaces/${spaceId}`)).body.enabled).toBe(false);
      expect(
        (await call(app, 'POST', `/parking-spaces/${spaceId}/status`, { enabled: true })).body.enabled,
      ).toBe(true);
      const list = await call(app, 'GET', `/parking-spaces?stationId=${stationId}`);
      expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['A-001']);
      expect((await call(app, 'GET', '/parking-spaces/nope')).body.error.code).toBe(
        'PARKING_SPACE_NOT_FOUND',
      );
    });

    it('ASSET-6 adds a camera over the space; its serial is unique; it can be disabled', async () => {
      const serialNo = `CAM-${tag()}`;
      const res = await call(app, 'POST', '/cameras', {
        areaId,
        serialNo,
        ip: '192.168.1.20',
        name: 'Gate cam',
        leftSpaceId: spaceId,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ serialNo, leftSpaceId: spaceId, rightSpaceId: null, enabled: true });
      const again = await call(app, 'POST', '/cameras', {
        areaId,
        serialNo,
        ip: '192.168.1.21',
        name: 'Copy',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CAMERA_SERIAL_TAKEN');
      const badIp = await call(app, 'POST', '/cameras', {
        areaId,
        serialNo: `CAM-${tag()}`,
        ip: '999.1.1.1',
        name: 'X',
      });
      expect(badIp.status).toBe(400);
      const ghostSpace = await call(app, 'POST', '/cameras', {
        areaId,
        serialNo: `CAM-${tag()}`,
        ip: '10.0.0.1',
        name: 'X',
        rightSpaceId: 'ghost',
      });
      expect(ghostSpace.body.error.code).toBe('PARKING_SPACE_NOT_FOUND');
      const off = await call(app, 'POST', `/cameras/${res.body.id}/status`, { enabled: false });
      expect(off.body.enabled).toBe(false);
      const list = await call(app, 'GET', `/cameras?stationId=${stationId}`);
      expect(list.body.items).toEqual([expect.objectContaining({ serialNo, enabled: false })]);
    });

    it('RES-1 TAR-12 sets and reads back a charger’s reservation and occupancy-fee flags', async () => {
      const res = await call(app, 'POST', `/chargers/${chargerId}/parking-flags`, { reservable: true });
      expect(res.body).toEqual({ chargerId, reservable: true, chargesOccupancy: false });
      const both = await call(app, 'POST', `/chargers/${chargerId}/parking-flags`, {
        chargesOccupancy: true,
      });
      expect(both.body).toEqual({ chargerId, reservable: true, chargesOccupancy: true });
      expect((await call(app, 'POST', '/chargers/ghost/parking-flags', { reservable: true })).status).toBe(
        404,
      );
    });

    it('RES-4 lists a plate at the station once (normalised), edits, disables and deletes it', async () => {
      const res = await call(app, 'POST', '/whitelist', { stationId, plate: '浙ad12345', remark: 'staff' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ stationId, plate: '浙AD12345', remark: 'staff', enabled: true });
      const again = await call(app, 'POST', '/whitelist', { stationId, plate: '浙AD12345' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('WHITELIST_ENTRY_EXISTS');
      expect((await call(app, 'POST', '/whitelist', { stationId, plate: 'AB12345' })).status).toBe(400);
      expect(
        (await call(app, 'POST', '/whitelist', { stationId: 'ghost', plate: '浙A12345' })).body.error.code,
      ).toBe('STATION_NOT_FOUND');
      const off = await call(app, 'PATCH', `/whitelist/${res.body.id}`, { enabled: false, remark: 'left' });
      expect(off.body).toMatchObject({ enabled: false, remark: 'left' });
      const found = await call(app, 'GET', `/whitelist?plate=${encodeURIComponent('浙AD12345')}`);
      expect(found.body.items).toHaveLength(1);
      expect((await call(app, 'DELETE', `/whitelist/${res.body.id}`)).status).toBe(204);
      expect((await call(app, 'DELETE', `/whitelist/${res.body.id}`)).status).toBe(404);
      expect((await call(app, 'GET', `/whitelist?stationId=${stationId}`)).body.items).toEqual([]);
    });
  },
);
