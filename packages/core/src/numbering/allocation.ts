import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { formatNumber, parseNumber, type NumberingErrorCode, type NumberingScheme } from './scheme.js';

/**
 * NUM-2: the smallest sequence value of the scheme's range not in `taken`; NUMBER_RANGE_EXHAUSTED
 * when every value is held. Values of `taken` outside the range are ignored.
 */
export function smallestFree(
  taken: ReadonlySet<number>,
  scheme: NumberingScheme,
): Result<number, DomainError<NumberingErrorCode>> {
  for (let sequence = scheme.min; sequence <= scheme.max; sequence += 1) {
    if (!taken.has(sequence)) return ok(sequence);
  }
  return err(
    new DomainError('NUMBER_RANGE_EXHAUSTED', `every number of "${scheme.key}" is taken`, {
      key: scheme.key,
      min: scheme.min,
      max: scheme.max,
    }),
  );
}

/** A number handed out by an allocator. */
export interface AllocatedNumber {
  readonly schemeKey: string;
  readonly sequence: number;
  /** The formatted number, e.g. "AM0001". */
  readonly number: string;
}

/** Pure allocation: takes the smallest free number and returns it with the new set of taken values. */
export function allocateNumber(
  scheme: NumberingScheme,
  taken: ReadonlySet<number>,
): Result<
  { readonly allocated: AllocatedNumber; readonly taken: ReadonlySet<number> },
  DomainError<NumberingErrorCode>
> {
  const free = smallestFree(taken, scheme);
  if (!free.ok) return free;
  const number = formatNumber(scheme, free.value);
  if (!number.ok) return number;
  return ok({
    allocated: { schemeKey: scheme.key, sequence: free.value, number: number.value },
    taken: new Set([...taken, free.value]),
  });
}

/** Pure release (on cancel): the number becomes free again; NUMBER_NOT_HELD if it was not taken. */
export function releaseNumber(
  scheme: NumberingScheme,
  taken: ReadonlySet<number>,
  number: string,
): Result<ReadonlySet<number>, DomainError<NumberingErrorCode>> {
  const parsed = parseNumber(scheme, number);
  if (!parsed.ok) return parsed;
  if (!taken.has(parsed.value)) {
    return err(new DomainError('NUMBER_NOT_HELD', `"${number}" is not held`, { key: scheme.key, number }));
  }
  const next = new Set(taken);
  next.delete(parsed.value);
  return ok(next);
}

/**
 * Port: allocates and releases numbers atomically in the tenant's store. Implementations must make
 * allocate() take the smallest free number with no number ever held twice, also under concurrency
 * (e.g. a unique (scheme_key, sequence) index and retry), and return NUMBER_RANGE_EXHAUSTED /
 * NUMBER_SCHEME_UNKNOWN as errors, never throw them.
 */
export interface NumberAllocator {
  /** Takes the smallest free number of the scheme (a reservation, purchase or rental was placed). */
  allocate(schemeKey: string): Promise<Result<AllocatedNumber, DomainError<NumberingErrorCode>>>;
  /** Frees a number (its order was cancelled); the scheme is identified from the number itself. */
  release(number: string): Promise<Result<void, DomainError<NumberingErrorCode>>>;
}
