// The access matrix (issue 10): generated from the served /openapi.json, it walks EVERY documented
// operation against one world built through the HTTP API (fixtures/access-world.ts) on the real
// services, and proves for each one:
//   1. without credentials (and with forged ones) → 401 UNAUTHENTICATED; public operations are
//      exactly PUBLIC_OPERATIONS;
//   2. a caller without the operation's permission (or on another plane) → 403 ACCESS_DENIED, and
//      the permission the document declares is the one the guard checks (an API key holding only it
//      passes the guard, one holding everything else does not);
//   3. a tenant-B caller holding the permission, naming tenant A's rows → 404, indistinguishable from
//      a row that exists nowhere, with none of A's identifying data; B's lists hold none of A's data;
//   4. the property-P1 manager (and the API key it made) naming property P2's rows → 404 likewise,
//      with none of P2's data; its lists hold no P2 rows;
//   5. app user U2 cannot read or stop U1's order (404), and each app user's list holds only their own.
// Every operation needs a SAMPLES entry building a valid request from the world: a new route without
// one fails here, and so does a route Hono serves that the document does not list.
import {
  APP_PERMISSIONS,
  PLATFORM_ROLE_GRANTS,
  TENANT_ROLE_PERMISSIONS,
  isPermission,
  type Permission,
} from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  STAFF_PASSWORD,
  WORLD_INVOICE_CONFIG,
  WORLD_PAYMENT_CONFIG,
  buildAccessWorld,
  fillPath,
  send,
  type AccessWorld,
  type Answer,
  type SampleRequest,
  type Slice,
  type WorldCaller,
} from './fixtures/access-world.js';
import { freshPhone } from './fixtures/api-stack.js';
import { propertyProfile, providerProfile } from './fixtures/organisation.js';

/** The only operations reachable without credentials. Anything else documented as public fails. */
const PUBLIC_OPERATIONS = new Set([
  'GET /health',
  'GET /openapi.json',
  'GET /docs',
  'POST /auth/sign-in',
  'POST /auth/sms-codes',
  'POST /auth/app-sign-in',
  'POST /auth/refresh',
  'POST /auth/sign-out',
  'POST /onboarding/sms-codes',
  'POST /onboarding/registrations',
  // PAY-1: a channel cannot sign in; its signature is the credential (unsigned → 401).
  'POST /payment-callbacks/{channel}/{tenantId}/{stationId}',
]);

/** Reads that show the catalogue, not rows: the controls do not look for the caller's own rows in them. */
const ROWLESS_READS = new Set([
  'GET /permissions',
  // SPEC §14: the image bytes name no row (its record is in GET /cameras/{cameraId}/snapshots).
  'GET /snapshots/{snapshotId}/image',
]);

/** Routes Hono serves that the document rightly leaves out (static assets of /docs). */
const UNDOCUMENTED_ROUTES = new Set(['GET /docs/assets/{file}']);

/**
 * What a caller outside the named rows' scope must get:
 * - `hidden`: the request names a row (path or body id) → 404 `…_NOT_FOUND`, the same answer as for
 *   a row that exists nowhere (the ghost slice), and none of the hidden rows' data;
 * - `filtered`: the request names no foreign row (a list, the caller's own things) → 2xx, without
 *   any foreign data;
 * - `out-of-scope` (property callers): the request would create something outside the caller's
 *   subtree → refused (404 or 422, `…_NOT_FOUND` / `…_OUT_OF_SCOPE`) without foreign data;
 * - `not-held`: a property-level role cannot hold the permission (platform-only) → 403;
 * - `anywhere` (app users): the operation is not owner-scoped (an app user starts charging at any
 *   charger of its tenant).
 */
type Expectation = 'hidden' | 'filtered' | 'out-of-scope' | 'not-held' | 'anywhere';

interface Sample {
  /** A valid request naming the rows of slice `t` (P1's, P2's, or the ghost's) of tenant A. */
  readonly build: (w: AccessWorld, t: Slice) => SampleRequest;
  /** Public operations: the status this sample gets without credentials. */
  readonly publicStatus?: number;
  /** Tenant and app planes: a tenant-B caller naming tenant A's rows (case 3). */
  readonly otherTenant?: 'hidden' | 'filtered';
  /** Tenant plane: a P1 caller naming P2's rows (case 4). */
  readonly otherProperty?: 'hidden' | 'filtered' | 'out-of-scope' | 'not-held';
  /** App plane: an app user naming another app user's order (case 5). */
  readonly otherOwner?: 'hidden' | 'filtered' | 'anywhere';
}

const FLAT_TARIFF = { kind: 'CAR', pricing: { mode: 'FLAT', energyPrice: '0.90', servicePrice: '0.30' } };
const placeOf = (t: Slice) => ({ level: 'PROPERTY', providerId: t.providerId, propertyId: t.propertyId });
/** A refresh token of the right shape that was never issued. */
const UNKNOWN_REFRESH_TOKEN = `rt_${'0'.repeat(32)}.${'A'.repeat(43)}`;

/**
 * One valid request per documented operation ("METHOD /path/{param}"), built from the world. Adding a
 * route means adding its sample here (see docs/auth.md, "Access test").
 */
const SAMPLES: Readonly<Record<string, Sample>> = {
  // Public: sign-in and the system routes.
  'GET /health': { publicStatus: 200, build: () => ({}) },
  'POST /payment-callbacks/{channel}/{tenantId}/{stationId}': {
    publicStatus: 401,
    build: (w, t) => ({
      params: { channel: 'sandbox', tenantId: w.a.tenantId, stationId: t.stationId },
      body: { kind: 'PAYMENT', no: 'PY-UNSIGNED', status: 'SUCCESS' },
    }),
  },
  'GET /openapi.json': { publicStatus: 200, build: () => ({}) },
  'GET /docs': { publicStatus: 200, build: () => ({}) },
  // A's administrator cannot sign in to tenant B with A's login.
  'POST /auth/sign-in': {
    publicStatus: 401,
    build: (w) => ({ body: { tenant: w.b.tenantId, phone: w.a.adminPhone, password: ADMIN_PASSWORD } }),
  },
  'POST /auth/sms-codes': {
    publicStatus: 202,
    build: (w) => ({ body: { tenant: w.a.tenantId, phone: w.fresh.smsPhone } }),
  },
  // No code was sent for U1's phone in tenant B.
  'POST /auth/app-sign-in': {
    publicStatus: 401,
    build: (w) => ({ body: { tenant: w.b.tenantId, phone: w.a.u1.phone, code: '123456' } }),
  },
  'POST /auth/refresh': {
    publicStatus: 401,
    build: () => ({ body: { refreshToken: UNKNOWN_REFRESH_TOKEN } }),
  },
  'POST /auth/sign-out': {
    publicStatus: 204,
    build: () => ({ body: { refreshToken: UNKNOWN_REFRESH_TOKEN } }),
  },

  // Control plane: writes name a tenant that does not exist, so a faulty guard could not harm the world.
  'POST /platform/tenants': { build: (w) => ({ body: { id: w.fresh.tenantId, name: 'Sample tenant' } }) },
  'GET /platform/tenants': { build: () => ({}) },
  'GET /platform/tenants/{tenantId}': { build: (w) => ({ params: { tenantId: w.a.tenantId } }) },
  'PUT /platform/tenants/{tenantId}/datasource': {
    build: (w) => ({
      params: { tenantId: w.fresh.tenantId },
      body: {
        address: '127.0.0.1:3306',
        account: 'u_sample',
        password: 'Sample#Db1pass',
        maxConnections: 2,
        minConnections: 1,
      },
    }),
  },
  'POST /platform/tenants/{tenantId}/datasource/implementation': {
    build: (w) => ({ params: { tenantId: w.fresh.tenantId }, body: { state: 'IMPLEMENTING' } }),
  },
  'DELETE /platform/tenants/{tenantId}/datasource': {
    build: (w) => ({ params: { tenantId: w.fresh.tenantId } }),
  },
  'POST /platform/tenants/{tenantId}/administrators': {
    build: (w) => ({
      params: { tenantId: w.fresh.tenantId },
      body: { phone: w.fresh.adminPhone, name: 'Sample administrator', password: STAFF_PASSWORD },
    }),
  },
  'GET /platform/users': { build: () => ({}) },
  'POST /platform/users': {
    build: (w) => ({
      body: { phone: w.fresh.platformPhone, name: 'Sample operator', password: 'Sample!Op1', roles: ['OPS'] },
    }),
  },
  'GET /platform/audit-log': { build: () => ({ query: { limit: '5' } }) },
  'GET /platform/sandbox/sms': { build: (w) => ({ query: { phone: w.a.u1.phone } }) },

  // Onboarding and contracts (TEN-1 … TEN-4): writes name rows that do not exist (a fresh tenant id,
  // a registration or contract nobody made), reads the world's own.
  'POST /onboarding/sms-codes': {
    publicStatus: 202,
    build: (w) => ({ body: { phone: w.fresh.registrantPhone } }),
  },
  // No code was sent for this phone.
  'POST /onboarding/registrations': {
    publicStatus: 401,
    build: (w) => ({
      body: { name: 'Lead', phone: w.fresh.platformPhone, source: 'WEB', code: '123456' },
    }),
  },
  'POST /platform/registrations': {
    build: (w) => ({ body: { name: 'Sample lead', phone: w.fresh.registrantPhone } }),
  },
  'GET /platform/registrations': { build: () => ({ query: { limit: '5' } }) },
  'GET /platform/registrations/{registrationId}': {
    build: (w) => ({ params: { registrationId: w.control.registrationId } }),
  },
  'POST /platform/registrations/{registrationId}/follow-ups': {
    build: () => ({
      params: { registrationId: 'no-such-registration' },
      body: { channel: 'PHONE', note: 'x' },
    }),
  },
  'POST /platform/registrations/{registrationId}/tenant': {
    build: (w) => ({
      params: { registrationId: 'no-such-registration' },
      body: { tenantId: w.fresh.tenantId },
    }),
  },
  'GET /platform/tenants/{tenantId}/profile': { build: (w) => ({ params: { tenantId: w.a.tenantId } }) },
  'PATCH /platform/tenants/{tenantId}/profile': {
    build: (w) => ({ params: { tenantId: w.fresh.tenantId }, body: { remarks: 'sample' } }),
  },
  'POST /platform/tenants/{tenantId}/open': { build: (w) => ({ params: { tenantId: w.fresh.tenantId } }) },
  'POST /platform/tenants/{tenantId}/close': { build: (w) => ({ params: { tenantId: w.fresh.tenantId } }) },
  'POST /platform/tenants/{tenantId}/contracts': {
    build: (w) => ({
      params: { tenantId: w.fresh.tenantId },
      body: {
        bankName: 'ICBC',
        legalRepresentative: 'Rep',
        accountNo: '6222020000000000',
        startDate: '2099-01-01',
        endDate: '2099-12-31',
        authorisedCommunityCount: 1,
        amount: '1.00',
        partyAContact: 'A',
        partyAPhone: '1',
        partyBContact: 'B',
        partyBPhone: '2',
      },
    }),
  },
  'GET /platform/contracts': { build: () => ({ query: { limit: '5' } }) },
  'GET /platform/contracts/{contractNo}': {
    build: (w) => ({ params: { contractNo: w.control.contractNo } }),
  },
  'POST /platform/contracts/{contractNo}/sign': { build: () => ({ params: { contractNo: 'CT99999999' } }) },
  'POST /platform/contracts/{contractNo}/amend': {
    build: () => ({ params: { contractNo: 'CT99999999' }, body: { endDate: '2099-12-30' } }),
  },
  'POST /platform/contracts/{contractNo}/terminate': {
    build: () => ({ params: { contractNo: 'CT99999999' }, body: { reason: 'sample' } }),
  },
  'GET /platform/sandbox/notices': { build: (w) => ({ query: { contractNo: w.control.contractNo } }) },

  // Tenant plane: organisation (ORG-2 … ORG-7). Creates get a fresh login phone on every request.
  'POST /providers': {
    otherTenant: 'filtered',
    otherProperty: 'not-held',
    build: () => ({ body: providerProfile('Sample provider', freshPhone()) }),
  },
  'GET /providers': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /providers/{providerId}': {
    otherTenant: 'hidden',
    otherProperty: 'filtered', // P1 and P2 share their provider
    build: (_w, t) => ({ params: { providerId: t.providerId } }),
  },
  'PATCH /providers/{providerId}': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope', // a property never edits its provider
    build: (_w, t) => ({ params: { providerId: t.providerId }, body: { contactName: 'Sample contact' } }),
  },
  'POST /providers/{providerId}/audit': {
    otherTenant: 'hidden',
    otherProperty: 'not-held',
    build: (_w, t) => ({ params: { providerId: t.providerId }, body: { decision: 'REJECT' } }),
  },
  'PUT /providers/{providerId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'not-held',
    build: (_w, t) => ({ params: { providerId: t.providerId }, body: { enabled: false } }),
  },
  'POST /properties': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({ body: propertyProfile(t.providerId, 'Sample property', freshPhone()) }),
  },
  'GET /properties': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'PATCH /properties/{propertyId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { propertyId: t.propertyId }, body: { contactName: 'Sample contact' } }),
  },
  'PUT /properties/{propertyId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { propertyId: t.propertyId }, body: { enabled: false } }),
  },
  'GET /permissions': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'POST /roles': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({ body: { name: 'Sample role', owner: placeOf(t), permissions: ['station:list'] } }),
  },
  'GET /roles': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'PATCH /roles/{roleId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { roleId: t.roleId }, body: { name: 'Sample role name' } }),
  },
  'PUT /roles/{roleId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { roleId: t.roleId }, body: { enabled: false } }),
  },
  'DELETE /roles/{roleId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { roleId: t.roleId } }),
  },
  'PUT /roles/{roleId}/users/{userId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { roleId: t.roleId, userId: t.userId } }),
  },
  'DELETE /roles/{roleId}/users/{userId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { roleId: t.roleId, userId: t.userId } }),
  },
  'POST /users': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (w, t) => ({
      body: {
        phone: w.fresh.staffPhone,
        name: 'Sample user',
        password: STAFF_PASSWORD,
        place: placeOf(t),
        roleIds: [t.roleId],
      },
    }),
  },
  'GET /users': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'PATCH /users/{userId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId }, body: { name: 'Sample name' } }),
  },
  'PUT /users/{userId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId }, body: { enabled: false } }),
  },
  'DELETE /users/{userId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId } }),
  },
  'PUT /users/{userId}/password': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId }, body: { password: STAFF_PASSWORD } }),
  },
  'POST /users/{userId}/stations': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId }, body: { stationId: t.stationId } }),
  },
  'DELETE /users/{userId}/stations/{stationId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { userId: t.userId, stationId: t.stationId } }),
  },
  'POST /departments': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ body: { parentId: t.departmentId, name: 'Sample department' } }),
  },
  'GET /departments': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '200' } }),
  },
  'GET /departments/tree': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'PATCH /departments/{departmentId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { departmentId: t.departmentId }, body: { name: 'Sample department' } }),
  },
  'DELETE /departments/{departmentId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { departmentId: t.departmentId } }),
  },
  'POST /posts': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ body: { departmentId: t.departmentId, name: 'Sample post' } }),
  },
  'GET /posts': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '200' } }),
  },
  'PATCH /posts/{postId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { postId: t.postId }, body: { name: 'Sample post' } }),
  },
  'DELETE /posts/{postId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { postId: t.postId } }),
  },
  'POST /api-keys': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ body: { name: 'Sample key', permissions: ['station:list'] } }),
  },
  'GET /api-keys': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'DELETE /api-keys/{keyId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { keyId: t.apiKeyId } }),
  },
  'GET /audit-log': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '200' } }),
  },

  // Tenant plane: assets and tariffs.
  'POST /stations': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ body: { propertyId: t.propertyId, name: 'Sample station' } }),
  },
  'GET /stations': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /stations/{stationId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId } }),
  },
  'PUT /stations/{stationId}/payment-config': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({
      params: { stationId: t.stationId },
      body: WORLD_PAYMENT_CONFIG,
    }),
  },
  'GET /stations/{stationId}/payment-config': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId } }),
  },
  'PUT /stations/{stationId}/invoice-config': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, body: WORLD_INVOICE_CONFIG }),
  },
  'GET /stations/{stationId}/invoice-config': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId } }),
  },
  'POST /stations/{stationId}/areas': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, body: { name: 'Sample area' } }),
  },
  // ASSET-4, ORG-8: enabling what is enabled leaves the world as it was.
  'PUT /stations/{stationId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, body: { enabled: true } }),
  },
  'PUT /areas/{areaId}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { areaId: t.areaId }, body: { enabled: true } }),
  },
  'GET /stations/{stationId}/areas': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId } }),
  },
  'POST /stations/{stationId}/chargers': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (w, t) => ({
      params: { stationId: t.stationId },
      body: { serialNo: w.fresh.serial, name: 'Sample charger', areaId: t.areaId },
    }),
  },
  'GET /stations/{stationId}/chargers': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId } }),
  },
  'GET /chargers/{serialNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial } }),
  },
  'POST /chargers/{serialNo}/connectors': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial }, body: { connectorNo: '9' } }),
  },
  'GET /chargers/{serialNo}/connectors': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial } }),
  },
  'PUT /chargers/{serialNo}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial }, body: { enabled: true } }),
  },
  'PUT /chargers/{serialNo}/sockets/{socketNo}/enabled': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial, socketNo: '1' }, body: { enabled: true } }),
  },
  'GET /chargers/{serialNo}/sockets': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial } }),
  },
  // ASSET-7 e-bike devices (the world's chargers are car chargers: PUT and DELETE answer 409 ASSET_NOT_EBIKE).
  'GET /chargers/{serialNo}/ebike-device': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial } }),
  },
  'PUT /chargers/{serialNo}/ebike-device': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({
      params: { serialNo: t.chargerSerial },
      body: {
        ratedPowerW: 2400,
        ratedVoltageV: 220,
        ratedCurrentMa: 10_000,
        currentUpperLimitMa: 12_000,
        currentLowerLimitMa: 50,
        socketCount: 10,
        productionDate: '2025-11-02',
        deploymentDate: '2026-01-15',
        location: 'Shed B',
      },
    }),
  },
  'DELETE /chargers/{serialNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { serialNo: t.chargerSerial } }),
  },
  'DELETE /areas/{areaId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { areaId: t.areaId } }),
  },
  'POST /stations/{stationId}/tariffs': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, body: { ...FLAT_TARIFF, areaId: t.areaId } }),
  },
  'POST /stations/{stationId}/tariff-test': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, body: { tariff: FLAT_TARIFF, energyWh: 1000 } }),
  },
  'GET /stations/{stationId}/tariffs': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { stationId: t.stationId }, query: { areaId: t.areaId } }),
  },

  // Tenant plane: charging orders.
  'POST /orders': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({
      body: { startWay: 'PLATFORM', chargerSerial: t.chargerSerial, connectorNo: t.connectorNo },
    }),
  },
  'GET /orders': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '100' } }),
  },
  'POST /orders/{orderNo}/refunds': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo }, body: { amount: '0.01', reason: 'sample' } }),
  },
  'GET /orders/{orderNo}/money': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo } }),
  },
  'POST /refunds/{refundNo}/retry': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { refundNo: `${t.orderNo}-PR` } }),
  },
  'GET /refunds': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: (_w, t) => ({ query: { stationId: t.stationId } }),
  },
  // INV-1..INV-3: invoices of a property's stations are hidden from other properties and tenants.
  'POST /orders/{orderNo}/invoices': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({
      params: { orderNo: t.orderNo },
      body: { title: 'Sample buyer', taxpayerId: '91110000600037341L', email: 'sample@example.cn' },
    }),
  },
  'GET /invoices': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '200' } }),
  },
  'GET /invoices/{invoiceNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { invoiceNo: t.invoiceNo } }),
  },
  'POST /invoices/{invoiceNo}/reissue': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { invoiceNo: t.invoiceNo } }),
  },
  'POST /invoices/{invoiceNo}/void': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { invoiceNo: t.invoiceNo } }),
  },
  'GET /invoices/{invoiceNo}/pdf': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { invoiceNo: t.invoiceNo } }),
  },
  'GET /payments': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ query: { limit: '200' } }),
  },
  // SPL-1: split settlements (split no. = `<orderNo>-S`).
  'GET /splits': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: (_w, t) => ({ query: { stationId: t.stationId } }),
  },
  'GET /splits/{splitNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { splitNo: `${t.orderNo}-S` } }),
  },
  'POST /splits/{splitNo}/retry': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { splitNo: `${t.orderNo}-S` } }),
  },
  'POST /splits/{splitNo}/reverse': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { splitNo: `${t.orderNo}-S` } }),
  },
  'GET /orders/{orderNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo } }),
  },
  'POST /orders/{orderNo}/stop': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo }, body: { by: 'OPERATOR' } }),
  },

  // Member centre (CARD-1 … CARD-3): rows of a property are hidden from other properties and tenants.
  'POST /card-products': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({
      body: {
        propertyId: t.propertyId,
        name: 'Sample product',
        kind: 'CAR',
        issueType: 'DIRECT',
        price: '0',
        faceValue: '0',
      },
    }),
  },
  'GET /card-products': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /card-products/{productId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { productId: t.cardProductId } }),
  },
  'POST /card-products/{productId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { productId: t.cardProductId }, body: { enabled: true } }),
  },
  // Parking (ASSET-6, RES-4): station-level rows, hidden from other properties and tenants.
  'POST /parking-spaces': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({ body: { areaId: t.areaId, name: 'Sample bay' } }),
  },
  'GET /parking-spaces': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /parking-spaces/{spaceId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { spaceId: t.spaceId } }),
  },
  'POST /parking-spaces/{spaceId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { spaceId: t.spaceId }, body: { enabled: true } }),
  },
  'POST /cameras': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({
      body: { areaId: t.areaId, serialNo: 'CAM-SAMPLE', ip: '10.0.0.1', name: 'Sample' },
    }),
  },
  'GET /cameras': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /cameras/{cameraId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cameraId: t.cameraId } }),
  },
  'POST /cameras/{cameraId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cameraId: t.cameraId }, body: { enabled: true } }),
  },
  // SPEC §14: camera commands and snapshots of a camera in scope.
  'POST /cameras/{cameraId}/commands': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cameraId: t.cameraId }, body: { type: 'REFRESH_STATE' } }),
  },
  'GET /cameras/{cameraId}/snapshots': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cameraId: t.cameraId } }),
  },
  'GET /snapshots/{snapshotId}/image': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { snapshotId: t.snapshotId } }),
  },
  'POST /chargers/{chargerId}/parking-flags': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { chargerId: t.chargerId }, body: { reservable: true } }),
  },
  'POST /whitelist': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({ body: { stationId: t.stationId, plate: '浙A99999' } }),
  },
  'GET /whitelist': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'PATCH /whitelist/{entryId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { entryId: t.whitelistEntryId }, body: { remark: 'sample' } }),
  },
  'DELETE /whitelist/{entryId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { entryId: t.whitelistEntryId } }),
  },
  // Reservations (RES-1, RES-2): the back office's search and platform end, in scope.
  'GET /reservations': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  // TAR-12: occupancy records of cars without a reservation, in scope.
  'GET /occupancy-records': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /reservations/{reservationNo}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { reservationNo: t.reservationNo } }),
  },
  'POST /reservations/{reservationNo}/end': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { reservationNo: t.reservationNo } }),
  },
  'POST /collective-accounts': {
    otherTenant: 'hidden',
    otherProperty: 'out-of-scope',
    build: (_w, t) => ({ body: { propertyId: t.propertyId, name: 'Sample account' } }),
  },
  'GET /collective-accounts': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /collective-accounts/{accountId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { accountId: t.collectiveAccountId } }),
  },
  'POST /collective-accounts/{accountId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { accountId: t.collectiveAccountId }, body: { enabled: true } }),
  },
  'POST /collective-accounts/{accountId}/recharges': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { accountId: t.collectiveAccountId }, body: { amount: '1.00' } }),
  },
  'GET /collective-accounts/{accountId}/ledger': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { accountId: t.collectiveAccountId } }),
  },
  'POST /cards': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (w, t) => ({
      body: {
        productId: t.cardProductId,
        collectiveAccountId: t.collectiveAccountId,
        holderPhone: '13800000000',
        holderName: 'Sample holder',
        printedNo: `PN-S-${w.run}`,
        chipNo: `IC-S-${w.run}`,
        validFrom: '2026-01-01T00:00:00Z',
        validTo: '2027-01-01T00:00:00Z',
      },
    }),
  },
  'GET /cards': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /cards/{cardId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cardId: t.cardId } }),
  },
  'POST /cards/{cardId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cardId: t.cardId }, body: { action: 'ENABLE' } }),
  },
  'POST /cards/{cardId}/recharges': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cardId: t.cardId }, body: { amount: '1.00' } }),
  },
  'GET /cards/{cardId}/ledger': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cardId: t.cardId } }),
  },
  'GET /cards/{cardId}/ledger/export': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { cardId: t.cardId } }),
  },

  // CARD-4: members (card holders) and vehicle owners (app users who charged in the caller's scope).
  'GET /members': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /members/{memberId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { memberId: t.memberId } }),
  },
  'PATCH /members/{memberId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { memberId: t.memberId }, body: { nickname: 'Sample' } }),
  },
  'GET /vehicle-owners': { otherTenant: 'filtered', otherProperty: 'filtered', build: () => ({}) },
  'GET /vehicle-owners/{ownerId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { ownerId: t.ownerId } }),
  },
  // Names no row: a new owner (a fresh phone each time) in the caller's own tenant.
  'POST /vehicle-owners': {
    otherTenant: 'filtered',
    otherProperty: 'filtered',
    build: () => ({ body: { phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } }),
  },
  'PATCH /vehicle-owners/{ownerId}': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { ownerId: t.ownerId }, body: { nickname: 'Sample' } }),
  },
  'POST /vehicle-owners/{ownerId}/verification': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { ownerId: t.ownerId }, body: { verified: true } }),
  },
  'POST /vehicle-owners/{ownerId}/status': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { ownerId: t.ownerId }, body: { enabled: true } }),
  },
  'POST /orders/{orderNo}/end': {
    otherTenant: 'hidden',
    otherProperty: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo }, body: {} }),
  },

  // App plane: the app user's own surface.
  'GET /me': { otherTenant: 'filtered', otherOwner: 'filtered', build: () => ({}) },
  'POST /me/orders': {
    otherTenant: 'hidden',
    otherOwner: 'anywhere',
    build: (_w, t) => ({
      body: { chargerSerial: t.chargerSerial, connectorNo: t.connectorNo, prepay: '10.00' },
    }),
  },
  'GET /me/orders': {
    otherTenant: 'filtered',
    otherOwner: 'filtered',
    build: () => ({ query: { limit: '100' } }),
  },
  'GET /me/orders/{orderNo}': {
    otherTenant: 'hidden',
    otherOwner: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo } }),
  },
  'POST /me/orders/{orderNo}/stop': {
    otherTenant: 'hidden',
    otherOwner: 'hidden',
    build: (_w, t) => ({ params: { orderNo: t.orderNo } }),
  },
  // RES-1: an app user reserves any space of its tenant; sees and cancels only its own reservations.
  'POST /me/reservations': {
    otherTenant: 'hidden',
    otherOwner: 'anywhere',
    build: (_w, t) => ({ body: { spaceId: t.spaceId, plate: '浙AD55555' } }),
  },
  'GET /me/reservations': { otherTenant: 'filtered', otherOwner: 'filtered', build: () => ({}) },
  'GET /me/reservations/{reservationNo}': {
    otherTenant: 'hidden',
    otherOwner: 'hidden',
    build: (_w, t) => ({ params: { reservationNo: t.reservationNo } }),
  },
  'POST /me/reservations/{reservationNo}/cancel': {
    otherTenant: 'hidden',
    otherOwner: 'hidden',
    build: (_w, t) => ({ params: { reservationNo: t.reservationNo } }),
  },
};

type Plane = 'platform' | 'tenant' | 'app';

/** One documented operation. */
interface Operation {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly permission: string | undefined;
  readonly plane: string | undefined;
  readonly security: unknown;
  readonly pathParams: readonly string[];
  readonly requiredQuery: readonly string[];
  readonly bodyRequired: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation of an OpenAPI document, sorted by path then method. */
function operationsOf(doc: { paths?: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const parameters = (op['parameters'] ?? []) as Array<{ in: string; name: string; required?: boolean }>;
      const body = op['requestBody'] as { required?: boolean } | undefined;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'] as string | undefined,
        plane: op['x-plane'] as string | undefined,
        security: op['security'],
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        requiredQuery: parameters.filter((p) => p.in === 'query' && p.required === true).map((p) => p.name),
        bodyRequired: body?.required === true,
      });
    }
  }
  return ops.sort((x, y) => x.path.localeCompare(y.path) || x.method.localeCompare(y.method));
}

// ————————————————————————————————————————————————— the matrix's book-keeping

const CASES = {
  c1: '1 no credentials → 401',
  c2: '2 without the permission → 403',
  c3: '3 tenant B on A’s rows → 404 / no A data',
  c4: '4 P1 on P2’s rows → 404 / no P2 data',
  c5: '5 U2 on U1’s order → 404 / own orders only',
  ctl: '0 controls (samples valid, rows visible)',
} as const;
type CaseId = keyof typeof CASES;

interface Failure {
  readonly case: CaseId;
  readonly op: string;
  readonly caller: string;
  readonly expected: string;
  readonly got: string;
  readonly leaked: readonly string[];
}

const stats = new Map<CaseId, { ops: Set<string>; checks: number; failures: number; leaks: number }>();
/** Per operation and case: checks run and checks failed (the grid of the summary). */
const cells = new Map<string, { checks: number; failed: number }>();
const failures: Failure[] = [];
const notApplicable = new Map<CaseId, Set<string>>();

function record(
  id: CaseId,
  op: string,
  caller: string,
  expected: string,
  answer: Answer,
  problems: readonly string[],
  leaked: readonly string[] = [],
): void {
  const s = stats.get(id) ?? { ops: new Set<string>(), checks: 0, failures: 0, leaks: 0 };
  stats.set(id, s);
  s.ops.add(op);
  s.checks += 1;
  if (leaked.length > 0) s.leaks += 1;
  const cell = cells.get(`${id} ${op}`) ?? { checks: 0, failed: 0 };
  cells.set(`${id} ${op}`, cell);
  cell.checks += 1;
  if (problems.length > 0 || leaked.length > 0) cell.failed += 1;
  if (problems.length === 0 && leaked.length === 0) return;
  s.failures += 1;
  failures.push({
    case: id,
    op,
    caller,
    expected,
    got: `${answer.status} ${[...problems, ...(leaked.length > 0 ? ['leaks foreign data'] : [])].join('; ')}: ${answer.text.slice(0, 400)}`,
    leaked,
  });
}

const skip = (id: CaseId, op: string) => {
  const set = notApplicable.get(id) ?? new Set<string>();
  set.add(op);
  notApplicable.set(id, set);
};

const failuresOf = (id: CaseId) =>
  failures
    .filter((f) => f.case === id)
    .map(
      (f) =>
        `${f.op} as ${f.caller}: expected ${f.expected}, got ${f.got}` +
        (f.leaked.length > 0 ? `\n    leaked: ${f.leaked.join(', ')}` : ''),
    );

// ————————————————————————————————————————————————— checks

const is2xx = (status: number) => status >= 200 && status < 300;
const codeOf = (answer: Answer): string => String(answer.body?.error?.code ?? '');

/** Tokens found in the answer that the request did not carry itself (an echo of the caller's own input discloses nothing). */
function leaksIn(answer: Answer, tokens: readonly string[], request: SampleRequest): string[] {
  const sent = JSON.stringify([request.params ?? {}, request.query ?? {}, request.body ?? null]);
  return tokens.filter((token) => answer.text.includes(token) && !sent.includes(token));
}

/** The ghost answer with the ghost's values put back to the real slice's, for comparison. */
function unghost(text: string, ghost: Slice, real: Slice): string {
  const pairs = (Object.keys(ghost) as Array<keyof Slice>)
    .filter((k) => ghost[k] !== real[k])
    .sort((x, y) => ghost[y].length - ghost[x].length);
  return pairs.reduce((out, k) => out.split(ghost[k]).join(real[k]), text);
}

const NOT_FOUND_CODE = /^[A-Z_]+_NOT_FOUND$/;

describe('access matrix: every documented operation (issue 10)', () => {
  let w: AccessWorld;
  let ops: Operation[];
  let routes: Array<{ method: string; path: string }>;
  /** Tenant A's rows as built, before any case ran. */
  let before: unknown;

  beforeAll(async () => {
    w = await buildAccessWorld();
    before = await w.snapshot();
    const doc = await send(w.app, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    ops = operationsOf(doc.body);
    routes = w.app.routes.map((r) => ({ method: r.method, path: r.path }));
  });

  afterAll(async () => {
    printSummary(ops ?? []);
    await w?.stop();
  });

  /** Sends a sample as a caller. */
  const sendAs = (op: Operation, caller: WorldCaller | null, req: SampleRequest, overrideBody?: unknown) =>
    send(w.app, op.method, fillPath(op.path, req.params), {
      ...(req.query === undefined ? {} : { query: req.query }),
      ...(overrideBody !== undefined
        ? { body: overrideBody }
        : req.body === undefined
          ? {}
          : { body: req.body }),
      headers: { ...(req.headers ?? {}), ...(caller?.headers ?? {}) },
    });

  const sampleOf = (op: Operation): Sample => {
    const sample = SAMPLES[op.key];
    if (sample === undefined) throw new Error(`no sample for ${op.key}`);
    return sample;
  };
  const secured = () => ops.filter((op) => op.permission !== 'public');
  const onPlane = (plane: Plane) => ops.filter((op) => op.plane === plane);

  /** Case 3/4/5 core: `caller` names the rows of `target`; the expectation decides what it must get. */
  const checkForeign = async (
    id: CaseId,
    op: Operation,
    caller: WorldCaller,
    expectation: Expectation,
    target: Slice,
    tokens: readonly string[],
  ) => {
    const sample = sampleOf(op);
    const req = sample.build(w, target);
    const answer = await sendAs(op, caller, req);
    const leaked = leaksIn(answer, tokens, req);
    const problems: string[] = [];
    switch (expectation) {
      case 'hidden': {
        if (answer.status !== 404) problems.push('not 404');
        if (!NOT_FOUND_CODE.test(codeOf(answer))) problems.push(`code ${codeOf(answer) || '(none)'}`);
        const ghost = await sendAs(op, caller, sample.build(w, w.ghost));
        if (ghost.status !== answer.status || unghost(ghost.text, w.ghost, target) !== answer.text) {
          problems.push(
            `differs from a row that exists nowhere (${ghost.status} ${ghost.text.slice(0, 200)})`,
          );
        }
        record(
          id,
          op.key,
          caller.name,
          '404 …_NOT_FOUND like a missing row, no foreign data',
          answer,
          problems,
          leaked,
        );
        return;
      }
      case 'filtered':
        if (!is2xx(answer.status)) problems.push('not 2xx');
        record(id, op.key, caller.name, '2xx without foreign data', answer, problems, leaked);
        return;
      case 'out-of-scope':
        if (answer.status !== 404 && answer.status !== 422) problems.push('not refused with 404/422');
        if (!/_NOT_FOUND$|_OUT_OF_SCOPE$/.test(codeOf(answer)))
          problems.push(`code ${codeOf(answer) || '(none)'}`);
        record(
          id,
          op.key,
          caller.name,
          'refused (404/422 …_NOT_FOUND/_OUT_OF_SCOPE), no foreign data',
          answer,
          problems,
          leaked,
        );
        return;
      case 'not-held':
        if (answer.status !== 403) problems.push('not 403');
        record(id, op.key, caller.name, '403 (a property role cannot hold it)', answer, problems, leaked);
        return;
      case 'anywhere':
        skip(id, op.key);
        return;
    }
  };

  it('the document lists every route, each operation declares its access, and each has a valid sample', () => {
    const problems: string[] = [];
    const documented = new Set(ops.map((op) => op.key));
    const served = new Set(
      routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    for (const route of served) {
      if (!documented.has(route) && !UNDOCUMENTED_ROUTES.has(route))
        problems.push(`${route}: served but not in /openapi.json`);
    }
    for (const op of ops) if (!served.has(op.key)) problems.push(`${op.key}: documented but not served`);
    const platformPermissions = new Set(Object.values(PLATFORM_ROLE_GRANTS).flatMap((g) => g.permissions));
    for (const op of ops) {
      if (op.permission === undefined) {
        problems.push(`${op.key}: no x-permission`);
        continue;
      }
      if (op.permission === 'public') {
        if (!PUBLIC_OPERATIONS.has(op.key))
          problems.push(`${op.key}: public, but not in the public allowlist`);
        if (JSON.stringify(op.security) !== '[]')
          problems.push(`${op.key}: public with security ${JSON.stringify(op.security)}`);
      } else {
        if (PUBLIC_OPERATIONS.has(op.key)) problems.push(`${op.key}: in the public allowlist but secured`);
        if (!isPermission(op.permission))
          problems.push(`${op.key}: x-permission ${op.permission} is not in the catalogue`);
        const security = JSON.stringify(op.security);
        if (security !== JSON.stringify([{ bearerAuth: [] }, { apiKeyAuth: [] }])) {
          problems.push(`${op.key}: security ${security}, expected bearerAuth | apiKeyAuth`);
        }
        const holders: Record<Plane, (p: Permission) => boolean> = {
          platform: (p) => platformPermissions.has(p),
          tenant: (p) => TENANT_ROLE_PERMISSIONS.includes(p),
          app: (p) => APP_PERMISSIONS.has(p),
        };
        const plane = op.plane as Plane | undefined;
        if (plane === undefined || !(plane in holders))
          problems.push(`${op.key}: x-plane ${String(op.plane)}`);
        else if (isPermission(op.permission) && !holders[plane](op.permission)) {
          problems.push(`${op.key}: ${op.permission} cannot be held by any caller of the ${plane} plane`);
        }
      }
      const sample = SAMPLES[op.key];
      if (sample === undefined) {
        problems.push(`${op.key}: no SAMPLES entry (add one: docs/auth.md, "Access test")`);
        continue;
      }
      const req = sample.build(w, w.a.p1);
      const given = Object.keys(req.params ?? {}).sort();
      if (JSON.stringify(given) !== JSON.stringify([...op.pathParams].sort())) {
        problems.push(`${op.key}: sample path params ${given.join(',')} ≠ ${op.pathParams.join(',')}`);
      }
      for (const name of op.requiredQuery)
        if (req.query?.[name] === undefined) problems.push(`${op.key}: sample lacks query ${name}`);
      if (op.bodyRequired && req.body === undefined)
        problems.push(`${op.key}: sample lacks the required body`);
      const needs: Record<string, ReadonlyArray<keyof Sample>> = {
        public: ['publicStatus'],
        platform: [],
        tenant: ['otherTenant', 'otherProperty'],
        app: ['otherTenant', 'otherOwner'],
      };
      for (const field of needs[op.permission === 'public' ? 'public' : String(op.plane)] ?? []) {
        if (sample[field] === undefined) problems.push(`${op.key}: sample lacks ${field}`);
      }
    }
    for (const key of Object.keys(SAMPLES))
      if (!documented.has(key)) problems.push(`${key}: a sample for no documented operation`);
    expect(problems).toEqual([]);
  });

  it('controls: every read sample is valid and shows the caller its own rows', async () => {
    const own = (t: Slice) =>
      (Object.keys(t) as Array<keyof Slice>)
        .filter((k) => k !== 'connectorNo' && k !== 'tenantId')
        .map((k) => t[k]);
    const check = async (op: Operation, caller: WorldCaller, target: Slice, tokens: readonly string[]) => {
      const req = sampleOf(op).build(w, target);
      const answer = await sendAs(op, caller, req);
      const problems = is2xx(answer.status) ? [] : ['not 2xx'];
      const shown = tokens.filter((t) => answer.text.includes(t));
      if (tokens.length > 0 && shown.length === 0 && !ROWLESS_READS.has(op.key))
        problems.push('shows none of the caller’s own rows');
      record('ctl', op.key, caller.name, '2xx showing own rows', answer, problems);
    };
    for (const op of ops.filter((o) => o.method === 'GET' && o.permission !== 'public')) {
      if (op.plane === 'platform') await check(op, w.callers.operator, w.a.p1, []);
      if (op.plane === 'tenant') {
        await check(op, w.callers.aAdmin, w.a.p1, own(w.a.p1));
        await check(op, w.callers.aAdmin, w.a.p2, own(w.a.p2));
        await check(op, w.callers.p1User, w.a.p1, own(w.a.p1));
      }
      if (op.plane === 'app') await check(op, w.callers.u1, w.a.p1, w.tokens.u1);
    }
    expect(failuresOf('ctl')).toEqual([]);
  });

  it('1. without credentials every secured operation is 401 UNAUTHENTICATED; public ones answer', async () => {
    const forged: Array<[string, Record<string, string> | null]> = [
      ['no credentials', null],
      ['a forged bearer token', { authorization: 'Bearer not.a.token' }],
      ['an unknown API key', { 'x-api-key': `cf_${'0'.repeat(24)}_${'A'.repeat(43)}` }],
    ];
    for (const op of ops) {
      const sample = sampleOf(op);
      const req = sample.build(w, w.a.p1);
      if (op.permission === 'public') {
        const answer = await sendAs(op, null, req);
        const problems = answer.status === sample.publicStatus ? [] : [`not ${sample.publicStatus}`];
        if (answer.status === 401 && answer.body?.error?.details?.reason === 'NO_CREDENTIALS')
          problems.push('asks for credentials');
        record('c1', op.key, 'anonymous', `${sample.publicStatus} (public)`, answer, problems);
        continue;
      }
      for (const [name, headers] of forged) {
        const answer = await sendAs(op, headers === null ? null : { name, headers }, req);
        const problems = answer.status === 401 ? [] : ['not 401'];
        if (codeOf(answer) !== 'UNAUTHENTICATED') problems.push(`code ${codeOf(answer) || '(none)'}`);
        record('c1', op.key, name, '401 { error: { code: UNAUTHENTICATED } }', answer, problems);
      }
    }
    expect(failuresOf('c1')).toEqual([]);
  });

  it('2. a caller without the permission, or on another plane, is 403; the declared permission is the one checked', async () => {
    const denied = async (op: Operation, caller: WorldCaller, why: string) => {
      const answer = await sendAs(op, caller, sampleOf(op).build(w, w.a.p1));
      const problems = answer.status === 403 ? [] : ['not 403'];
      if (codeOf(answer) !== 'ACCESS_DENIED') problems.push(`code ${codeOf(answer) || '(none)'}`);
      record('c2', op.key, `${caller.name} (${why})`, '403 ACCESS_DENIED', answer, problems);
    };
    for (const op of secured()) {
      const permission = op.permission as Permission;
      switch (op.plane) {
        case 'platform':
          await denied(op, w.callers.aAdmin, 'a tenant user on the control plane');
          await denied(op, w.callers.aKey, 'a machine client on the control plane');
          await denied(op, w.callers.u1, 'an app user on the control plane');
          break;
        case 'app':
          await denied(op, w.callers.aAdmin, 'back-office users hold no app permission');
          await denied(op, w.callers.aKey, 'a machine client on the app plane');
          await denied(op, w.callers.operator, 'the control plane on the app plane');
          break;
        case 'tenant': {
          await denied(op, w.callers.noPerm, 'a role without permissions');
          await denied(op, w.callers.u1, 'an app user on the tenant plane');
          await denied(op, w.callers.operator, 'the control plane inside a tenant');
          const allBut = await w.keyWith(TENANT_ROLE_PERMISSIONS.filter((p) => p !== permission));
          await denied(op, allBut, `every tenant permission but ${permission}`);
          // Only the declared permission: the guard lets it through (a ghost target and, for writes, an
          // invalid body make sure nothing is written).
          const only = await w.keyWith([permission]);
          const req = sampleOf(op).build(w, w.ghost);
          const answer = await sendAs(op, only, req, op.method === 'GET' ? undefined : []);
          const problems = answer.status === 401 || answer.status === 403 ? ['stopped by the guard'] : [];
          record(
            'c2',
            op.key,
            `an A key holding only ${permission}`,
            'past the guard (not 401/403)',
            answer,
            problems,
          );
          break;
        }
      }
    }
    expect(failuresOf('c2')).toEqual([]);
  });

  it('3. tenant B, holding the permission, never reaches tenant A’s rows', async () => {
    for (const op of ops) {
      const sample = sampleOf(op);
      if (op.plane === 'tenant' && sample.otherTenant !== undefined) {
        for (const caller of [w.callers.bAdmin, w.callers.bKey]) {
          await checkForeign('c3', op, caller, sample.otherTenant, w.a.p1, w.tokens.tenantA);
        }
      } else if (op.plane === 'app' && sample.otherTenant !== undefined) {
        await checkForeign('c3', op, w.callers.bApp, sample.otherTenant, w.a.p1, w.tokens.tenantA);
      } else skip('c3', op.key);
    }
    expect(failuresOf('c3')).toEqual([]);
  });

  it('5. an app user never reaches another app user’s order; lists hold only their own', async () => {
    for (const op of onPlane('app')) {
      const expectation = sampleOf(op).otherOwner ?? 'anywhere';
      await checkForeign('c5', op, w.callers.u2, expectation, w.a.p1, w.tokens.u1);
      await checkForeign('c5', op, w.callers.u1, expectation, w.a.p2, w.tokens.u2);
    }
    for (const op of ops.filter((o) => o.plane !== 'app')) skip('c5', op.key);
    // U1's and U2's lists: exactly their own order.
    const list = ops.find((o) => o.key === 'GET /me/orders');
    expect(list, 'GET /me/orders is documented').toBeDefined();
    for (const [caller, mine] of [
      [w.callers.u1, w.a.p1.orderNo],
      [w.callers.u2, w.a.p2.orderNo],
    ] as const) {
      const answer = await sendAs(list!, caller, sampleOf(list!).build(w, w.a.p1));
      const orderNos = ((answer.body?.items ?? []) as Array<{ orderNo: string }>).map((o) => o.orderNo);
      record(
        'c5',
        'GET /me/orders',
        caller.name,
        `exactly [${mine}]`,
        answer,
        orderNos.join() === mine ? [] : [`lists ${orderNos.join(', ')}`],
      );
    }
    expect(failuresOf('c5')).toEqual([]);
  });

  it('4. the property-P1 manager, and the API key it made, never reach property P2’s rows', async () => {
    // The manager's own key runs last: a key that escapes the property's scope writes into P2.
    for (const caller of [w.callers.p1User, w.callers.p1Key]) {
      for (const op of onPlane('tenant')) {
        const expectation = sampleOf(op).otherProperty;
        if (expectation === undefined) continue;
        await checkForeign('c4', op, caller, expectation, w.a.p2, w.tokens.p2);
      }
    }
    for (const op of ops.filter((o) => o.plane !== 'tenant')) skip('c4', op.key);
    // P1's lists show P1's station and order (so "no P2 rows" is not vacuous).
    for (const [path, token] of [
      ['/stations', w.a.p1.stationId],
      ['/orders', w.a.p1.orderNo],
    ] as const) {
      const answer = await send(w.app, 'GET', path, { headers: w.callers.p1User.headers });
      record(
        'c4',
        `GET ${path}`,
        w.callers.p1User.name,
        `lists ${token}`,
        answer,
        answer.text.includes(token) ? [] : ['own row missing'],
      );
    }
    expect(failuresOf('c4')).toEqual([]);
  });

  it('refused requests changed none of tenant A’s rows', async () => {
    // Taken after every case ran; the world as built is what the controls saw.
    const after = await w.snapshot();
    expect(after).toEqual(before);
  });
});

function printSummary(ops: readonly Operation[]): void {
  const byPlane = (plane: string) =>
    ops.filter((o) => (plane === 'public' ? o.permission === 'public' : o.plane === plane)).length;
  const lines = [
    '',
    `access matrix: ${ops.length} operations (${byPlane('public')} public, ${byPlane('platform')} platform, ${byPlane('tenant')} tenant, ${byPlane('app')} app)`,
    `${'case'.padEnd(46)}${'ops'.padStart(5)}${'n/a'.padStart(5)}${'checks'.padStart(8)}${'failed'.padStart(8)}${'leaks'.padStart(7)}`,
  ];
  let checks = 0;
  let failed = 0;
  let leaks = 0;
  let pairs = 0;
  for (const id of ['ctl', 'c1', 'c2', 'c3', 'c4', 'c5'] as const) {
    const s = stats.get(id) ?? { ops: new Set<string>(), checks: 0, failures: 0, leaks: 0 };
    const na = [...(notApplicable.get(id) ?? [])].filter((op) => !s.ops.has(op)).length;
    checks += s.checks;
    failed += s.failures;
    leaks += s.leaks;
    if (id !== 'ctl') pairs += s.ops.size;
    lines.push(
      `${CASES[id].padEnd(46)}${String(s.ops.size).padStart(5)}${String(na).padStart(5)}${String(s.checks).padStart(8)}${String(s.failures).padStart(8)}${String(s.leaks).padStart(7)}`,
    );
  }
  lines.push(
    '',
    `${'operation'.padEnd(62)}${['ctl', 'c1', 'c2', 'c3', 'c4', 'c5'].map((c) => c.padStart(7)).join('')}   (passed/run, ✗ failed, · n/a)`,
  );
  for (const op of ops) {
    const row = (['ctl', 'c1', 'c2', 'c3', 'c4', 'c5'] as const).map((id) => {
      const cell = cells.get(`${id} ${op.key}`);
      return (
        cell === undefined ? '·' : `${cell.checks - cell.failed}/${cell.checks}${cell.failed > 0 ? '✗' : ''}`
      ).padStart(7);
    });
    lines.push(`${op.key.padEnd(62)}${row.join('')}`);
  }
  lines.push(
    '',
    `total: ${pairs} operation × case pairs, ${checks} checks (requests judged), ${failed} failed, ${leaks} leaks (expected 0)`,
  );
  if (failures.length > 0) {
    lines.push('failures:');
    for (const f of failures) {
      lines.push(`  [${f.case}] ${f.op} as ${f.caller}: expected ${f.expected}; got ${f.got.slice(0, 240)}`);
      if (f.leaked.length > 0) lines.push(`      leaked: ${f.leaked.join(', ')}`);
    }
  }
  console.log(lines.join('\n'));
}
