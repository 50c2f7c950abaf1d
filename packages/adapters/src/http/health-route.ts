import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { runProbes, type Probe } from '../health/probe.js';
import { jsonBody } from './asset-views.js';

const HealthSchema = z
  .object({
    status: z.enum(['up', 'down']),
    dependencies: z.array(
      z.object({
        name: z.string(),
        status: z.enum(['up', 'down']),
        endpoint: z.string(),
        detail: z.string(),
        latencyMs: z.number().int(),
      }),
    ),
  })
  .openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: "Every dependency's handshake: 200 when all are up, 503 otherwise",
  responses: {
    200: jsonBody(HealthSchema, 'every dependency answers'),
    503: jsonBody(HealthSchema, 'at least one dependency does not answer'),
  },
});

/** GET /health: every dependency's handshake; 200 when all are up, 503 otherwise. */
export function healthRoute(probes: () => readonly Probe[]) {
  return new OpenAPIHono().openapi(health, async (c) => {
    const dependencies = await runProbes(probes());
    const status = dependencies.every((d) => d.status === 'up') ? 'up' : 'down';
    return c.json({ status, dependencies }, status === 'up' ? 200 : 503);
  });
}
