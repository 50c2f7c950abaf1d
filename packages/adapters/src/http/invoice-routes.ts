import { OpenAPIHono, z } from '@hono/zod-openapi';
import { callerRef } from '../access/caller.js';
import { defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { InvoiceSchema, invoiceView } from './invoice-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const OrderParams = z.object({ orderNo: z.string().min(1).max(32) });
const InvoiceParams = z.object({ invoiceNo: z.string().min(1).max(40) });
const InvoiceRequestBody = z
  .object({
    title: z.string().max(128).describe('buyer title (抬头), required (INV-1)'),
    taxpayerId: z
      .string()
      .max(32)
      .describe('buyer taxpayer id: an 18-character unified social credit code (GB 32100-2015)'),
    email: z.string().max(128).describe('where the invoice is sent, required (INV-1)'),
  })
  .openapi('InvoiceRequest');
const InvoiceQuery = z.object({
  orderNo: z.string().min(1).max(32).optional(),
  stationId: z.string().min(1).max(36).optional(),
  status: z.enum(['ISSUING', 'ISSUED', 'FAILED', 'VOIDED']).optional(),
  buyerTaxpayerId: z.string().min(1).max(18).optional(),
  invoiceNumber: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const InvoiceList = z.object({
  items: z.array(InvoiceSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** Invoices (INV-1..INV-3) of the caller's tenant, in its scope; issued by invoiceWorkflow. */
export function invoiceRoutes(access: AccessRuntime) {
  const request = securedRoute(
    access,
    { permission: 'invoice:request', plane: 'tenant' },
    {
      method: 'post',
      path: '/orders/{orderNo}/invoices',
      tags: ['money'],
      summary: 'Request the invoice of a completed order (INV-1); issued by invoiceWorkflow',
      request: {
        params: OrderParams,
        body: { ...jsonBody(InvoiceRequestBody, 'buyer title, taxpayer id, e-mail'), required: true },
      },
      responses: {
        202: jsonBody(InvoiceSchema, 'ISSUING; the provider’s answer follows'),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );
  const get = securedRoute(
    access,
    { permission: 'invoice:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/invoices/{invoiceNo}',
      tags: ['money'],
      summary: 'One invoice with its lines and what the provider returned (INV-2, INV-3)',
      request: { params: InvoiceParams },
      responses: { 200: jsonBody(InvoiceSchema, 'the invoice'), ...errorResponses(400, 404) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'invoice:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/invoices',
      tags: ['money'],
      summary: 'Search invoices by order, station, state, buyer taxpayer id, invoice number (INV-2)',
      request: { query: InvoiceQuery },
      responses: { 200: jsonBody(InvoiceList, 'newest first'), ...errorResponses(400) },
    },
  );
  const reissue = securedRoute(
    access,
    { permission: 'invoice:reissue', plane: 'tenant' },
    {
      method: 'post',
      path: '/invoices/{invoiceNo}/reissue',
      tags: ['money'],
      summary: 'Reissue a FAILED invoice (INV-2)',
      request: { params: InvoiceParams },
      responses: { 202: jsonBody(InvoiceSchema, 'ISSUING again'), ...errorResponses(400, 404, 409) },
    },
  );
  const voidInvoice = securedRoute(
    access,
    { permission: 'invoice:void', plane: 'tenant' },
    {
      method: 'post',
      path: '/invoices/{invoiceNo}/void',
      tags: ['money'],
      summary: 'Void an ISSUED invoice (INV-2); VOIDED once the provider confirms',
      request: { params: InvoiceParams },
      responses: {
        202: jsonBody(InvoiceSchema, 'voiding (ISSUED with voiding true) or VOIDED'),
        ...errorResponses(400, 404, 409),
      },
    },
  );
  const pdf = securedRoute(
    access,
    { permission: 'invoice:download', plane: 'tenant' },
    {
      method: 'get',
      path: '/invoices/{invoiceNo}/pdf',
      tags: ['money'],
      summary: 'Download the PDF of an issued invoice (INV-3)',
      request: { params: InvoiceParams },
      responses: {
        200: {
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          description: 'the PDF rendered from the invoice lines',
        },
        ...errorResponses(400, 404, 409),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(request, async (c) => {
      const invoice = await tenantOf(c).invoices.request(
        c.req.valid('param').orderNo,
        c.req.valid('json'),
        callerRef(callerOf(c)).id,
      );
      return c.json(invoiceView(invoice), 202);
    })
    .openapi(get, async (c) => {
      return c.json(invoiceView(await tenantOf(c).invoices.get(c.req.valid('param').invoiceNo)), 200);
    })
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await tenantOf(c).invoices.search(defined(query));
      return c.json({ items: items.map(invoiceView), total, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(reissue, async (c) => {
      return c.json(invoiceView(await tenantOf(c).invoices.reissue(c.req.valid('param').invoiceNo)), 202);
    })
    .openapi(voidInvoice, async (c) => {
      return c.json(invoiceView(await tenantOf(c).invoices.void(c.req.valid('param').invoiceNo)), 202);
    })
    .openapi(pdf, async (c) => {
      const { invoiceNo, content } = await tenantOf(c).invoices.pdf(c.req.valid('param').invoiceNo);
      return c.body(content, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="invoice-${invoiceNo.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf"`,
      });
    });
}
