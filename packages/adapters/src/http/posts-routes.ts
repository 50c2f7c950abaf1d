import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, defined, errorResponses, jsonBody } from './asset-views.js';
import { PostFieldsSchema, PostSchema, postView } from './department-views.js';
import { validationHook } from './errors.js';
import { BooleanQuery, SearchText, listFilters, pageSchema, pageView, pagingQuery } from './list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { tenantRoute } from './security/route.js';

const NewPostSchema = PostFieldsSchema.partial()
  .required({ name: true })
  .extend({ departmentId: IdParam })
  .openapi('NewPost');
const PostPatchSchema = PostFieldsSchema.extend({ departmentId: IdParam }).partial().openapi('PostPatch');
const ListQuery = z.object({
  departmentId: IdParam.optional(),
  name: SearchText.optional(),
  enabled: BooleanQuery.optional(),
  ...pagingQuery(['sortOrder', 'name', 'createdAt']),
});
const Params = z.object({ postId: IdParam });

/** Posts (岗位, ORG-7) in the caller's scope: each in a usable department; deleted as a flag. */
export function postsRoutes(access: AccessRuntime) {
  const create = tenantRoute(access, 'post:create', {
    method: 'post',
    path: '/posts',
    tags: ['organisation'],
    summary: 'Add a post to a usable department (ORG-7)',
    request: { body: { ...jsonBody(NewPostSchema, 'the post'), required: true } },
    responses: { 201: jsonBody(PostSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
  });
  const list = tenantRoute(access, 'post:list', {
    method: 'get',
    path: '/posts',
    tags: ['organisation'],
    summary: 'Search posts in your scope (ORG-7)',
    request: { query: ListQuery },
    responses: { 200: jsonBody(pageSchema(PostSchema, 'PostPage'), 'one page'), ...errorResponses(400) },
  });
  const update = tenantRoute(access, 'post:update', {
    method: 'patch',
    path: '/posts/{postId}',
    tags: ['organisation'],
    summary: 'Edit, enable / disable or move a post to another department of its organisation (ORG-7)',
    request: { params: Params, body: { ...jsonBody(PostPatchSchema, 'the changes'), required: true } },
    responses: { 200: jsonBody(PostSchema, 'updated'), ...errorResponses(400, 404, 409, 422) },
  });
  const remove = tenantRoute(access, 'post:delete', {
    method: 'delete',
    path: '/posts/{postId}',
    tags: ['organisation'],
    summary: 'Delete a post (a flag; it can no longer be associated) (ORG-7)',
    request: { params: Params },
    responses: { 204: { description: 'deleted' }, ...errorResponses(404) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) =>
      c.json(postView(await tenantOf(c).posts.create(defined(c.req.valid('json')))), 201),
    )
    .openapi(list, async (c) => {
      const page = await tenantOf(c).posts.list(listFilters(c.req.valid('query'), ['enabled']));
      return c.json(pageView(page, postView), 200);
    })
    .openapi(update, async (c) => {
      const updated = await tenantOf(c).posts.update(
        c.req.valid('param').postId,
        defined(c.req.valid('json')),
      );
      return c.json(postView(updated), 200);
    })
    .openapi(remove, async (c) => {
      await tenantOf(c).posts.delete(c.req.valid('param').postId);
      return c.body(null, 204);
    });
}
