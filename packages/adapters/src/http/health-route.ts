import { OpenAPIHono, z } from '@hono/zod-openapi';
import { permissionsOf } from '../access/caller.js';
import { runProbes, type Probe } from '../health/probe.js';
import { jsonBody } from './asset-views.js';
import type { AppEnv } from './security/env.js';
import type { AccessRuntime } from './security/guard.js';
import { publicRoute } from './security/route.js';

const HealthSchema = z
  .object({
    status: z.enum(['up', 'down']),
    /** Only for a caller holding `system:health`: each dependency's endpoint, answer and latency. */
    dependencies: z
      .array(
        z.object({
          name: z.string(),
          status: z.enum(['up', 'down']),
          endpoint: z.string(),
          detail: z.string(),
          latencyMs: z.number().int(),
        }),
      )
      .optional(),
  })
  .openapi('Health');

/**
 * GET /health: public up/down (200/503) for load balancers; the details (endpoints, versions,
 * the worker's identity) only for an authenticated caller holding `system:health` (issue 9 item 6).
 */
export function healthRoute(probes: () => readonly Probe[], access: AccessRuntime) {
  const health = publicRoute({
    method: 'get',
    path: '/health',
    tags: ['system'],
    summary: 'Up or down (200/503); with credentials holding system:health, every dependency’s handshake',
    responses: {
      200: jsonBody(HealthSchema, 'every dependency answers'),
      503: jsonBody(HealthSchema, 'at least one dependency does not answer'),
    },
  });
  return new OpenAPIHono<AppEnv>().openapi(health, async (c) => {
    const dependencies = await runProbes(probes());
    const status = dependencies.every((d) => d.status === 'up') ? 'up' : 'down';
    const authorization = c.req.header('authorization');
    const apiKey = c.req.header('x-api-key');
    let details = false;
    if (authorization !== undefined || apiKey !== undefined) {
      const caller = await access
        .resolveCaller({
          ...(authorization === undefined ? {} : { authorization }),
          ...(apiKey === undefined ? {} : { apiKey }),
        })
        .catch(() => null);
      details = caller !== null && permissionsOf(caller).has('system:health');
    }
    return c.json(details ? { status, dependencies } : { status }, status === 'up' ? 200 : 503);
  });
}
