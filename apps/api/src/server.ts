import { serve, type ServerType } from '@hono/node-server';
import type { HttpApp } from '@chargeflow/adapters';

/** Serves the HTTP app on host:port; resolves once listening. */
export function listen(app: HttpApp, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(server));
    server.once('error', reject);
  });
}
