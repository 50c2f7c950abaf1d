import { describe, expect, it } from 'vitest';
import { formatCny, parseCny } from '../money/fen.js';
import { priceCarSession, quoteCar } from './car-pricing.js';
import { at, carTariff, FLAT_DEF, TOU_DEF } from './fixtures/sample-tariffs.js';

const flat = carTariff(FLAT_DEF);
const tou = carTariff(TOU_DEF);
const summary = (bill: ReturnType<typeof quoteCar>): string[] =>
  bill.lines.map(
    (l) =>
      `${l.kind} ${l.label} ${l.quantity.value} ${l.quantity.unit} × ${l.unitPrice} = ${l.preciseAmount} → ${formatCny(l.amount)}`,
  );

describe('car pricing (TAR-1, TAR-2, TAR-4, TAR-5, TAR-13)', () => {
  it.each([
    [12_345, '10.52', '4.94', '15.46'],
    [0, '0.00', '0.00', '0.00'],
    [1, '0.00', '0.00', '0.00'],
    [6, '0.01', '0.00', '0.01'],
    [100_000, '85.23', '40.00', '125.23'],
  ])('TAR-1 FLAT: %i Wh costs energy %s + service %s = %s', (energyWh, energy, service, total) => {
    const bill = quoteCar(flat, { energyWh });
    expect(bill.lines.map((l) => formatCny(l.amount))).toEqual([energy, service]);
    expect(formatCny(bill.total)).toBe(total);
  });

  it('TAR-1 FLAT from meter readings bills last − first reading', () => {
    const bill = priceCarSession(flat, [
      { at: at('2024-05-01T10:00:00+08:00'), wh: 1_000 },
      { at: at('2024-05-01T11:00:00+08:00'), wh: 5_000 },
      { at: at('2024-05-01T12:00:00+08:00'), wh: 13_345 },
    ]);
    expect(bill.lines[0]?.quantity.value).toBe('12.345');
    expect(formatCny(bill.total)).toBe('15.46');
  });

  it('TAR-4 splits a reading interval crossing 11:00 by interpolation (worked example in docs)', () => {
    const bill = priceCarSession(tou, [
      { at: at('2024-05-01T10:30:00+08:00'), wh: 0 },
      { at: at('2024-05-01T11:30:00+08:00'), wh: 7_000 },
    ]);
    expect(summary(bill)).toEqual([
      'ENERGY PEAK 08:00–11:00 3.500 kWh × 0.95000 = 3.325 → 3.33',
      'SERVICE PEAK 08:00–11:00 3.500 kWh × 0.60000 = 2.10 → 2.10',
      'ENERGY FLAT 11:00–13:00 3.500 kWh × 0.65000 = 2.275 → 2.28',
      'SERVICE FLAT 11:00–13:00 3.500 kWh × 0.60000 = 2.10 → 2.10',
    ]);
    expect(formatCny(bill.total)).toBe('9.81');
  });

  it('TAR-4 rounds an interpolated share to whole Wh and gives the remainder to the next period', () => {
    const bill = priceCarSession(tou, [
      { at: at('2024-05-01T10:50:00+08:00'), wh: 0 },
      { at: at('2024-05-01T11:20:00+08:00'), wh: 1_001 },
    ]);
    expect(bill.lines.filter((l) => l.kind === 'ENERGY').map((l) => l.quantity.value)).toEqual([
      '0.334',
      '0.667',
    ]);
  });

  it('TAR-2 a session over midnight lists periods in the order reached and the same period once', () => {
    const bill = priceCarSession(tou, [
      { at: at('2024-05-01T22:30:00+08:00'), wh: 0 },
      { at: at('2024-05-02T00:30:00+08:00'), wh: 14_000 },
      { at: at('2024-05-02T22:45:00+08:00'), wh: 15_000 },
    ]);
    const labels = bill.lines.filter((l) => l.kind === 'ENERGY').map((l) => l.label);
    expect(labels[0]).toBe('FLAT 21:00–23:00');
    expect(labels[1]).toBe('VALLEY 23:00–24:00');
    expect(labels[2]).toBe('VALLEY 00:00–08:00');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('TAR-13 the bill names the tariff and version; each line its band, quantity, unit price, precise and rounded amount', () => {
    const bill = quoteCar(tou, { energyWh: 10_000, band: 'SHARP' });
    expect(bill.tariff).toEqual({ tariffId: 'T-TOU', version: 3 });
    expect(bill.lines[0]).toEqual({
      kind: 'ENERGY',
      label: 'SHARP',
      quantity: { value: '10.000', unit: 'kWh' },
      unitPrice: '1.20000',
      preciseAmount: '12.00',
      amount: 1200n,
      band: 'SHARP',
    });
    expect(bill.total).toBe(bill.lines.reduce((s, l) => s + l.amount, 0n));
  });

  it('TAR-5 TOU tariff test over a time window prices like a session with constant power', () => {
    const quote = quoteCar(tou, {
      energyWh: 7_000,
      start: at('2024-05-01T10:30:00+08:00'),
      end: at('2024-05-01T11:30:00+08:00'),
    });
    expect(formatCny(quote.total)).toBe('9.81');
  });

  it('TAR-5 a TOU tariff test without band or window is rejected', () => {
    expect(() => quoteCar(tou, { energyWh: 1 })).toThrow(
      expect.objectContaining({ code: 'TARIFF_QUOTE_NEEDS_BAND' }),
    );
  });

  it('TAR-13 caps the fee at the prepay, reporting the uncapped amount and a note', () => {
    const bill = quoteCar(flat, { energyWh: 12_345 }, { cap: parseCny('10') });
    expect([
      formatCny(bill.total),
      formatCny(bill.uncappedTotal),
      formatCny(bill.cap ?? parseCny('0')),
    ]).toEqual(['10.00', '15.46', '10.00']);
    expect(bill.notes?.[0]).toContain('capped at 10.00');
  });

  it('TAR-13 a cap above the fee changes nothing but is recorded', () => {
    const bill = quoteCar(flat, { energyWh: 12_345 }, { cap: parseCny('50') });
    expect(formatCny(bill.total)).toBe('15.46');
    expect(bill.cap).toBe(5000n);
  });

  it('TAR-13 rounding mode is configurable per bill (DOWN)', () => {
    const bill = quoteCar(flat, { energyWh: 12_345 }, { rounding: 'DOWN' });
    expect(bill.lines.map((l) => formatCny(l.amount))).toEqual(['10.52', '4.93']);
  });

  it('TAR-12 a car bill carries the occupancy line when the charger has the flag', () => {
    const bill = quoteCar(
      tou,
      { energyWh: 10_000, band: 'VALLEY' },
      { occupancy: { chargerChargesOccupancy: true, inSpaceSeconds: 3 * 3600, chargingSeconds: 3600 } },
    );
    const line = bill.lines.find((l) => l.kind === 'OCCUPANCY');
    expect(line?.quantity.value).toBe('4');
    expect(formatCny(line?.amount ?? parseCny('0'))).toBe('8.00');
  });

  it.each([
    [[], 'no meter readings'],
    [
      [
        { at: 2000, wh: 0 },
        { at: 1000, wh: 10 },
      ],
      'reading 1',
    ],
    [
      [
        { at: 1000, wh: 10 },
        { at: 2000, wh: 5 },
      ],
      'reading 1',
    ],
    [[{ at: 1000, wh: 0.5 }], 'reading 0'],
  ])('TAR-4 rejects invalid readings %j with METER_READINGS_INVALID', (readings, message) => {
    expect(() => priceCarSession(tou, readings)).toThrow(
      expect.objectContaining({ code: 'METER_READINGS_INVALID', message: expect.stringContaining(message) }),
    );
  });

  it('TAR-2 rejects an unknown time zone', () => {
    expect(() => priceCarSession(tou, [{ at: 0, wh: 0 }], { timeZone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'TARIFF_INVALID_TIME_ZONE' }),
    );
  });
});
