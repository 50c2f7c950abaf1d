import { loginPhoneSchema } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, NameSchema, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';
import {
  OwnerSchema,
  PlaceSchema,
  RoleSchema,
  StaffUserSchema,
  roleView,
  staffUserView,
} from './staff-views.js';

const NewRoleSchema = z
  .object({
    name: NameSchema,
    owner: OwnerSchema,
    permissions: z.array(z.string().min(1).max(64)).max(200),
    duties: z
      .array(z.enum(['OPS', 'DEV']))
      .max(2)
      .optional(),
  })
  .openapi('NewRole');

const NewUserSchema = z
  .object({
    phone: loginPhoneSchema,
    name: NameSchema,
    email: z.email().max(255).optional(),
    password: z
      .string()
      .min(1)
      .max(256)
      .openapi({ description: '≥ 8 characters with an upper-case letter, a digit and a special character' }),
    place: PlaceSchema,
    roleIds: z.array(IdParam).max(50),
  })
  .openapi('NewStaffUser');

const UserParams = z.object({ userId: IdParam });

/**
 * A tenant's back-office users and roles (ORG-1, ORG-4, ORG-5), in the caller's scope: a caller
 * creates users and roles of its own subtree only, and binds stations it can see. `forget` drops
 * cached principals of the tenant, so a change takes effect on the next request.
 */
export function staffRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const createRole = securedRoute(
    access,
    { permission: 'role:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/roles',
      tags: ['organisation'],
      summary: 'Add a role with permissions of the catalogue (ORG-5)',
      request: { body: { ...jsonBody(NewRoleSchema, 'the role'), required: true } },
      responses: { 201: jsonBody(RoleSchema, 'created'), ...errorResponses(404, 422) },
    },
  );
  const listRoles = securedRoute(
    access,
    { permission: 'role:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/roles',
      tags: ['organisation'],
      summary: 'Roles owned inside your scope',
      responses: { 200: jsonBody(z.object({ items: z.array(RoleSchema) }), 'roles') },
    },
  );
  const createUser = securedRoute(
    access,
    { permission: 'user:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/users',
      tags: ['organisation'],
      summary: 'Add a back-office user at a place inside your scope, with roles (ORG-4)',
      request: { body: { ...jsonBody(NewUserSchema, 'the user'), required: true } },
      responses: { 201: jsonBody(StaffUserSchema, 'created'), ...errorResponses(404, 409, 422) },
    },
  );
  const listUsers = securedRoute(
    access,
    { permission: 'user:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/users',
      tags: ['organisation'],
      summary: 'Back-office users inside your scope',
      responses: { 200: jsonBody(z.object({ items: z.array(StaffUserSchema) }), 'users') },
    },
  );
  const bind = securedRoute(
    access,
    { permission: 'user:bind-station', plane: 'tenant' },
    {
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
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createRole, async (c) => {
      const { duties, ...role } = c.req.valid('json');
      const created = await tenantOf(c).staff.createRole({
        ...role,
        ...(duties === undefined ? {} : { duties }),
      });
      return c.json(roleView(created), 201);
    })
    .openapi(listRoles, async (c) =>
      c.json({ items: (await tenantOf(c).staff.listRoles()).map(roleView) }, 200),
    )
    .openapi(createUser, async (c) => {
      const { email, ...user } = c.req.valid('json');
      const created = await tenantOf(c).staff.createUser({
        ...user,
        ...(email === undefined ? {} : { email }),
      });
      return c.json(staffUserView(created), 201);
    })
    .openapi(listUsers, async (c) =>
      c.json({ items: (await tenantOf(c).staff.listUsers()).map(staffUserView) }, 200),
    )
    .openapi(bind, async (c) => {
      const tenant = tenantOf(c);
      const user = await tenant.staff.bindStation(c.req.valid('param').userId, c.req.valid('json').stationId);
      forget(tenant.tenantId);
      return c.json(staffUserView(user), 200);
    });
}
