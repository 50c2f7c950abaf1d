// Issue 9 items 4 and 5: the shared edge (body limit, media type, methods) and an OpenAPI document
// that says what the server enforces. No database is touched: these answers come before any route code.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { stubHttpApp } from './test-support.js';

const app = stubHttpApp({ bodyLimitBytes: 1024 });

interface Operation {
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const documented = async (): Promise<Document> =>
  (await (await app.request('/openapi.json')).json()) as Document;
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
  );

describe('the HTTP edge (issue 9: body limit, media type, methods, documented statuses)', () => {
  it('item 4: a body above the limit is 413 PAYLOAD_TOO_LARGE with the JSON error body', async () => {
    const res = await app.request('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000000', password: 'x'.repeat(2048) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), details: { maxBytes: 1024 } },
    });
  });

  it('item 5: a wrong content type is 415 UNSUPPORTED_MEDIA_TYPE (a code docs/api.md lists)', async () => {
    const res = await app.request('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'phone=x',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('item 5: TRACE on a known path is 405 METHOD_NOT_ALLOWED with Allow; an unknown path stays 404', async () => {
    // fetch() refuses to send TRACE, so this goes over a loopback socket to the node server.
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (method: string, path: string) =>
      new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const trace = await send('TRACE', '/stations');
      expect(trace.status).toBe(405);
      expect(trace.allow).toBe('GET, HEAD, POST');
      expect((JSON.parse(trace.body) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
      expect((await send('DELETE', '/stations/abc/chargers')).status).toBe(405);
      expect((await send('TRACE', '/nowhere')).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('item 5: /health is in the document with its 200 and 503 answers', async () => {
    const doc = await documented();
    expect(Object.keys(doc.paths['/health']?.['get']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '503']),
    );
  });

  it('item 5 / issue 10: every operation documents 400 and 500, with a body 413 and 415, secured ones 401 and 403, with the Error schema', async () => {
    const doc = await documented();
    const missing: string[] = [];
    for (const { id, op } of operations(doc)) {
      const secured = ((op as { security?: unknown[] }).security ?? []).length > 0;
      const needed = [
        '400',
        '500',
        ...(op.requestBody === undefined ? [] : ['413', '415']),
        ...(secured ? ['401', '403'] : []),
      ];
      for (const status of needed) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        if (JSON.stringify(schema) !== JSON.stringify({ $ref: '#/components/schemas/Error' })) {
          missing.push(`${id} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(operations(doc).length).toBeGreaterThanOrEqual(40);
  });

  it('item 5: the schemas carry the limits the code checks (prepay, unit price, time zone, integers, lengths)', async () => {
    const text = JSON.stringify(await documented());
    const schemas = (await documented()).components.schemas as Record<string, Record<string, unknown>>;
    const start = JSON.stringify(schemas['StartOrder']);
    expect(start).toContain('100000'); // the prepay pattern bounds it at 100000.00
    expect(text).toContain('(?:\\\\d{1,2}(?:\\\\.\\\\d{1,5})?|100(?:\\\\.0{1,5})?)'); // unit price 0 … 100
    expect(JSON.stringify(schemas['NewStation'])).toContain('Asia/Shanghai');
    expect(JSON.stringify(schemas['NewCharger'])).toContain('"maximum":10000000');
    expect(JSON.stringify(schemas['NewStation'])).toContain('"maxLength":128');
    expect(JSON.stringify(schemas['Money'])).toContain('"maximum":1000000000000000');
  });
});
