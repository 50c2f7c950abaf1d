import { Hono } from 'hono';
import { runProbes, type Probe } from '../health/probe.js';

/** GET /health: every dependency's handshake; 200 when all are up, 503 otherwise. */
export function healthRoute(probes: () => readonly Probe[]): Hono {
  return new Hono().get('/health', async (c) => {
    const dependencies = await runProbes(probes());
    const status = dependencies.every((d) => d.status === 'up') ? 'up' : 'down';
    return c.json({ status, dependencies }, status === 'up' ? 200 : 503);
  });
}
