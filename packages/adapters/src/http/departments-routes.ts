import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, defined, errorResponses, jsonBody } from './asset-views.js';
import {
  DepartmentFieldsSchema,
  DepartmentSchema,
  DepartmentTreeItemSchema,
  departmentView,
  treeView,
} from './department-views.js';
import { validationHook } from './errors.js';
import { BooleanQuery, SearchText, listFilters, pageSchema, pageView, pagingQuery } from './list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { tenantRoute } from './security/route.js';

const NewDepartmentSchema = DepartmentFieldsSchema.partial()
  .required({ name: true })
  .extend({ parentId: IdParam })
  .openapi('NewDepartment');
const DepartmentPatchSchema = DepartmentFieldsSchema.extend({ parentId: IdParam })
  .partial()
  .openapi('DepartmentPatch');
const ListQuery = z.object({
  providerId: IdParam.optional(),
  propertyId: IdParam.optional(),
  parentId: IdParam.optional(),
  name: SearchText.optional(),
  enabled: BooleanQuery.optional(),
  ...pagingQuery(['sortOrder', 'name', 'createdAt']),
});
const Params = z.object({ departmentId: IdParam });

/**
 * Departments (ORG-6) in the caller's scope: a tree per provider and property under the
 * first-level department made with it; added under a usable parent (ORG-8 gates on the owner),
 * moved without cycles, deleted as a flag (never the first-level one or one with sub-departments).
 */
export function departmentsRoutes(access: AccessRuntime) {
  const create = tenantRoute(access, 'department:create', {
    method: 'post',
    path: '/departments',
    tags: ['organisation'],
    summary: 'Add a department under a usable parent (ORG-6)',
    request: { body: { ...jsonBody(NewDepartmentSchema, 'the department'), required: true } },
    responses: { 201: jsonBody(DepartmentSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
  });
  const list = tenantRoute(access, 'department:list', {
    method: 'get',
    path: '/departments',
    tags: ['organisation'],
    summary: 'Search departments in your scope (ORG-6)',
    request: { query: ListQuery },
    responses: {
      200: jsonBody(pageSchema(DepartmentSchema, 'DepartmentPage'), 'one page'),
      ...errorResponses(400),
    },
  });
  const tree = tenantRoute(access, 'department:list', {
    method: 'get',
    path: '/departments/tree',
    tags: ['organisation'],
    summary: 'The department trees in your scope, in pre-order with depths (ORG-6, expand / collapse)',
    responses: { 200: jsonBody(z.object({ items: z.array(DepartmentTreeItemSchema) }), 'the trees') },
  });
  const update = tenantRoute(access, 'department:update', {
    method: 'patch',
    path: '/departments/{departmentId}',
    tags: ['organisation'],
    summary: 'Edit, enable / disable or move a department (ORG-6; DEPARTMENT_CYCLE for a move under itself)',
    request: { params: Params, body: { ...jsonBody(DepartmentPatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(DepartmentSchema, 'updated'), ...errorResponses(400, 404, 409, 422) },
  });
  const remove = tenantRoute(access, 'department:delete', {
    method: 'delete',
    path: '/departments/{departmentId}',
    tags: ['organisation'],
    summary: 'Delete a department (a flag; it can no longer be associated) (ORG-6)',
    request: { params: Params },
    responses: { 204: { description: 'deleted' }, ...errorResponses(404, 409, 422) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) =>
      c.json(departmentView(await tenantOf(c).departments.create(defined(c.req.valid('json')))), 201),
    )
    .openapi(list, async (c) => {
      const page = await tenantOf(c).departments.list(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, departmentView), 200);
    })
    .openapi(tree, async (c) => c.json({ items: treeView(await tenantOf(c).departments.tree()) }, 200))
    .openapi(update, async (c) => {
      const { departmentId } = c.req.valid('param');
      const updated = await tenantOf(c).departments.update(departmentId, defined(c.req.valid('json')));
      return c.json(departmentView(updated), 200);
    })
    .openapi(remove, async (c) => {
      await tenantOf(c).departments.delete(c.req.valid('param').departmentId);
      return c.body(null, 204);
    });
}
