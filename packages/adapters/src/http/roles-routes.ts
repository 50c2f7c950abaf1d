import { PERMISSIONS, PLATFORM_ONLY_PERMISSIONS, TENANT_ROLE_PERMISSIONS } from '@chargeflow/core';
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
import { OwnerSchema, RoleSchema, roleView } from './staff-views.js';

const PermissionList = z.array(z.string().min(1).max(64)).max(200);
const NewRoleSchema = z
  .object({
    name: NameSchema,
    owner: OwnerSchema,
    permissions: PermissionList,
    duties: z
      .array(z.enum(['OPS', 'DEV']))
      .max(2)
      .optional(),
  })
  .openapi('NewRole');
const RolePatchSchema = z
  .object({ name: NameSchema, permissions: PermissionList })
  .partial()
  .openapi('RolePatch');
const ListQuery = z.object({
  name: SearchText.optional(),
  enabled: BooleanQuery.optional(),
  ownerLevel: z.enum(['PLATFORM', 'PROVIDER', 'PROPERTY']).optional(),
  providerId: IdParam.optional(),
  propertyId: IdParam.optional(),
  ...pagingQuery(['name', 'createdAt']),
});
const CatalogueSchema = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        description: z.string(),
        /** Only a role owned by the tenant level (PLATFORM) may hold it. */
        platformOnly: z.boolean(),
      }),
    ),
  })
  .openapi('PermissionCatalogue');
const RoleParams = z.object({ roleId: IdParam });
const AssignParams = z.object({ roleId: IdParam, userId: IdParam });

/** The permissions a tenant's roles may hold, in catalogue order (the routes declare them, ORG-5). */
const CATALOGUE = {
  items: TENANT_ROLE_PERMISSIONS.map((code) => ({
    code,
    description: PERMISSIONS[code],
    platformOnly: PLATFORM_ONLY_PERMISSIONS.has(code),
  })),
};

/**
 * Roles (ORG-5) in the caller's scope and the permission catalogue they draw from: a disabled role
 * grants nothing and cannot be assigned; a role still assigned cannot be deleted. `forget` drops
 * cached principals, so a change of grants takes effect on the next request.
 */
export function rolesRoutes(access: AccessRuntime, forget: (tenantId: string) => void) {
  const catalogue = tenantRoute(access, 'role:list', {
    method: 'get',
    path: '/permissions',
    tags: ['organisation'],
    summary: 'The permission catalogue a tenant’s roles may hold (ORG-5)',
    responses: { 200: jsonBody(CatalogueSchema, 'the catalogue') },
  });
  const create = tenantRoute(access, 'role:create', {
    method: 'post',
    path: '/roles',
    tags: ['organisation'],
    summary: 'Add a role with permissions of the catalogue (ORG-5)',
    request: { body: { ...jsonBody(NewRoleSchema, 'the role'), required: true } },
    responses: { 201: jsonBody(RoleSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
  });
  const list = tenantRoute(access, 'role:list', {
    method: 'get',
    path: '/roles',
    tags: ['organisation'],
    summary: 'Search roles owned inside your scope (ORG-5)',
    request: { query: ListQuery },
    responses: { 200: jsonBody(pageSchema(RoleSchema, 'RolePage'), 'one page'), ...errorResponses(400) },
  });
  const update = tenantRoute(access, 'role:update', {
    method: 'patch',
    path: '/roles/{roleId}',
    tags: ['organisation'],
    summary: 'Rename a role or replace its permissions (ORG-5)',
    request: { params: RoleParams, body: { ...jsonBody(RolePatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(RoleSchema, 'updated'), ...errorResponses(400, 404, 422) },
  });
  const toggle = tenantRoute(access, 'role:toggle', {
    method: 'put',
    path: '/roles/{roleId}/enabled',
    tags: ['organisation'],
    summary: 'Enable or disable a role (ORG-5): a disabled role grants nothing and cannot be assigned',
    request: { params: RoleParams, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
    responses: { 200: jsonBody(RoleSchema, 'updated'), ...errorResponses(400, 404) },
  });
  const remove = tenantRoute(access, 'role:delete', {
    method: 'delete',
    path: '/roles/{roleId}',
    tags: ['organisation'],
    summary: 'Delete a role no user holds (ORG-5; ROLE_IN_USE otherwise)',
    request: { params: RoleParams },
    responses: { 204: { description: 'deleted' }, ...errorResponses(404, 409) },
  });
  const assign = tenantRoute(access, 'role:assign', {
    method: 'put',
    path: '/roles/{roleId}/users/{userId}',
    tags: ['organisation'],
    summary: 'Assign an enabled role to a user of its organisation (ORG-5; idempotent)',
    request: { params: AssignParams },
    responses: { 204: { description: 'assigned' }, ...errorResponses(404, 409, 422) },
  });
  const unassign = tenantRoute(access, 'role:assign', {
    method: 'delete',
    path: '/roles/{roleId}/users/{userId}',
    tags: ['organisation'],
    summary: 'Take a role from a user (ORG-5)',
    request: { params: AssignParams },
    responses: { 204: { description: 'unassigned' }, ...errorResponses(404) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(catalogue, (c) => c.json(CATALOGUE, 200))
    .openapi(create, async (c) => {
      const { duties, ...role } = c.req.valid('json');
      const created = await tenantOf(c).roles.create({
        ...role,
        ...(duties === undefined ? {} : { duties }),
      });
      return c.json(roleView(created), 201);
    })
    .openapi(list, async (c) => {
      const page = await tenantOf(c).roles.list(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, roleView), 200);
    })
    .openapi(update, async (c) => {
      const tenant = tenantOf(c);
      const role = await tenant.roles.update(c.req.valid('param').roleId, defined(c.req.valid('json')));
      forget(tenant.tenantId);
      return c.json(roleView(role), 200);
    })
    .openapi(toggle, async (c) => {
      const tenant = tenantOf(c);
      const role = await tenant.roles.setEnabled(c.req.valid('param').roleId, c.req.valid('json').enabled);
      forget(tenant.tenantId);
      return c.json(roleView(role), 200);
    })
    .openapi(remove, async (c) => {
      await tenantOf(c).roles.delete(c.req.valid('param').roleId);
      return c.body(null, 204);
    })
    .openapi(assign, async (c) => {
      const tenant = tenantOf(c);
      const { roleId, userId } = c.req.valid('param');
      await tenant.roles.assign(roleId, userId);
      forget(tenant.tenantId);
      return c.body(null, 204);
    })
    .openapi(unassign, async (c) => {
      const tenant = tenantOf(c);
      const { roleId, userId } = c.req.valid('param');
      await tenant.roles.unassign(roleId, userId);
      forget(tenant.tenantId);
      return c.body(null, 204);
    });
}
