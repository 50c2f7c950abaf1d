import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, errorResponses, jsonBody } from './asset-views.js';
import {
  CameraCommandBody,
  CameraCommandSchema,
  SnapshotListQuery,
  SnapshotSchema,
  cameraCommandView,
  snapshotView,
} from './camera-command-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const CameraParams = z.object({ cameraId: IdParam });
const SnapshotParams = z.object({ snapshotId: z.string().regex(/^[0-9a-f]{32}$/, 'a snapshot id') });
const IMAGE = z.string().openapi({ format: 'binary' });

/** SPEC §14 camera commands (restart, sync clock, snapshot, lock state, open/close lock) and snapshots. */
export function cameraCommandRoutes(access: AccessRuntime) {
  const command = securedRoute(
    access,
    { permission: 'camera:command', plane: 'tenant' },
    {
      method: 'post',
      path: '/cameras/{cameraId}/commands',
      tags: ['parking'],
      summary:
        'Send a camera a command (SPEC §14: RESTART, SYNC_CLOCK, SNAPSHOT, SYNC_LOCK_STATE, REFRESH_STATE, OPEN_LOCK / CLOSE_LOCK of one of its spaces)',
      request: {
        params: CameraParams,
        body: { ...jsonBody(CameraCommandBody, 'the command'), required: true },
      },
      responses: {
        202: jsonBody(CameraCommandSchema, 'sent; the camera answers with device events'),
        ...errorResponses(400, 404, 409, 422, 503),
      },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'camera:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cameras/{cameraId}/snapshots',
      tags: ['parking'],
      summary: 'The camera’s snapshots, newest first (SPEC §14 snapshot)',
      request: { params: CameraParams, query: SnapshotListQuery },
      responses: {
        200: jsonBody(z.object({ items: z.array(SnapshotSchema) }), 'snapshots'),
        ...errorResponses(400, 404, 503),
      },
    },
  );
  const image = securedRoute(
    access,
    { permission: 'camera:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/snapshots/{snapshotId}/image',
      tags: ['parking'],
      summary: 'The image of a snapshot, with its content type',
      request: { params: SnapshotParams },
      responses: {
        200: {
          content: { 'image/png': { schema: IMAGE }, 'image/jpeg': { schema: IMAGE } },
          description: 'the image bytes as the camera sent them',
        },
        ...errorResponses(400, 404, 503),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(command, async (c) => {
      const body = c.req.valid('json');
      const sent = await tenantOf(c).cameraCommands.send(c.req.valid('param').cameraId, {
        type: body.type,
        ...(body.spaceNo === undefined ? {} : { spaceNo: body.spaceNo }),
      });
      return c.json(cameraCommandView(sent), 202);
    })
    .openapi(list, async (c) => {
      const items = await tenantOf(c).snapshots.list(
        c.req.valid('param').cameraId,
        c.req.valid('query').limit,
      );
      return c.json({ items: items.map(snapshotView) }, 200);
    })
    .openapi(image, async (c) => {
      const { meta, bytes } = await tenantOf(c).snapshots.image(c.req.valid('param').snapshotId);
      return c.body(Buffer.from(bytes), 200, {
        'content-type': meta.contentType,
        'content-disposition': `inline; filename="snapshot-${meta.id}.${meta.contentType === 'image/png' ? 'png' : 'jpg'}"`,
      });
    });
}
