import { z } from '@hono/zod-openapi';
import type { AuditPage } from '../persistence/repositories/audit-log.js';
import { iso } from './asset-views.js';

/** The audit log's query: newest first, one page at a time. */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .transform((v) => (v === undefined ? undefined : Date.parse(v))),
});

/** One page of the audit log: who (caller kind and id), when, what (method, route, path, status, permission), from where. */
export const AuditPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        callerKind: z.string(),
        callerId: z.string(),
        scopeProviderId: z.string().nullable(),
        scopePropertyId: z.string().nullable(),
        method: z.string(),
        route: z.string(),
        path: z.string(),
        status: z.number().int(),
        permission: z.string(),
        requestId: z.string(),
        ip: z.string(),
      }),
    ),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('AuditPage');

/** A page as the API writes it. */
export const auditPageView = (page: AuditPage): z.infer<typeof AuditPageSchema> => ({
  ...page,
  items: page.items.map((entry) => ({ ...entry, at: iso(entry.at) })),
});
