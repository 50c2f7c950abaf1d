import { DomainError } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { OnboardingServices } from '../onboarding/services.js';
import { errorResponses, jsonBody } from './asset-views.js';
import {
  CONTRACT_STATUSES,
  ContractDetailSchema,
  ContractSchema,
  DateText,
  NewContractSchema,
  NoticeSchema,
  contractDetailView,
  contractView,
  noticeView,
} from './contract-views.js';
import { ErrorSchema, validationHook } from './errors.js';
import { PageQuery, enumList, pageSchema } from './onboarding-views.js';
import type { AppEnv } from './security/env.js';
import { principalOfPlatform, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const TenantParams = z.object({ tenantId: z.string().min(1).max(32) });
const ContractParams = z.object({ contractNo: z.string().min(1).max(16) });
const workflowDown = {
  503: jsonBody(ErrorSchema, 'CONTRACT_WORKFLOW_UNAVAILABLE: Temporal did not take the contract'),
};

/**
 * Contracts (TEN-4) on the control plane: each is a `contractWorkflow` (workflow id
 * `contract-<tenant>-<contractNo>`); sign, amend and terminate are updates on it, answered once it
 * has recorded the change; the detail shows the workflow's live state.
 */
export function contractRoutes(access: AccessRuntime, onboarding: OnboardingServices) {
  const rule = (permission: Parameters<typeof securedRoute>[1]['permission']) =>
    ({ permission, plane: 'platform' }) as const;
  const create = securedRoute(access, rule('contract:create'), {
    method: 'post',
    path: '/platform/tenants/{tenantId}/contracts',
    tags: ['contracts'],
    summary: 'TEN-3, TEN-4: add a contract (DRAFT) and start its workflow; the profile must be complete',
    request: { params: TenantParams, body: { ...jsonBody(NewContractSchema, 'the terms'), required: true } },
    responses: {
      201: jsonBody(ContractDetailSchema, 'created'),
      ...errorResponses(404, 409, 422),
      ...workflowDown,
    },
  });
  const list = securedRoute(access, rule('contract:list'), {
    method: 'get',
    path: '/platform/contracts',
    tags: ['contracts'],
    summary: 'TEN-4: contracts, newest first, by tenant and status',
    request: {
      query: z.object({
        tenantId: z.string().min(1).max(32).optional(),
        status: enumList(CONTRACT_STATUSES).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: jsonBody(pageSchema(ContractSchema), 'one page'),
    },
  });
  const get = securedRoute(access, rule('contract:list'), {
    method: 'get',
    path: '/platform/contracts/{contractNo}',
    tags: ['contracts'],
    summary: 'TEN-4: one contract with its workflow’s live state (timers, notice, tenant closed)',
    request: { params: ContractParams },
    responses: { 200: jsonBody(ContractDetailSchema, 'the contract'), ...errorResponses(404) },
  });
  const sign = securedRoute(access, rule('contract:sign'), {
    method: 'post',
    path: '/platform/contracts/{contractNo}/sign',
    tags: ['contracts'],
    summary: 'TEN-4: sign a DRAFT (→ SIGNED; → ACTIVE at once when the start date has come)',
    request: { params: ContractParams },
    responses: { 200: jsonBody(ContractDetailSchema, 'signed'), ...errorResponses(404, 409, 422) },
  });
  const amend = securedRoute(access, rule('contract:update'), {
    method: 'post',
    path: '/platform/contracts/{contractNo}/amend',
    tags: ['contracts'],
    summary: 'TEN-4: new dates (an ACTIVE contract keeps its start date); the workflow’s timers follow',
    request: {
      params: ContractParams,
      body: {
        ...jsonBody(
          z
            .object({ startDate: DateText.optional(), endDate: DateText.optional() })
            .openapi('ContractAmendment'),
          'the new dates',
        ),
        required: true,
      },
    },
    responses: { 200: jsonBody(ContractDetailSchema, 'amended'), ...errorResponses(404, 409, 422) },
  });
  const terminate = securedRoute(access, rule('contract:terminate'), {
    method: 'post',
    path: '/platform/contracts/{contractNo}/terminate',
    tags: ['contracts'],
    summary: 'TEN-4: end a contract now (→ TERMINATED; the tenant is closed when no active contract remains)',
    request: {
      params: ContractParams,
      body: {
        ...jsonBody(
          z.object({ reason: z.string().trim().min(1).max(255) }).openapi('ContractTermination'),
          'why',
        ),
        required: true,
      },
    },
    responses: { 200: jsonBody(ContractDetailSchema, 'terminated'), ...errorResponses(404, 409, 422) },
  });
  const notices = securedRoute(access, rule('contract:list'), {
    method: 'get',
    path: '/platform/sandbox/notices',
    tags: ['contracts'],
    summary:
      'Notices the sandbox notifier recorded, newest first (409 NOTICE_SANDBOX_DISABLED with another notifier)',
    request: { query: z.object({ contractNo: z.string().min(1).max(16).optional() }) },
    responses: {
      200: jsonBody(z.object({ items: z.array(NoticeSchema) }), 'notices'),
      ...errorResponses(409),
    },
  });

  const { contracts } = onboarding;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const detail = await contracts.create(
        c.req.valid('param').tenantId,
        c.req.valid('json'),
        principalOfPlatform(c).userId,
      );
      c.header('Location', `/platform/contracts/${detail.contract.contractNo}`);
      return c.json(contractDetailView(detail), 201);
    })
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const page = await contracts.list(query);
      return c.json(
        { ...page, items: page.items.map(contractView), limit: query.limit, offset: query.offset },
        200,
      );
    })
    .openapi(get, async (c) =>
      c.json(contractDetailView(await contracts.get(c.req.valid('param').contractNo)), 200),
    )
    .openapi(sign, async (c) => {
      const detail = await contracts.sign(c.req.valid('param').contractNo, principalOfPlatform(c).userId);
      return c.json(contractDetailView(detail), 200);
    })
    .openapi(amend, async (c) => {
      const detail = await contracts.amend(
        c.req.valid('param').contractNo,
        c.req.valid('json'),
        principalOfPlatform(c).userId,
      );
      return c.json(contractDetailView(detail), 200);
    })
    .openapi(terminate, async (c) => {
      const detail = await contracts.terminate(
        c.req.valid('param').contractNo,
        c.req.valid('json').reason,
        principalOfPlatform(c).userId,
      );
      return c.json(contractDetailView(detail), 200);
    })
    .openapi(notices, async (c) => {
      if (onboarding.notices === null) {
        throw new DomainError('NOTICE_SANDBOX_DISABLED', 'the contract notifier is not the sandbox', {});
      }
      const items = await onboarding.notices(c.req.valid('query').contractNo);
      return c.json({ items: items.map(noticeView) }, 200);
    });
}
