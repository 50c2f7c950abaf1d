// The local stack's one simulator control over HTTP: a signed-in app user's car drives in front of
// the demo camera (RES-2). `POST /dev/cameras/{serialNo}/sightings { spaceNo, plate, direction,
// plateColour?, at? }` makes the simulated camera publish PLATE_RECOGNISED through the same device
// path as every event. Only the local stack (apps/dev) serves it; the production API has no /dev.
import type { HttpApp } from '@chargeflow/adapters';
import { z } from 'zod';
import type { LocalDevices } from './devices.js';

const PATH = /^\/dev\/cameras\/([A-Za-z0-9_.:-]{1,64})\/sightings$/;

const SightingSchema = z
  .object({
    spaceNo: z.string().min(1).max(64),
    plate: z.string().trim().min(7).max(8),
    direction: z.enum(['ENTER', 'LEAVE']),
    /** Default: GREEN for an 8-character new-energy plate, BLUE for a 7-character one (RES-4). */
    plateColour: z.enum(['GREEN', 'BLUE', 'YELLOW', 'WHITE', 'BLACK', 'OTHER']).optional(),
    /** Device time of the sighting (default now). */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

const error = (status: number, code: string, message: string, details: unknown = {}): Response =>
  Response.json({ error: { code, message, details } }, { status });

/** The API's fetch with the device controls in front of it. */
export function withDeviceControls(
  app: Pick<HttpApp, 'fetch' | 'request'>,
  devices: Pick<LocalDevices, 'sight'>,
): Pick<HttpApp, 'fetch'> {
  const fetch = (async (request: Request, ...rest: unknown[]) => {
    const match = PATH.exec(new URL(request.url).pathname);
    if (match === null)
      return (app.fetch as (r: Request, ...a: unknown[]) => Promise<Response>)(request, ...rest);
    if (request.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'POST a sighting');
    // The car is a signed-in app user's (the same token the API accepts for GET /me).
    const me = await app.request('/me', {
      headers: { authorization: request.headers.get('authorization') ?? '' },
    });
    if (me.status !== 200)
      return error(401, 'UNAUTHENTICATED', 'sign in as an app user to drive the demo car');
    const body = SightingSchema.safeParse(await request.json().catch(() => undefined));
    if (!body.success)
      return error(400, 'VALIDATION_FAILED', 'invalid sighting', { issues: body.error.issues });
    const { at, plateColour, ...sighting } = body.data;
    const plate = sighting.plate.toUpperCase();
    try {
      await devices.sight(
        match[1] ?? '',
        { ...sighting, plate, plateColour: plateColour ?? (plate.length === 8 ? 'GREEN' : 'BLUE') },
        at === undefined ? undefined : Date.parse(at),
      );
    } catch (cause) {
      return error(404, 'CAMERA_NOT_SIMULATED', cause instanceof Error ? cause.message : String(cause));
    }
    return new Response(null, { status: 202 });
  }) as HttpApp['fetch'];
  return { fetch };
}
