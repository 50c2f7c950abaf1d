import { describe, expect, it } from 'vitest';
import { formatCny } from '../money/fen.js';
import { parseUnitPrice } from '../money/unit-price.js';
import { carTariff, TOU_DEF } from './fixtures/sample-tariffs.js';
import { occupancyLine, priceOccupancy } from './occupancy.js';

const rule = { graceMinutes: 15, unitMinutes: 30, unitPrice: parseUnitPrice('2') };
const h = 3600;

describe('occupancy fee (TAR-12)', () => {
  it.each([
    ['within grace', 10 * 60, 0, '0', '0.00'],
    ['exactly the grace', 15 * 60, 0, '0', '0.00'],
    ['one second past grace', 15 * 60 + 1, 0, '1', '2.00'],
    ['charging time excluded', 3 * h, 2 * h, '2', '4.00'],
    ['charging longer than the stay', 1 * h, 2 * h, '0', '0.00'],
    ['45 min idle → 30 min billable → 1 unit', 45 * 60, 0, '1', '2.00'],
  ])('TAR-12 %s', (_name, inSpaceSeconds, chargingSeconds, units, amount) => {
    const line = occupancyLine(rule, { chargerChargesOccupancy: true, inSpaceSeconds, chargingSeconds });
    expect(line?.quantity.value).toBe(units);
    expect(formatCny(line?.amount ?? (0n as never))).toBe(amount);
  });

  it('TAR-12 whitelisted plates pay none, whatever their spacing and case', () => {
    const line = occupancyLine(rule, {
      chargerChargesOccupancy: true,
      inSpaceSeconds: 10 * h,
      chargingSeconds: 0,
      plate: '沪a 12345',
      whitelist: ['粤B00001', '沪A12345'],
    });
    expect([line?.amount, line?.band, line?.label]).toEqual([
      0n,
      'WHITELISTED',
      'occupancy waived: plate 沪A12345 is whitelisted',
    ]);
  });

  it('TAR-12 a plate not on the whitelist pays', () => {
    const line = occupancyLine(rule, {
      chargerChargesOccupancy: true,
      inSpaceSeconds: 2 * h,
      chargingSeconds: 0,
      plate: '沪A99999',
      whitelist: ['沪A12345'],
    });
    expect(formatCny(line?.amount ?? (0n as never))).toBe('8.00');
  });

  it('TAR-12 chargers without the flag charge no occupancy', () => {
    expect(
      occupancyLine(rule, { chargerChargesOccupancy: false, inSpaceSeconds: 10 * h, chargingSeconds: 0 }),
    ).toBeUndefined();
  });

  it('TAR-12 rejects negative or fractional times', () => {
    expect(() =>
      occupancyLine(rule, { chargerChargesOccupancy: true, inSpaceSeconds: -1, chargingSeconds: 0 }),
    ).toThrow(expect.objectContaining({ code: 'OCCUPANCY_INVALID_INPUT' }));
  });

  it('TAR-12 a stand-alone occupancy bill names the tariff and can be capped', () => {
    const bill = priceOccupancy(
      carTariff(TOU_DEF),
      { chargerChargesOccupancy: true, inSpaceSeconds: 5 * h, chargingSeconds: 0 },
      { cap: 500n as never },
    );
    expect([bill.tariff.tariffId, formatCny(bill.uncappedTotal), formatCny(bill.total)]).toEqual([
      'T-TOU',
      '20.00',
      '5.00',
    ]);
  });
});
