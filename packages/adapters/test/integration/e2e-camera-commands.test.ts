// Camera commands and snapshots end to end on the REAL services (MariaDB, Temporal, Kafka, FerretDB):
// an operator POSTs a command over HTTP → the API's own producer puts it on the commands topic → the
// simulated camera answers on the events topic → the worker's ingestion stores the SNAPSHOT_TAKEN
// image in GridFS → the snapshot is listed and downloaded over HTTP with the same bytes (SPEC §14).
// Lock commands name one of the camera's spaces; a disabled camera refuses commands (ASSET-6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_SNAPSHOT_PNG } from '../../src/simulator/snapshot-image.js';
import type { CameraSimulator } from '../../src/simulator/camera-run.js';
import { call, type TenantFixture } from './fixtures/api-stack.js';
import { waitUntil } from './fixtures/e2e-stack.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

let e2e: TenantsE2e;
let tenant: TenantFixture;
let cameraId: string;
let cameraSerial: string;
let camera: CameraSimulator;

const post = (path: string, body: unknown) => call(e2e.api.app, 'POST', path, body, tenant.admin);
const get = (path: string) => call(e2e.api.app, 'GET', path, undefined, tenant.admin);

beforeAll(async () => {
  e2e = await startTenantsE2e(Date.now());
  const { api, worker } = e2e;
  tenant = await api.createTenant('cc');
  const site = await createChargingSite(api, tenant, `E2E-CC-${worker.run}`, {
    energyPrice: '1.00000',
    servicePrice: '0.00000',
  });
  const space = async (name: string) => {
    const res = await post('/parking-spaces', { areaId: site.areaId, name, chargerId: site.chargerId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return String(res.body.id);
  };
  const left = await space('C-1');
  const right = await space('C-2');
  await space('C-9'); // a space of the station no camera watches
  cameraSerial = `E2E-CCAM-${worker.run}`;
  const created = await post('/cameras', {
    areaId: site.areaId,
    serialNo: cameraSerial,
    ip: '10.3.0.7',
    name: 'Gate camera',
    leftSpaceId: left,
    rightSpaceId: right,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  cameraId = String(created.body.id);
  camera = await worker.startCamera(cameraSerial, ['C-1', 'C-2']);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('camera commands and snapshots on the real pipeline (SPEC §14, ASSET-6)', () => {
  it('§14 SNAPSHOT over HTTP → commands topic → the camera answers → the snapshot is listed and downloaded with the same bytes', async () => {
    const sent = await post(`/cameras/${cameraId}/commands`, { type: 'SNAPSHOT', spaceNo: 'C-2' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ cameraId, serialNo: cameraSerial, type: 'SNAPSHOT', spaceNo: 'C-2' });
    const commandId = String(sent.body.commandId);
    await waitUntil(
      () => camera.commands().some((c) => c.commandId === commandId),
      () => `commands seen: ${JSON.stringify(camera.commands())}`,
      60_000,
    );
    let items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 600 && items.length === 0; i += 1) {
      items = (await get(`/cameras/${cameraId}/snapshots`)).body.items;
      if (items.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      cameraId,
      serialNo: cameraSerial,
      spaceNo: 'C-2',
      commandId,
      contentType: 'image/png',
      sizeBytes: SIMULATED_SNAPSHOT_PNG.byteLength,
    });
    const image = await e2e.api.app.request(`/snapshots/${String(items[0]!.id)}/image`, {
      headers: tenant.admin,
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.equals(Buffer.from(SIMULATED_SNAPSHOT_PNG))).toBe(true);
  });

  it('§14 a manual OPEN_LOCK of a watched space opens it (LOCK_STATE OPEN on the events topic) and is in the audit log; REFRESH_STATE is acknowledged', async () => {
    const open = await post(`/cameras/${cameraId}/commands`, { type: 'OPEN_LOCK', spaceNo: 'C-1' });
    expect(open.status, JSON.stringify(open.body)).toBe(202);
    await waitUntil(
      () => camera.lockOf('C-1') === 'OPEN',
      () => `lock commands: ${JSON.stringify(camera.lockCommands())}`,
      60_000,
    );
    await waitUntil(
      () =>
        e2e.worker.events.some(
          (e) =>
            e.type === 'LOCK_STATE' &&
            e.serialNo === cameraSerial &&
            e.spaceNo === 'C-1' &&
            e.state === 'OPEN',
        ),
      () => 'no LOCK_STATE OPEN on the events topic',
    );
    const refresh = await post(`/cameras/${cameraId}/commands`, { type: 'REFRESH_STATE' });
    expect(refresh.status).toBe(202);
    await waitUntil(
      () =>
        e2e.worker.events.some(
          (e) =>
            e.type === 'COMMAND_ACK' && e.commandId === refresh.body.commandId && e.result === 'ACCEPTED',
        ),
      () => 'no COMMAND_ACK for REFRESH_STATE',
    );
    const audit = await get('/audit-log?limit=50');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        route: '/cameras/:cameraId/commands',
        path: `/cameras/${cameraId}/commands`,
        status: 202,
        permission: 'camera:command',
      }),
    );
  });

  it('ASSET-6 a lock command for a space the camera does not watch is 422, without a space 400; nothing is sent', async () => {
    const before = camera.commands().length;
    const other = await post(`/cameras/${cameraId}/commands`, { type: 'CLOSE_LOCK', spaceNo: 'C-9' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'CAMERA_SPACE_NOT_WATCHED' } });
    const missing = await post(`/cameras/${cameraId}/commands`, { type: 'OPEN_LOCK' });
    expect(missing.status).toBe(400);
    const restartWithSpace = await post(`/cameras/${cameraId}/commands`, { type: 'RESTART', spaceNo: 'C-1' });
    expect(restartWithSpace.status).toBe(400);
    expect(camera.commands()).toHaveLength(before);
  });

  it('ASSET-6 a disabled camera refuses commands with 409 CAMERA_DISABLED; enabled again it takes them', async () => {
    expect((await post(`/cameras/${cameraId}/status`, { enabled: false })).status).toBe(200);
    const refused = await post(`/cameras/${cameraId}/commands`, { type: 'RESTART' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'CAMERA_DISABLED' } });
    expect((await post(`/cameras/${cameraId}/status`, { enabled: true })).status).toBe(200);
    expect((await post(`/cameras/${cameraId}/commands`, { type: 'SYNC_CLOCK' })).status).toBe(202);
  });

  it('ORG-1 another tenant’s administrator sees neither the camera nor its snapshots (404)', async () => {
    const other = await e2e.api.createTenant('cx');
    const items = (await get(`/cameras/${cameraId}/snapshots`)).body.items as Array<{ id: string }>;
    const foreign = (path: string, body?: unknown) =>
      call(e2e.api.app, body === undefined ? 'GET' : 'POST', path, body, other.admin);
    expect((await foreign(`/cameras/${cameraId}/snapshots`)).status).toBe(404);
    expect((await foreign(`/snapshots/${items[0]!.id}/image`)).status).toBe(404);
    expect((await foreign(`/cameras/${cameraId}/commands`, { type: 'RESTART' })).status).toBe(404);
  });
});
