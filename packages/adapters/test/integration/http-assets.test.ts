// HTTP: stations → areas → chargers → connectors → tariff versions through the whole API, signed in
// as a tenant's administrator, on the tenant's own MariaDB database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

/** 10:00 in Shanghai; versions saved now take effect at 24:00 (16:00Z the same day). */
const SAVED = Date.parse('2026-03-10T10:00:00+08:00');
const NEXT_MIDNIGHT = '2026-03-10T16:00:00.000Z';

const FLAT = { kind: 'CAR', pricing: { mode: 'FLAT', energyPrice: '0.85', servicePrice: '0.40' } };

describe('HTTP assets and tariffs (ASSET-1, 4, 5; TAR-3)', () => {
  let stack: HttpStack;
  let app: HttpStack['app'];
  let clock: { now: number };
  let propertyId: string;
  let stationId: string;

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    ({ app, clock } = stack);
    ({ propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' }));
  });
  afterAll(async () => stack?.stop());

  it('creates a CAR station in Asia/Shanghai with its default area', async () => {
    const res = await call(app, 'POST', '/stations', { propertyId, name: 'West Lake' });
    expect(res.status).toBe(201);
    expect(res.body.station).toMatchObject({ kind: 'CAR', timezone: 'Asia/Shanghai', enabled: true });
    expect(res.body.defaultArea).toMatchObject({ isDefault: true, stationId: res.body.station.id });
    stationId = res.body.station.id;
    const areas = await call(app, 'GET', `/stations/${stationId}/areas`);
    expect(areas.body.items).toHaveLength(1);
  });

  it('rejects an invalid body with 400 VALIDATION_FAILED naming the fields', async () => {
    const res = await call(app, 'POST', '/stations', { name: 5, timezone: 'Mars/Base' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.propertyId', 'body.name', 'body.timezone']));
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
  });

  it('answers unknown stations and properties with 404 codes', async () => {
    expect((await call(app, 'GET', '/stations/nope')).body.error.code).toBe('STATION_NOT_FOUND');
    const res = await call(app, 'POST', '/stations', { propertyId: 'missing', name: 'X' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PROPERTY_NOT_FOUND');
  });

  it('adds an area, a charger (serial unique: 409) and a connector', async () => {
    const area = await call(app, 'POST', `/stations/${stationId}/areas`, { name: 'B2' });
    expect(area.status).toBe(201);
    const charger = await call(app, 'POST', `/stations/${stationId}/chargers`, {
      serialNo: 'SN-A1',
      name: 'Pile 1',
    });
    expect(charger.status).toBe(201);
    expect(charger.body).toMatchObject({ serialNo: 'SN-A1', stationId, enabled: true });
    const again = await call(app, 'POST', `/stations/${stationId}/chargers`, {
      serialNo: 'SN-A1',
      name: 'Copy',
      areaId: area.body.id,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CHARGER_SERIAL_TAKEN', details: { serialNo: 'SN-A1' } });
    const gun = await call(app, 'POST', '/chargers/SN-A1/connectors', { connectorNo: '1' });
    expect(gun.status).toBe(201);
    expect(gun.body).toMatchObject({ connectorNo: '1', kind: 'GUN' });
    expect((await call(app, 'POST', '/chargers/SN-A1/connectors', { connectorNo: '1' })).status).toBe(409);
    const bad = await call(app, 'POST', '/chargers/SN-A1/connectors', { connectorNo: 'x' });
    expect(bad.body.error.details.issues[0].path).toBe('body.connectorNo');
    expect((await call(app, 'GET', '/chargers/SN-A1/connectors')).body.items).toHaveLength(1);
  });

  it('saves tariff versions effective at the next station-local midnight (TAR-3)', async () => {
    const v1 = await call(app, 'POST', `/stations/${stationId}/tariffs`, FLAT);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, kind: 'CAR', effectiveFrom: NEXT_MIDNIGHT, inForce: false });
    const v2 = await call(app, 'POST', `/stations/${stationId}/tariffs`, { ...FLAT, name: 'v2' });
    expect(v2.body).toMatchObject({ tariffId: v1.body.tariffId, version: 2 });
    clock.now = Date.parse(NEXT_MIDNIGHT) + 1;
    const list = await call(app, 'GET', `/stations/${stationId}/tariffs`);
    expect(list.body.items.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual(
      [
        [1, false],
        [2, true],
      ],
    );
  });

  it('validates tariffs with the core schema (400) and the core rules (422)', async () => {
    const badPrice = await call(app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: { mode: 'FLAT', energyPrice: '-1', servicePrice: '0.4' },
    });
    expect(badPrice.status).toBe(400);
    expect(badPrice.body.error.details.issues[0].path).toBe('body.pricing.energyPrice');
    const gap = await call(app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: {
        mode: 'TOU',
        bands: [{ band: 'FLAT', energyPrice: '0.8', servicePrice: '0.4' }],
        periods: [{ from: '00:00', to: '12:00', band: 'FLAT' }],
      },
    });
    expect(gap.status).toBe(422);
    expect(gap.body.error.code).toMatch(/^TARIFF_/);
    const ebike = await call(app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'EBIKE',
      autoStopMinutes: 60,
      pricing: { mode: 'DURATION', unitMinutes: 60, unitPrice: '1' },
    });
    expect(ebike.body.error.code).toBe('TARIFF_KIND_MISMATCH');
  });

  it('serves the OpenAPI document with the routes', async () => {
    const res = await call(app, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/stations',
        '/stations/{stationId}/areas',
        '/stations/{stationId}/chargers',
        '/chargers/{serialNo}/connectors',
        '/stations/{stationId}/tariffs',
      ]),
    );
  });
});
