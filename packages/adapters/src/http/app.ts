import { Hono } from 'hono';
import type { Probe } from '../health/probe.js';
import { healthRoute } from './health-route.js';

export interface HttpDependencies {
  /** The dependencies /health reports on (read on each request, so late-started ones appear). */
  readonly probes: () => readonly Probe[];
}

/** The chargeflow HTTP API. Routers are composed here; each route file is about one resource. */
export function createHttpApp(deps: HttpDependencies) {
  const app = new Hono();
  app.route('/', healthRoute(deps.probes));
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    console.error(error);
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
  });
  return app;
}

export type HttpApp = ReturnType<typeof createHttpApp>;
