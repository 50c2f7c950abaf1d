import { loginPhoneSchema } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, NameSchema, defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import {
  BooleanQuery,
  EnabledSchema,
  SearchText,
  listFilters,
  pageSchema,
  pageView,
  pagingQuery,
} from './list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { tenantRoute } from './security/route.js';
import { PlaceSchema, StaffUserSchema, staffUserView } from './staff-views.js';

const Password = z
  .string()
  .min(1)
  .max(256)
  .openapi({ description: '≥ 8 characters with an upper-case letter, a digit and a special character' });

const NewUserSchema = z
  .object({
    phone: loginPhoneSchema,
    name: NameSchema,
    email: z.email().max(255).optional(),
    password: Password,
    place: PlaceSchema,
    roleIds: z.array(IdParam).max(50),
    departmentId: IdParam.optional(),
    postId: IdParam.optional(),
  })
  .openapi('NewStaffUser');

const UserPatchSchema = z
  .object({
    name: NameSchema,
    email: z.email().max(255).nullable(),
    departmentId: IdParam.nullable(),
    postId: IdParam.nullable(),
  })
  .partial()
  .openapi('StaffUserPatch');

const ListQuery = z.object({
  name: SearchText.optional(),
  phone: SearchText.optional(),
  type: z.enum(['SYSTEM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE']).optional(),
  providerId: IdParam.optional(),
  propertyId: IdParam.optional(),
  enabled: BooleanQuery.optional(),
  ...pagingQuery(['name', 'createdAt']),
});

const UserParams = z.object({ userId: IdParam });
const BindingParams = z.object({ userId: IdParam, stationId: IdParam });

/**
 * A tenant's back-office users (ORG-1, ORG-4) in the caller's scope: a caller creates and manages
 * users of its own subtree only, and binds stations it can see. `forget` drops cached principals of
 * the tenant, so a change (disable, delete, binding) takes effect on the next request.
 */
export function usersRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const create = tenantRoute(access, 'user:create', {
    method: 'post',
    path: '/users',
    tags: ['organisation'],
    summary: 'Add a back-office user at a place inside your scope, with roles, department, post (ORG-4)',
    request: { body: { ...jsonBody(NewUserSchema, 'the user'), required: true } },
    responses: { 201: jsonBody(StaffUserSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
  });
  const list = tenantRoute(access, 'user:list', {
    method: 'get',
    path: '/users',
    tags: ['organisation'],
    summary: 'Search back-office users inside your scope (ORG-4)',
    request: { query: ListQuery },
    responses: {
      200: jsonBody(pageSchema(StaffUserSchema, 'StaffUserPage'), 'one page'),
      ...errorResponses(400),
    },
  });
  const update = tenantRoute(access, 'user:update', {
    method: 'patch',
    path: '/users/{userId}',
    tags: ['organisation'],
    summary: 'Edit name, e-mail, department, post (ORG-4…7; the phone is the login and stays)',
    request: { params: UserParams, body: { ...jsonBody(UserPatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(StaffUserSchema, 'updated'), ...errorResponses(400, 404, 409, 422) },
  });
  const toggle = tenantRoute(access, 'user:toggle', {
    method: 'put',
    path: '/users/{userId}/enabled',
    tags: ['organisation'],
    summary: 'Enable or disable a login (ORG-4); a disabled user’s tokens stop working',
    request: { params: UserParams, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
    responses: { 200: jsonBody(StaffUserSchema, 'updated'), ...errorResponses(400, 404, 422) },
  });
  const remove = tenantRoute(access, 'user:delete', {
    method: 'delete',
    path: '/users/{userId}',
    tags: ['organisation'],
    summary: 'Delete a user with its role assignments and station bindings (ORG-4)',
    request: { params: UserParams },
    responses: { 204: { description: 'deleted' }, ...errorResponses(404, 422) },
  });
  const bind = tenantRoute(access, 'user:bind-station', {
    method: 'post',
    path: '/users/{userId}/stations',
    tags: ['organisation'],
    summary: 'Bind a station to a user: the user then sees only its bound stations (ORG-1)',
    request: {
      params: UserParams,
      body: {
        ...jsonBody(z.object({ stationId: IdParam }).openapi('StationBinding'), 'the station'),
        required: true,
      },
    },
    responses: { 200: jsonBody(StaffUserSchema, 'bound'), ...errorResponses(404, 422) },
  });
  const unbind = tenantRoute(access, 'user:bind-station', {
    method: 'delete',
    path: '/users/{userId}/stations/{stationId}',
    tags: ['organisation'],
    summary: 'Unbind a station; with the last one gone the user sees its whole organisation again (ORG-4)',
    request: { params: BindingParams },
    responses: { 200: jsonBody(StaffUserSchema, 'unbound'), ...errorResponses(404, 422) },
  });
  const reset = tenantRoute(access, 'user:reset-password', {
    method: 'put',
    path: '/users/{userId}/password',
    tags: ['organisation'],
    summary: 'Reset a user’s password (ORG-4); stored only as a slow salted hash',
    request: {
      params: UserParams,
      body: {
        ...jsonBody(z.object({ password: Password }).openapi('PasswordReset'), 'the new password'),
        required: true,
      },
    },
    responses: { 204: { description: 'reset' }, ...errorResponses(400, 404, 422) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const created = await tenantOf(c).staff.createUser(defined(c.req.valid('json')));
      return c.json(staffUserView(created), 201);
    })
    .openapi(list, async (c) => {
      const page = await tenantOf(c).staff.listUsers(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, staffUserView), 200);
    })
    .openapi(update, async (c) => {
      const user = await tenantOf(c).users.update(c.req.valid('param').userId, defined(c.req.valid('json')));
      return c.json(staffUserView(user), 200);
    })
    .openapi(toggle, async (c) => {
      const tenant = tenantOf(c);
      const user = await tenant.users.setEnabled(c.req.valid('param').userId, c.req.valid('json').enabled);
      forget(tenant.tenantId);
      return c.json(staffUserView(user), 200);
    })
    .openapi(remove, async (c) => {
      const tenant = tenantOf(c);
      await tenant.users.delete(c.req.valid('param').userId);
      forget(tenant.tenantId);
      return c.body(null, 204);
    })
    .openapi(bind, async (c) => {
      const tenant = tenantOf(c);
      const user = await tenant.staff.bindStation(c.req.valid('param').userId, c.req.valid('json').stationId);
      forget(tenant.tenantId);
      return c.json(staffUserView(user), 200);
    })
    .openapi(unbind, async (c) => {
      const tenant = tenantOf(c);
      const { userId, stationId } = c.req.valid('param');
      const user = await tenant.users.unbindStation(userId, stationId);
      forget(tenant.tenantId);
      return c.json(staffUserView(user), 200);
    })
    .openapi(reset, async (c) => {
      await tenantOf(c).users.resetPassword(c.req.valid('param').userId, c.req.valid('json').password);
      return c.body(null, 204);
    });
}
