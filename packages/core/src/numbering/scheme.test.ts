import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EBIKE_RETAIL_CONFIG,
  ebikeRetailSchemes,
  ebikeSchemeKey,
  schoolCodeOf,
} from './ebike-retail.js';
import {
  defineScheme,
  defineSchemeRegistry,
  formatNumber,
  identifyNumber,
  isValidNumber,
  parseNumber,
  schemeByKey,
} from './scheme.js';

const registry = defineSchemeRegistry(ebikeRetailSchemes());
const scheme = (key: string) => {
  const found = schemeByKey(registry, key);
  if (!found.ok) throw found.error;
  return found.value;
};

describe('numbering schemes (NUM-1)', () => {
  it.each([
    ['ebike:A:BUY', 1, 'AM0001'],
    ['ebike:B:RENT', 1, 'BZ0001'],
    ['ebike:C:MINI_RENT', 42, 'CP0042'],
    ['ebike:A:FLASH_CHARGE', 1, 'A00001'],
    ['ebike:B:FLASH_CHARGE', 99999, 'B99999'],
    ['ebike:C:BUY', 9999, 'CM9999'],
  ])('NUM-1 %s formats sequence %d as %s and parses it back', (key, sequence, text) => {
    expect(formatNumber(scheme(key), sequence)).toEqual({ ok: true, value: text });
    expect(parseNumber(scheme(key), text)).toEqual({ ok: true, value: sequence });
  });

  it.each([
    ['ebike:A:BUY', 0],
    ['ebike:A:BUY', 10000],
    ['ebike:A:FLASH_CHARGE', 100000],
    ['ebike:A:BUY', 1.5],
  ])('NUM-1 %s rejects sequence %d with NUMBER_OUT_OF_RANGE', (key, sequence) => {
    const result = formatNumber(scheme(key), sequence);
    expect(result.ok || result.error.code).toBe('NUMBER_OUT_OF_RANGE');
  });

  it.each([
    ['ebike:A:BUY', 'AM001', 'NUMBER_INVALID'],
    ['ebike:A:BUY', 'BM0001', 'NUMBER_INVALID'],
    ['ebike:A:BUY', 'AM00a1', 'NUMBER_INVALID'],
    ['ebike:A:BUY', 'AM0000', 'NUMBER_OUT_OF_RANGE'],
    ['ebike:A:FLASH_CHARGE', 'AM0001', 'NUMBER_INVALID'],
  ])('NUM-1 %s rejects %s with %s', (key, text, code) => {
    const result = parseNumber(scheme(key), text);
    expect(result.ok || result.error.code).toBe(code);
    expect(isValidNumber(scheme(key), text)).toBe(false);
  });

  it('NUM-1 default table has 3 school codes × 4 businesses and maps schools to codes', () => {
    expect(registry.schemes.size).toBe(12);
    expect(schoolCodeOf('Wanxiang Polytechnic')).toEqual({ ok: true, value: 'B' });
    expect(schoolCodeOf('Changzheng Vocational and Technical College')).toEqual({ ok: true, value: 'C' });
    const unknown = schoolCodeOf('Nowhere College');
    expect(unknown.ok || unknown.error.code).toBe('SCHOOL_UNKNOWN');
  });

  it('NUM-1 the school table is configurable data', () => {
    const schemes = ebikeRetailSchemes({
      ...DEFAULT_EBIKE_RETAIL_CONFIG,
      schoolCodes: [{ code: 'D', schools: ['New Campus'] }],
    });
    expect(schemes.map((s) => s.key)).toContain(ebikeSchemeKey('D', 'RENT'));
    expect(schemes).toHaveLength(4);
  });

  it('NUM-1 a number identifies its scheme across the registry', () => {
    const found = identifyNumber(registry, 'BZ0007');
    expect(found.ok && [found.value.scheme.key, found.value.sequence]).toEqual(['ebike:B:RENT', 7]);
    const none = identifyNumber(registry, 'XZ0007');
    expect(none.ok || none.error.code).toBe('NUMBER_INVALID');
  });

  it('NUM-1 rejects invalid schemes and overlapping registries', () => {
    expect(() => defineScheme({ key: 'x', prefix: ['a'], width: 4, min: 1, max: 9999 })).toThrow(
      expect.objectContaining({ code: 'NUMBER_SCHEME_INVALID' }),
    );
    expect(() => defineScheme({ key: 'x', prefix: ['A'], width: 2, min: 1, max: 100 })).toThrow(
      expect.objectContaining({ code: 'NUMBER_SCHEME_INVALID' }),
    );
    expect(() =>
      defineSchemeRegistry([
        { key: 'a', prefix: ['A'], width: 5, min: 1, max: 99999 },
        { key: 'b', prefix: ['A', '0'], width: 4, min: 1, max: 9999 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'NUMBER_SCHEMES_OVERLAP' }));
    expect(() => ebikeRetailSchemes({ ...DEFAULT_EBIKE_RETAIL_CONFIG, schoolCodes: [] })).toThrow(
      expect.objectContaining({ code: 'NUMBER_SCHEME_INVALID' }),
    );
  });
});
