import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';

/** Largest page an organisation list returns. */
export const MAX_LIST_PAGE = 200;

/** Paging and sorting of a list: `sort` names one of the list's sortable fields. */
export interface ListPaging<S extends string = string> {
  readonly sort?: S;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly offset?: number;
}

/** One page of a list and the total number of matches. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** `LIKE` pattern of a substring, with the wildcards of the input escaped. */
export const containing = (text: string): { $like: string } => ({
  $like: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
});

/**
 * One page of `entity` rows matching `where`, sorted by `paging.sort` (default `defaultSort`) then
 * by id (a stable order); limit 1 … MAX_LIST_PAGE (default 20).
 */
export async function pageOf<Row extends object, S extends string>(
  em: EntityManager,
  entity: EntityName<Row>,
  where: FilterQuery<Row>,
  paging: ListPaging<S>,
  defaultSort: S,
): Promise<{ rows: Row[]; total: number; limit: number; offset: number }> {
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? 20)), MAX_LIST_PAGE);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const order = paging.order ?? 'asc';
  const orderBy = { [paging.sort ?? defaultSort]: order, id: order } as never;
  const [rows, total] = await em.findAndCount(entity, where, { orderBy, limit, offset });
  return { rows, total, limit, offset };
}
