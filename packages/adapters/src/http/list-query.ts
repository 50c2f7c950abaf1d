import { z } from '@hono/zod-openapi';
import { MAX_LIST_PAGE, type Page } from '../persistence/repositories/list-page.js';

// The paging, sorting and filter conventions of the organisation lists (ORG-2…7), after the order
// list's (ORD-9): `limit` 1 … 200 (default 20), `offset`, `sort` one of the list's fields, `order`
// asc | desc; substring filters match case-insensitively where the database's collation does.

/** `true` / `false` in a query string. */
export const BooleanQuery = z.enum(['true', 'false']);

/** A substring filter: 1 … 64 characters. */
export const SearchText = z.string().trim().min(1).max(64);

/** The paging and sorting parameters of a list sortable by `sorts`. */
export const pagingQuery = <const S extends readonly [string, ...string[]]>(sorts: S) => ({
  sort: z.enum(sorts).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_PAGE).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

/** The schema of one page of `item`. */
export const pageSchema = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .openapi(name);

/** A page as the API writes it. */
export const pageView = <R, V>(page: Page<R>, view: (record: R) => V) => ({
  items: page.items.map(view),
  total: page.total,
  limit: page.limit,
  offset: page.offset,
});

/**
 * The repository filters of a validated list query: drops absent values and turns `true`/`false`
 * strings into booleans (for the keys given).
 */
export function listFilters<Q extends Record<string, unknown>, K extends keyof Q>(
  query: Q,
  booleans: readonly K[] = [],
): { [P in keyof Q]: P extends K ? boolean : Exclude<Q[P], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[key] = (booleans as readonly string[]).includes(key) ? value === 'true' : value;
  }
  return out as never;
}

/** The body of an enable / disable request (ORG-8: a gate on children, never a cascade). */
export const EnabledSchema = z.object({ enabled: z.boolean() }).openapi('EnabledFlag');
