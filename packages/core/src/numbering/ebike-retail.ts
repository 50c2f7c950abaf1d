import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { defineScheme, type NumberingScheme } from './scheme.js';

/** E-bike retail businesses that carry a number (NUM-1). 买车 / 租车 / mini 租 / 闪充. */
export type EbikeBusiness = 'BUY' | 'RENT' | 'MINI_RENT' | 'FLASH_CHARGE';

/** Every e-bike business, in display order. */
export const EBIKE_BUSINESSES: readonly EbikeBusiness[] = ['BUY', 'RENT', 'MINI_RENT', 'FLASH_CHARGE'];

/** Configuration of the e-bike retail numbering: school codes, business codes and widths. */
export interface EbikeRetailConfig {
  /** School (region) code → the schools it covers (学校代码). */
  readonly schoolCodes: readonly { readonly code: string; readonly schools: readonly string[] }[];
  /** Business code per business; '' means none (flash-charge batteries carry only the school code). */
  readonly businessCodes: Readonly<Record<EbikeBusiness, string>>;
  /** Sequence width per business: 4 digits for vehicles, 5 for flash-charge batteries. */
  readonly widths: Readonly<Record<EbikeBusiness, number>>;
}

/** The defaults from the operator's document (003 §三): A, B, C schools; M, Z, P business codes. */
export const DEFAULT_EBIKE_RETAIL_CONFIG: EbikeRetailConfig = {
  schoolCodes: [
    { code: 'A', schools: ['Zhejiang University'] },
    {
      code: 'B',
      schools: [
        'Zhejiang University of Technology',
        'Wanxiang Polytechnic',
        'Zhejiang International Studies University',
      ],
    },
    {
      code: 'C',
      schools: [
        'Zhejiang University of Science and Technology',
        'Changzheng Vocational and Technical College',
      ],
    },
  ],
  businessCodes: { BUY: 'M', RENT: 'Z', MINI_RENT: 'P', FLASH_CHARGE: '' },
  widths: { BUY: 4, RENT: 4, MINI_RENT: 4, FLASH_CHARGE: 5 },
};

/** Zod schema of the e-bike retail configuration (codes are upper-case letters, widths 1–9). */
export const ebikeRetailConfigSchema = z.object({
  schoolCodes: z
    .array(z.object({ code: z.string().regex(/^[A-Z]+$/), schools: z.array(z.string().min(1)).min(1) }))
    .min(1)
    .refine((list) => new Set(list.map((s) => s.code)).size === list.length, 'school codes must be unique'),
  businessCodes: z.object({
    BUY: z.string().regex(/^[A-Z]*$/),
    RENT: z.string().regex(/^[A-Z]*$/),
    MINI_RENT: z.string().regex(/^[A-Z]*$/),
    FLASH_CHARGE: z.string().regex(/^[A-Z]*$/),
  }),
  widths: z.object({
    BUY: z.number().int().min(1).max(9),
    RENT: z.number().int().min(1).max(9),
    MINI_RENT: z.number().int().min(1).max(9),
    FLASH_CHARGE: z.number().int().min(1).max(9),
  }),
});

/** The scheme key of a school code and business, e.g. "ebike:A:BUY". */
export const ebikeSchemeKey = (schoolCode: string, business: EbikeBusiness): string =>
  `ebike:${schoolCode}:${business}`;

/** All schemes of the configuration: one per school code × business, sequence from 1 to 10^width − 1. */
export function ebikeRetailSchemes(
  config: EbikeRetailConfig = DEFAULT_EBIKE_RETAIL_CONFIG,
): NumberingScheme[] {
  const parsed = ebikeRetailConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new DomainError('NUMBER_SCHEME_INVALID', 'e-bike retail numbering configuration is invalid', {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  return config.schoolCodes.flatMap(({ code }) =>
    EBIKE_BUSINESSES.map((business) =>
      defineScheme({
        key: ebikeSchemeKey(code, business),
        prefix: [code, config.businessCodes[business]].filter((segment) => segment !== ''),
        width: config.widths[business],
        min: 1,
        max: 10 ** config.widths[business] - 1,
      }),
    ),
  );
}

/** The school code of a school name (exact match), or SCHOOL_UNKNOWN. */
export function schoolCodeOf(
  school: string,
  config: EbikeRetailConfig = DEFAULT_EBIKE_RETAIL_CONFIG,
): Result<string, DomainError<'SCHOOL_UNKNOWN'>> {
  const entry = config.schoolCodes.find((s) => s.schools.includes(school));
  return entry
    ? ok(entry.code)
    : err(new DomainError('SCHOOL_UNKNOWN', `no school code for "${school}"`, { school }));
}
