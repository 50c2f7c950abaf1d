import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MemberRecord } from '../persistence/repositories/members.js';
import type { VehicleOwnerRecord } from '../persistence/repositories/vehicle-owners.js';
import { IdParam, defined, errorResponses, iso, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { PhoneSchema } from './order-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

// CARD-4: members (card holders) and vehicle owners (app users) in the back office.

/** What an operator edits on a member or an owner; null clears a field. */
const EditSchema = z.object({
  nickname: z.string().trim().min(1).max(64).nullable().optional(),
  name: z.string().trim().min(1).max(64).nullable().optional(),
  /** A mainland plate, e.g. 浙A12345 (fuel) or 浙AD12345 (new energy); else PLATE_INVALID. */
  plate: z.string().trim().min(1).max(16).nullable().optional(),
});
const PhoneQuery = z.object({
  /** The phone, or its beginning. */
  phone: z
    .string()
    .regex(/^\+?[0-9 -]{1,32}$/, 'digits of a phone number')
    .optional(),
});

/** What members and vehicle owners both show. */
const person = {
  id: z.string(),
  phone: z.string(),
  nickname: z.string().nullable(),
  name: z.string().nullable(),
  plate: z.string().nullable(),
};

const MemberSchema = z
  .object({
    ...person,
    /** The member's cards the caller may see. */
    cardIds: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Member');
const memberView = (m: MemberRecord): z.infer<typeof MemberSchema> => ({
  ...m,
  cardIds: [...m.cardIds],
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

const OwnerSchema = z
  .object({
    ...person,
    /** Verified owners may reserve (RES-1). */
    verified: z.boolean(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('VehicleOwner');
const ownerView = (o: VehicleOwnerRecord): z.infer<typeof OwnerSchema> => ({
  ...o,
  createdAt: iso(o.createdAt),
});

const MemberParams = z.object({ memberId: IdParam });
const OwnerParams = z.object({ ownerId: IdParam });
const body = <T extends z.ZodType>(schema: T, what: string) => ({
  ...jsonBody(schema, what),
  required: true,
});

/** Members and vehicle owners (CARD-4). */
export function memberRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const members = securedRoute(
    access,
    { permission: 'member:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/members',
      tags: ['members'],
      summary: 'Search members (card holders) by phone (CARD-4); those holding a card in your scope',
      request: { query: PhoneQuery },
      responses: {
        200: jsonBody(z.object({ items: z.array(MemberSchema) }), 'members'),
        ...errorResponses(400),
      },
    },
  );
  const member = securedRoute(
    access,
    { permission: 'member:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/members/{memberId}',
      tags: ['members'],
      summary: 'One member with the cards of theirs you may see',
      request: { params: MemberParams },
      responses: { 200: jsonBody(MemberSchema, 'the member'), ...errorResponses(404) },
    },
  );
  const editMember = securedRoute(
    access,
    { permission: 'member:update', plane: 'tenant' },
    {
      method: 'patch',
      path: '/members/{memberId}',
      tags: ['members'],
      summary: 'Edit a member’s nickname, name and plate (CARD-4)',
      request: { params: MemberParams, body: body(EditSchema, 'the fields to change') },
      responses: { 200: jsonBody(MemberSchema, 'the member'), ...errorResponses(400, 404, 422) },
    },
  );
  const owners = securedRoute(
    access,
    { permission: 'vehicle-owner:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/vehicle-owners',
      tags: ['members'],
      summary: 'Vehicle owners (app users), newest first; a property sees those who charged at its stations',
      request: { query: PhoneQuery },
      responses: {
        200: jsonBody(z.object({ items: z.array(OwnerSchema) }), 'owners'),
        ...errorResponses(400),
      },
    },
  );
  const owner = securedRoute(
    access,
    { permission: 'vehicle-owner:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/vehicle-owners/{ownerId}',
      tags: ['members'],
      summary: 'One vehicle owner',
      request: { params: OwnerParams },
      responses: { 200: jsonBody(OwnerSchema, 'the owner'), ...errorResponses(404) },
    },
  );
  const addOwner = securedRoute(
    access,
    { permission: 'vehicle-owner:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/vehicle-owners',
      tags: ['members'],
      summary: 'Add a vehicle owner (an app user who signs in by SMS code; the phone is unique)',
      request: { body: body(EditSchema.extend({ phone: PhoneSchema }), 'the owner') },
      responses: { 201: jsonBody(OwnerSchema, 'created'), ...errorResponses(400, 409, 422) },
    },
  );
  const editOwner = securedRoute(
    access,
    { permission: 'vehicle-owner:update', plane: 'tenant' },
    {
      method: 'patch',
      path: '/vehicle-owners/{ownerId}',
      tags: ['members'],
      summary: 'Edit a vehicle owner’s nickname, name and plate',
      request: { params: OwnerParams, body: body(EditSchema, 'the fields to change') },
      responses: { 200: jsonBody(OwnerSchema, 'the owner'), ...errorResponses(400, 404, 422) },
    },
  );
  const verify = securedRoute(
    access,
    { permission: 'vehicle-owner:verify', plane: 'tenant' },
    {
      method: 'post',
      path: '/vehicle-owners/{ownerId}/verification',
      tags: ['members'],
      summary: 'Verify a vehicle owner (verified owners may reserve, RES-1) or withdraw it',
      request: { params: OwnerParams, body: body(z.object({ verified: z.boolean() }), 'the verification') },
      responses: { 200: jsonBody(OwnerSchema, 'the owner'), ...errorResponses(400, 404) },
    },
  );
  const toggle = securedRoute(
    access,
    { permission: 'vehicle-owner:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/vehicle-owners/{ownerId}/status',
      tags: ['members'],
      summary: 'Enable or disable a vehicle owner (disabled: no sign-in, tokens refused: USER_DISABLED)',
      request: { params: OwnerParams, body: body(z.object({ enabled: z.boolean() }), 'the new state') },
      responses: { 200: jsonBody(OwnerSchema, 'the owner'), ...errorResponses(400, 404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(members, async (c) => {
      const found = await tenantOf(c).members.search(c.req.valid('query').phone);
      return c.json({ items: found.map(memberView) }, 200);
    })
    .openapi(member, async (c) =>
      c.json(memberView(await tenantOf(c).members.get(c.req.valid('param').memberId)), 200),
    )
    .openapi(editMember, async (c) => {
      const edited = await tenantOf(c).members.update(
        c.req.valid('param').memberId,
        defined(c.req.valid('json')),
      );
      return c.json(memberView(edited), 200);
    })
    .openapi(owners, async (c) => {
      const found = await tenantOf(c).vehicleOwners.list(c.req.valid('query').phone);
      return c.json({ items: found.map(ownerView) }, 200);
    })
    .openapi(owner, async (c) =>
      c.json(ownerView(await tenantOf(c).vehicleOwners.get(c.req.valid('param').ownerId)), 200),
    )
    .openapi(addOwner, async (c) => {
      const created = await tenantOf(c).vehicleOwners.create(defined(c.req.valid('json')));
      return c.json(ownerView(created), 201);
    })
    .openapi(editOwner, async (c) => {
      const edited = await tenantOf(c).vehicleOwners.update(
        c.req.valid('param').ownerId,
        defined(c.req.valid('json')),
      );
      return c.json(ownerView(edited), 200);
    })
    .openapi(verify, async (c) => {
      const { ownerId } = c.req.valid('param');
      return c.json(
        ownerView(await tenantOf(c).vehicleOwners.setVerified(ownerId, c.req.valid('json').verified)),
        200,
      );
    })
    .openapi(toggle, async (c) => {
      const { ownerId } = c.req.valid('param');
      const tenant = tenantOf(c);
      const owner = await tenant.vehicleOwners.setEnabled(ownerId, c.req.valid('json').enabled);
      forget(tenant.tenantId); // the owner's cached principal goes at once in this process
      return c.json(ownerView(owner), 200);
    });
}
