import type { Socket } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { HttpApp } from '@chargeflow/adapters';

/** What Node answers itself when a request cannot even be parsed (bad header bytes, oversize headers, …). */
const MALFORMED = JSON.stringify({
  error: { code: 'VALIDATION_FAILED', message: 'malformed HTTP request', details: { issues: [] } },
});

/**
 * Serves the HTTP app on host:port; resolves once listening. A request Node's parser refuses (a
 * header value with control characters, headers too large) is answered with the same JSON error
 * body as every other 400, instead of Node's bare "400 Bad Request" without a body.
 */
export function listen(app: Pick<HttpApp, 'fetch'>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(server));
    server.once('error', reject);
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const status =
        error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(MALFORMED)}\r\nConnection: close\r\n\r\n${MALFORMED}`,
      );
    });
  });
}
