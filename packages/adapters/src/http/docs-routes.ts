import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './security/env.js';
import { publicRoute } from './security/route.js';

/** The interactive docs' assets, served from the swagger-ui-dist package (nothing is fetched from elsewhere). */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** Where the swagger-ui-dist package is installed. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chargeflow API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true });`;

/** GET /openapi.json (the document) and GET /docs (Swagger UI over it), both public. */
export function docsRoutes(document: () => object) {
  const openapi = publicRoute({
    method: 'get',
    path: '/openapi.json',
    tags: ['system'],
    summary: 'This OpenAPI document',
    responses: {
      200: {
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        description: 'the document',
      },
    },
  });
  const docs = publicRoute({
    method: 'get',
    path: '/docs',
    tags: ['system'],
    summary: 'Interactive API docs (Swagger UI) over /openapi.json',
    responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'the page' } },
  });
  const cache = new Map<string, Promise<Buffer>>();
  const asset = (file: string) => {
    let loaded = cache.get(file);
    if (loaded === undefined) {
      loaded = readFile(join(SWAGGER_UI_DIR, file));
      cache.set(file, loaded);
    }
    return loaded;
  };
  return new OpenAPIHono<AppEnv>()
    .openapi(openapi, (c) => c.json(document() as Record<string, unknown>, 200))
    .openapi(docs, (c) => c.html(PAGE, 200))
    .get('/docs/assets/:file', async (c) => {
      const file = c.req.param('file');
      if (file === 'init.js') return c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
      const type = DOCS_ASSETS[file];
      if (type === undefined)
        return c.json({ error: { code: 'NOT_FOUND', message: 'no such asset', details: {} } }, 404);
      return c.body(new Uint8Array(await asset(file)), 200, {
        'content-type': type,
        'cache-control': 'public, max-age=86400',
      });
    });
}
