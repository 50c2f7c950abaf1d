import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { iso } from './asset-views.js';
import type { PaymentConfigRecord } from '../persistence/repositories/station-money-config.js';

// Bodies of the station payment (ASSET-3) and invoice (ASSET-2) configuration routes.

/** Whether `parse` accepts the text (the WeChat Pay keys must open when the channel needs them). */
const parsesAs = (parse: (text: string) => unknown) => (text: string) => {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
};
const certificate = (pem: string) => new X509Certificate(pem);

const Code = (max: number) => z.string().trim().min(1).max(max);
/** An exact decimal fraction 0 … 1 with up to 6 decimals ("0.13", "0.3"). */
export const FractionSchema = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'a decimal fraction 0 … 1 such as 0.3')
  .openapi({ example: '0.3' });
/** A 19-digit tax classification code (税收分类编码). */
const TaxCodeSchema = z
  .string()
  .regex(/^\d{19}$/, '19 digits')
  .openapi({ example: '1100101020000000000' });

const WechatSchema = z.object({
  appId: Code(32),
  mchId: Code(32),
  certSerial: Code(64),
  platformCertPem: z
    .string()
    .max(8192)
    .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'a PEM certificate')
    .refine(parsesAs(certificate), 'an X.509 certificate that parses'),
});

const SplitSchema = z.object({
  enabled: z.boolean(),
  leadMerchantId: Code(32).optional(),
  shares: z
    .array(z.object({ merchantId: Code(32), ratio: FractionSchema }))
    .max(20)
    .default([]),
});

/** ASSET-3 as written; `secrets` are write-only (omitted ones keep their stored value). */
export const PaymentConfigBodySchema = z
  .object({
    channel: z.enum(['SANDBOX', 'WECHAT_PAY']),
    merchantNo: Code(32).openapi({ description: 'LeShua merchant no. (乐刷商户号)' }),
    suixingfuMerchantNo: Code(32).optional(),
    wechat: WechatSchema.optional(),
    secrets: z
      .object({
        signingKey: z.string().min(16).max(256).optional(),
        apiV3Key: z.string().length(32).optional(),
        privateKeyPem: z
          .string()
          .max(8192)
          .regex(
            /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/,
            'a PEM private key',
          )
          .refine(parsesAs(createPrivateKey), 'an RSA private key that parses')
          .optional(),
      })
      .strict()
      .optional()
      .openapi({ description: 'write-only: sealed at rest, never returned; omitted ones are kept' }),
    split: SplitSchema.default({ enabled: false, shares: [] }),
  })
  .openapi('PaymentConfigBody');

/** ASSET-3 as read: which secrets are set, never their values. */
export const PaymentConfigSchema = z
  .object({
    stationId: z.string(),
    channel: z.enum(['SANDBOX', 'WECHAT_PAY']),
    merchantNo: z.string(),
    suixingfuMerchantNo: z.string().nullable(),
    wechat: WechatSchema.nullable(),
    secretsSet: z.array(z.string()),
    split: z.object({
      enabled: z.boolean(),
      leadMerchantId: z.string().nullable(),
      shares: z.array(z.object({ merchantId: z.string(), ratio: z.string() })),
    }),
    updatedAt: z.string(),
  })
  .openapi('PaymentConfig');

const TaxLine = z.object({ rate: FractionSchema, taxCode: TaxCodeSchema });

/** ASSET-2, both written and read. */
export const InvoiceConfigSchema = z
  .object({
    merchantNo: Code(32),
    company: Code(128),
    taxpayerId: z.string().trim().length(18).openapi({ example: '91350100M000100Y43' }),
    sellerAddress: Code(255),
    phone: Code(32),
    bankName: Code(128),
    bankAccount: Code(64),
    drawer: Code(32),
    payee: Code(32),
    reviewer: Code(32),
    energy: TaxLine,
    service: TaxLine,
  })
  .openapi('InvoiceConfig');

/** ASSET-2 as read: the configuration of one station. */
export const InvoiceConfigViewSchema = InvoiceConfigSchema.extend({ stationId: z.string() }).openapi(
  'InvoiceConfigView',
);

export const paymentConfigView = (r: PaymentConfigRecord): z.infer<typeof PaymentConfigSchema> => ({
  ...r,
  secretsSet: [...r.secretsSet],
  split: { ...r.split, shares: [...r.split.shares] },
  updatedAt: iso(r.updatedAt),
});
