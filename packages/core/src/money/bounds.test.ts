import { describe, expect, it } from 'vitest';
import { CarTariffSchema, PrepayTextSchema, UnitPriceTextSchema } from '../tariff/schemas.js';
import { checkPrepayAmount, checkStartPreconditions, type StartPreconditions } from '../orders/start.js';
import { DeviceEventSchema, MAX_METER_WH } from '../devices/events.js';
import { checkMoneyRange, isMoneyInRange, MONEY_MAX_FEN, PREPAY_CEILING_FEN } from './bounds.js';
import { fen, parseCny } from './fen.js';
import { parseUnitPrice } from './unit-price.js';

// Issue 9 / "Money is exact": every money input has a documented upper bound, checked before
// anything is written; the bounds keep every amount far below 2^53 fen.

describe('money bounds (ORD-1, TAR-1, TAR-5, §14)', () => {
  it('the widest bound, 10^15 fen, is exact as a double (below 2^53)', () => {
    expect(MONEY_MAX_FEN).toBe(1_000_000_000_000_000n);
    expect(Number(MONEY_MAX_FEN) < Number.MAX_SAFE_INTEGER).toBe(true);
    expect(isMoneyInRange(-MONEY_MAX_FEN)).toBe(true);
    expect(isMoneyInRange(MONEY_MAX_FEN + 1n)).toBe(false);
    expect(() => checkMoneyRange(fen(MONEY_MAX_FEN + 1n), 'prepay')).toThrow(
      expect.objectContaining({ code: 'MONEY_OUT_OF_RANGE' }),
    );
  });

  it.each([
    ['99999999999999999999999', 'MONEY_INVALID_AMOUNT'], // the fuzzer's 1e25 fen prepay
    ['92233720368547758.08', 'MONEY_INVALID_AMOUNT'], // 2^63 fen
    ['99999999999999.99', 'MONEY_INVALID_AMOUNT'], // 14 integer digits
  ])('parseCny refuses %s (more than 13 integer digits) with %s', (text, code) => {
    expect(() => parseCny(text)).toThrow(expect.objectContaining({ code }));
  });

  it('parseCny accepts the largest 13-digit amount exactly: 9999999999999.99 CNY = 999999999999999 fen', () => {
    expect(parseCny('9999999999999.99')).toBe(999_999_999_999_999n);
  });

  it.each([
    ['0.01', true],
    ['100000', true],
    ['100000.00', true],
    ['100000.01', false],
    ['0', false],
    ['0.00', false],
    ['1000000', false],
    ['12.345', false],
  ])('TAR-5/ORD-1 a prepay text %s is accepted: %s (0.01 … 100000.00 CNY)', (text, accepted) => {
    expect(PrepayTextSchema.safeParse(text).success).toBe(accepted);
  });

  it.each([
    ['0', true],
    ['0.85230', true],
    ['99.99999', true],
    ['100', true],
    ['100.00000', true],
    ['100.00001', false],
    ['101', false],
    ['12345678901234567890123456789012', false], // the fuzzer's 32-digit unit price
    ['1.123456', false],
  ])('TAR-1 a unit price text %s is accepted: %s (0 … 100 CNY per unit)', (text, accepted) => {
    expect(UnitPriceTextSchema.safeParse(text).success).toBe(accepted);
  });

  it('TAR-1 parseUnitPrice refuses more than 9 integer digits before building a bigint', () => {
    expect(() => parseUnitPrice('1234567890')).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_UNIT_PRICE' }),
    );
  });

  it('TAR-5 a tariff name of 1 MB or of spaces only is refused', () => {
    const base = {
      kind: 'CAR',
      id: 'T1',
      version: 1,
      savedAt: '2024-01-01T10:00:00+08:00',
      pricing: { mode: 'FLAT', energyPrice: '0.8', servicePrice: '0.4' },
    };
    expect(CarTariffSchema.safeParse({ ...base, name: 'x'.repeat(1_000_000) }).success).toBe(false);
    expect(CarTariffSchema.safeParse({ ...base, name: '   ' }).success).toBe(false);
    expect(CarTariffSchema.safeParse({ ...base, name: 'Peak' }).success).toBe(true);
  });
});

describe('ORD-1 prepay range: the station limit and the tariff prepay options', () => {
  const limit = { maxPrepay: fen(50_000n), options: [fen(5_000n), fen(10_000n), fen(20_000n)] };

  it.each([
    [5_000n, true], // 50.00, the smallest option
    [12_345n, true], // 123.45, inside the options' range
    [20_000n, true], // 200.00, the largest option
    [4_999n, false],
    [20_001n, false],
  ])('with options 50/100/200 and a 500.00 limit, %s fen is allowed: %s', (prepay, allowed) => {
    expect(checkPrepayAmount(fen(prepay), limit).ok).toBe(allowed);
  });

  it('without options the range is 0.01 … the station limit, never above the 100000.00 ceiling', () => {
    expect(checkPrepayAmount(fen(50_000n), { ...limit, options: [] }).ok).toBe(true);
    expect(checkPrepayAmount(fen(50_001n), { ...limit, options: [] }).ok).toBe(false);
    expect(checkPrepayAmount(fen(0n), { ...limit, options: [] }).ok).toBe(false);
    const huge = { maxPrepay: fen(PREPAY_CEILING_FEN * 10n), options: [] };
    expect(checkPrepayAmount(PREPAY_CEILING_FEN, huge).ok).toBe(true);
    expect(checkPrepayAmount(fen(PREPAY_CEILING_FEN + 1n), huge).ok).toBe(false);
  });

  it('the refusal names the range that applies (min 50.00, max 200.00)', () => {
    const result = checkPrepayAmount(fen(30_000n), limit);
    expect(result.ok ? null : { code: result.error.code, details: result.error.details }).toEqual({
      code: 'ORDER_START_PREPAY_OUT_OF_RANGE',
      details: expect.objectContaining({ prepay: '300.00', min: '50.00', max: '200.00' }),
    });
  });

  it('checkStartPreconditions refuses an out-of-range prepay before payment (prepayPaid not yet known)', () => {
    const facts: StartPreconditions = {
      stationId: 's1',
      startWay: 'APP',
      funding: { kind: 'PREPAY', paymentNo: 'PY1', prepay: fen(1_000_000n) },
      assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
      tariff: { tariffId: 'T1', version: 1 },
      prepayPaid: true,
      prepayLimit: { maxPrepay: fen(100_000n), options: [] },
    };
    const result = checkStartPreconditions(facts, 0);
    expect(result.ok ? 'ok' : result.error.code).toBe('ORDER_START_PREPAY_OUT_OF_RANGE');
  });
});

describe('§14 device event bounds', () => {
  const sample = {
    type: 'METER_SAMPLE',
    eventId: 'e1',
    serialNo: 'SN1',
    occurredAt: '2024-01-01T10:00:00+08:00',
    connectorNo: 1,
    orderNo: 'CH1',
    powerW: 7000,
  };
  it('a meter reading above 10^12 Wh is refused', () => {
    expect(DeviceEventSchema.safeParse({ ...sample, meterWh: MAX_METER_WH }).success).toBe(true);
    expect(DeviceEventSchema.safeParse({ ...sample, meterWh: MAX_METER_WH + 1 }).success).toBe(false);
    expect(DeviceEventSchema.safeParse({ ...sample, meterWh: 1e300 }).success).toBe(false);
  });
  it('a serial with a NUL byte is refused (it would reach SQL text)', () => {
    expect(DeviceEventSchema.safeParse({ ...sample, meterWh: 1, serialNo: 'S\u0000N' }).success).toBe(false);
  });
});
