import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/**
 * NUM-1: a numbering scheme is data: prefix segments followed by a zero-padded sequence of fixed
 * width, allowed to run from `min` to `max` (inclusive). Example: ['A', 'M'] + 4 digits → AM0001.
 */
export interface NumberingScheme {
  /** Stable key the allocator is asked for, e.g. "ebike:A:BUY". */
  readonly key: string;
  /** Prefix segments, concatenated in order (school code, business code, …); may be empty. */
  readonly prefix: readonly string[];
  /** Number of digits of the sequence, zero-padded. */
  readonly width: number;
  /** Smallest sequence value (usually 1). */
  readonly min: number;
  /** Largest sequence value (at most 10^width − 1). */
  readonly max: number;
}

/** Zod schema of a numbering scheme; segments are upper-case letters/digits and the range fits the width. */
export const numberingSchemeSchema = z
  .object({
    key: z.string().min(1),
    prefix: z.array(z.string().regex(/^[A-Z0-9]+$/, 'prefix segments are upper-case letters or digits')),
    width: z.number().int().min(1).max(15),
    min: z.number().int().min(0),
    max: z.number().int().min(0),
  })
  .refine((s) => s.min <= s.max, { message: 'min must be ≤ max', path: ['max'] })
  .refine((s) => s.max < 10 ** s.width, { message: 'max does not fit the width', path: ['max'] });

/** Error codes of numbering. */
export type NumberingErrorCode =
  | 'NUMBER_SCHEME_INVALID'
  | 'NUMBER_INVALID'
  | 'NUMBER_OUT_OF_RANGE'
  | 'NUMBER_RANGE_EXHAUSTED'
  | 'NUMBER_NOT_HELD'
  | 'NUMBER_SCHEME_UNKNOWN'
  | 'NUMBER_SCHEMES_OVERLAP';

/** Validates and freezes a scheme; throws NUMBER_SCHEME_INVALID with the zod issues. */
export function defineScheme(input: NumberingScheme): NumberingScheme {
  const parsed = numberingSchemeSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('NUMBER_SCHEME_INVALID', `numbering scheme "${input.key}" is invalid`, {
      key: input.key,
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  return Object.freeze({ ...parsed.data, prefix: Object.freeze([...parsed.data.prefix]) });
}

/** The scheme's full prefix (segments joined). */
export const schemePrefix = (scheme: NumberingScheme): string => scheme.prefix.join('');

/** Formats a sequence value as a number of the scheme (AM + 1 → "AM0001"). */
export function formatNumber(
  scheme: NumberingScheme,
  sequence: number,
): Result<string, DomainError<NumberingErrorCode>> {
  if (!Number.isSafeInteger(sequence) || sequence < scheme.min || sequence > scheme.max) {
    return err(
      new DomainError('NUMBER_OUT_OF_RANGE', `sequence ${sequence} is outside ${scheme.min}–${scheme.max}`, {
        key: scheme.key,
        sequence,
        min: scheme.min,
        max: scheme.max,
      }),
    );
  }
  return ok(schemePrefix(scheme) + String(sequence).padStart(scheme.width, '0'));
}

/** Parses a number of the scheme back to its sequence value; errors name what is wrong. */
export function parseNumber(
  scheme: NumberingScheme,
  text: string,
): Result<number, DomainError<NumberingErrorCode>> {
  const prefix = schemePrefix(scheme);
  const digits = text.slice(prefix.length);
  if (!text.startsWith(prefix) || digits.length !== scheme.width || !/^\d+$/.test(digits)) {
    return err(
      new DomainError('NUMBER_INVALID', `"${text}" is not ${prefix} followed by ${scheme.width} digits`, {
        key: scheme.key,
        text,
      }),
    );
  }
  const sequence = Number(digits);
  if (sequence < scheme.min || sequence > scheme.max) {
    return err(
      new DomainError('NUMBER_OUT_OF_RANGE', `"${text}" is outside ${scheme.min}–${scheme.max}`, {
        key: scheme.key,
        text,
        sequence,
      }),
    );
  }
  return ok(sequence);
}

/** True when `text` is a valid number of the scheme. */
export const isValidNumber = (scheme: NumberingScheme, text: string): boolean => parseNumber(scheme, text).ok;

/**
 * True when some string could be a number of both schemes (same length, one prefix a prefix of the
 * other and the rest of the longer prefix all digits). Such schemes cannot share one registry.
 */
export function schemesMayOverlap(a: NumberingScheme, b: NumberingScheme): boolean {
  const pa = schemePrefix(a);
  const pb = schemePrefix(b);
  if (pa.length + a.width !== pb.length + b.width) return false;
  const [shorter, longer] = pa.length <= pb.length ? [pa, pb] : [pb, pa];
  return longer.startsWith(shorter) && /^\d*$/.test(longer.slice(shorter.length));
}

/** A set of schemes in which every number identifies its scheme (keys unique, no overlap). */
export interface SchemeRegistry {
  readonly schemes: ReadonlyMap<string, NumberingScheme>;
}

/** Builds a registry; throws NUMBER_SCHEMES_OVERLAP when two schemes could produce the same number. */
export function defineSchemeRegistry(schemes: readonly NumberingScheme[]): SchemeRegistry {
  const byKey = new Map<string, NumberingScheme>();
  for (const scheme of schemes.map(defineScheme)) {
    for (const other of byKey.values()) {
      if (other.key === scheme.key || schemesMayOverlap(other, scheme)) {
        throw new DomainError(
          'NUMBER_SCHEMES_OVERLAP',
          `schemes "${other.key}" and "${scheme.key}" overlap`,
          {
            keys: [other.key, scheme.key],
          },
        );
      }
    }
    byKey.set(scheme.key, scheme);
  }
  return { schemes: byKey };
}

/** The scheme of a key, or NUMBER_SCHEME_UNKNOWN. */
export function schemeByKey(
  registry: SchemeRegistry,
  key: string,
): Result<NumberingScheme, DomainError<NumberingErrorCode>> {
  const scheme = registry.schemes.get(key);
  return scheme
    ? ok(scheme)
    : err(new DomainError('NUMBER_SCHEME_UNKNOWN', `no numbering scheme "${key}"`, { key }));
}

/** Finds the scheme a number belongs to and its sequence value (used by release(number)). */
export function identifyNumber(
  registry: SchemeRegistry,
  text: string,
): Result<{ readonly scheme: NumberingScheme; readonly sequence: number }, DomainError<NumberingErrorCode>> {
  for (const scheme of registry.schemes.values()) {
    const parsed = parseNumber(scheme, text);
    if (parsed.ok) return ok({ scheme, sequence: parsed.value });
  }
  return err(new DomainError('NUMBER_INVALID', `"${text}" belongs to no numbering scheme`, { text }));
}
