import { describe, expect, it } from 'vitest';
import {
  canAddUnder,
  canDeleteArea,
  canDeleteEbikeDevice,
  canRestartCharger,
  cameraActive,
  chargerAppView,
  spaceReservable,
  stationVisibleInApp,
  type AssetChildKind,
  type AssetNode,
} from './gates.js';

const station = (enabled = true): AssetNode => ({ kind: 'STATION', id: 's1', enabled });
const area = (enabled = true): AssetNode => ({ kind: 'AREA', id: 'a1', enabled });
const charger = (enabled = true): AssetNode => ({ kind: 'CHARGER', id: 'c1', enabled });
const property = (enabled = true): AssetNode => ({ kind: 'PROPERTY', id: 'q1', enabled });

describe('asset gates (ASSET-4 … ASSET-7)', () => {
  it.each<[string, AssetChildKind, AssetNode[], string | true]>([
    ['ASSET-4 enabled station accepts an area', 'AREA', [station()], true],
    ['ASSET-4 disabled station gets no new area', 'AREA', [station(false)], 'STATION_DISABLED'],
    ['ASSET-4 disabled station gets no new charger', 'CHARGER', [station(false), area()], 'STATION_DISABLED'],
    ['ASSET-4 disabled station gets no new tariff', 'TARIFF', [station(false), area()], 'STATION_DISABLED'],
    ['ASSET-4 disabled area gets no new charger', 'CHARGER', [station(), area(false)], 'AREA_DISABLED'],
    ['ASSET-4 disabled area gets no new tariff', 'TARIFF', [station(), area(false)], 'AREA_DISABLED'],
    ['ASSET-4 enabled area accepts a tariff', 'TARIFF', [station(), area()], true],
    [
      'ASSET-5 disabled charger gets no new connector',
      'CONNECTOR',
      [station(), area(), charger(false)],
      'CHARGER_DISABLED',
    ],
    ['ASSET-5 enabled charger accepts a connector', 'CONNECTOR', [station(), area(), charger()], true],
    [
      'ASSET-6 disabled area gets no new parking space',
      'PARKING_SPACE',
      [station(), area(false)],
      'AREA_DISABLED',
    ],
    ['ASSET-6 enabled area accepts a camera', 'CAMERA', [station(), area()], true],
    [
      'ORG-3 a disabled property gates the whole chain',
      'CHARGER',
      [property(false), station(), area()],
      'PROPERTY_DISABLED',
    ],
    [
      'ASSET-4 the highest disabled ancestor is named',
      'CHARGER',
      [station(false), area(false)],
      'STATION_DISABLED',
    ],
    ['ASSET-4 a charger must go under an area', 'CHARGER', [station()], 'ASSET_PARENT_INVALID'],
    ['ASSET-4 nothing goes under nothing', 'AREA', [], 'ASSET_PARENT_INVALID'],
  ])('%s', (_name, child, ancestors, expected) => {
    const result = canAddUnder(child, ancestors);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it.each([
    ['ASSET-4 empty area is deletable', 0, 0, true],
    ['ASSET-4 area with chargers is not', 2, 0, 'AREA_NOT_EMPTY'],
    ['ASSET-4 area with tariffs is not', 0, 1, 'AREA_NOT_EMPTY'],
    ['ASSET-7 area with devices and tariffs is not', 3, 1, 'AREA_NOT_EMPTY'],
  ])('%s', (_name, chargerCount, tariffCount, expected) => {
    const result = canDeleteArea({ id: 'a1', chargerCount, tariffCount });
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('ASSET-7 an e-bike device is deletable unless a socket is charging', () => {
    expect(canDeleteEbikeDevice({ id: 'd1', sockets: [{ no: 1, state: 'IDLE' }] }).ok).toBe(true);
    const busy = canDeleteEbikeDevice({
      id: 'd1',
      sockets: [
        { no: 1, state: 'IDLE' },
        { no: 2, state: 'CHARGING' },
      ],
    });
    expect(busy.ok || [busy.error.code, busy.error.details.sockets]).toEqual(['EBIKE_DEVICE_IN_USE', [2]]);
  });

  it.each([
    ['ASSET-4 disabled station hides its chargers', false, true, true, 'HIDDEN'],
    ['ASSET-4 disabled area hides its chargers', true, false, true, 'HIDDEN'],
    ['ASSET-5 disabled charger shows out of service', true, true, false, 'OUT_OF_SERVICE'],
    ['ASSET-5 enabled chain is available', true, true, true, 'AVAILABLE'],
  ])('%s', (_name, s, a, c, view) => {
    expect(chargerAppView({ enabled: s }, { enabled: a }, { enabled: c })).toBe(view);
  });

  it('ASSET-4/6 disabled stations, spaces and cameras are inert', () => {
    expect([
      stationVisibleInApp({ enabled: false }),
      spaceReservable({ enabled: false }),
      cameraActive({ enabled: false }),
    ]).toEqual([false, false, false]);
    expect([
      stationVisibleInApp({ enabled: true }),
      spaceReservable({ enabled: true }),
      cameraActive({ enabled: true }),
    ]).toEqual([true, true, true]);
  });

  it('ASSET-5 restart only when online', () => {
    const offline = canRestartCharger({ id: 'c1', online: false });
    expect(offline.ok || offline.error.code).toBe('CHARGER_OFFLINE');
    expect(canRestartCharger({ id: 'c1', online: true }).ok).toBe(true);
  });
});
