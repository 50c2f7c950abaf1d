import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { PaymentCallbackInbox } from '../payments/callback-inbox.js';
import { IdParam, jsonBody } from './asset-views.js';
import { ErrorSchema, validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { publicRoute } from './security/route.js';

const CallbackParams = z.object({
  channel: z.enum(['sandbox', 'wechat']).openapi({ description: 'the channel that sends this callback' }),
  tenantId: IdParam,
  stationId: IdParam,
});

const ReceiptSchema = z
  .object({
    callbackId: z.string(),
    outcome: z.enum(['APPLIED', 'DUPLICATE']),
    paymentNo: z.string().optional(),
    refundNo: z.string().optional(),
  })
  .openapi('PaymentCallbackReceipt');

const refused = (text: string) => jsonBody(ErrorSchema, text);

/**
 * PAY-1: the notify URL of each channel, per tenant and station (the URL a payment or refund is sent
 * with). Public, because the channel cannot sign in: its signature is the credential. The body is
 * read byte for byte (never re-serialised), kept, then verified (see payments/callback-inbox.ts).
 */
export function paymentCallbackRoutes(inbox: PaymentCallbackInbox) {
  const receive = publicRoute({
    method: 'post',
    path: '/payment-callbacks/{channel}/{tenantId}/{stationId}',
    tags: ['money'],
    summary: 'A payment channel reports a payment or refund result (signed; PAY-1)',
    description:
      'The body is the channel’s own signed notice (sandbox: HMAC-SHA256 headers chargeflow-sandbox-*; ' +
      'WeChat Pay v3: Wechatpay-Timestamp/-Nonce/-Signature/-Serial headers, SHA256withRSA over ' +
      '"timestamp\\nnonce\\nbody\\n" verified with the station’s platform certificate, resource ' +
      'AEAD_AES_256_GCM under its APIv3 key). Every callback is stored raw; a repeat changes nothing.',
    request: { params: CallbackParams },
    responses: {
      200: jsonBody(
        ReceiptSchema,
        'verified: APPLIED (moved the payment or refund once) or DUPLICATE (nothing more)',
      ),
      400: refused('CALLBACK_MALFORMED: signed, but not a notice of this channel'),
      401: refused(
        'CALLBACK_SIGNATURE_INVALID: forged, tampered, unsigned, outside the 5-minute window, another ' +
          'platform certificate, or a resource that does not open with the APIv3 key (kept, nothing moved)',
      ),
      404: refused('CALLBACK_PAYMENT_UNKNOWN, TENANT_NOT_FOUND: no such payment, refund or tenant'),
      409: refused('PAYMENT_CALLBACK_CONFLICT: a second, different success for a paid payment'),
      422: refused('the notice contradicts the payment (PAYMENT_AMOUNT_MISMATCH, …)'),
    },
  });
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(receive, async (c) => {
    const { channel, tenantId, stationId } = c.req.valid('param');
    const body = await c.req.text();
    const receipt = await inbox.receive(channel, { tenantId, stationId }, { headers: c.req.header(), body });
    return c.json(
      {
        callbackId: receipt.callbackId,
        outcome: receipt.outcome === 'APPLIED' ? ('APPLIED' as const) : ('DUPLICATE' as const),
        ...(receipt.paymentNo === undefined ? {} : { paymentNo: receipt.paymentNo }),
        ...(receipt.refundNo === undefined ? {} : { refundNo: receipt.refundNo }),
      },
      200,
    );
  });
}
