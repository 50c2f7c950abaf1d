import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

// ASSET-2, ASSET-3: a station's payment and invoice configuration, one row each per station (the
// station id is the key). Scope columns are copied from the station, like every station-level row.

/** 支付配置 (ASSET-3): the channel of app payments, its merchant data, sealed secrets, split settlement. */
export const StationPaymentConfigEntity = defineEntity({
  name: 'StationPaymentConfig',
  tableName: 'station_payment_config',
  properties: {
    stationId: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    channel: p.enum(['SANDBOX', 'WECHAT_PAY']),
    /** LeShua merchant no. (乐刷商户号), the station's primary acquiring merchant. */
    merchantNo: p.string().length(32),
    suixingfuMerchantNo: p.string().length(32).nullable(),
    /** WeChat Pay v3: app id, merchant id, the merchant certificate's serial, the platform certificate (PEM, public). */
    wechatAppId: p.string().length(32).nullable(),
    wechatMchId: p.string().length(32).nullable(),
    wechatCertSerial: p.string().length(64).nullable(),
    wechatPlatformCertPem: p.text().nullable(),
    /** The channel secrets as one JSON object sealed with CHARGEFLOW_SECRET_KEY (AES-256-GCM); never returned. */
    sealedSecrets: p.text(),
    /** The names of the sealed secrets (so the API can say which are set without opening them). */
    secretNames: p.type(PortableJsonType).$type<string[]>(),
    splitEnabled: p.boolean().default(false),
    splitLeadMerchantId: p.string().length(32).nullable(),
    /** [{ merchantId, ratio }] with ratio an exact decimal fraction ("0.3"); Σ ≤ 1 (checked by core). */
    splitShares: p.type(PortableJsonType).$type<{ merchantId: string; ratio: string }[]>(),
    updatedAt: p.bigint('number'),
  },
});
/** A payment configuration row. */
export type StationPaymentConfigRow = InferEntity<typeof StationPaymentConfigEntity>;

/** 发票配置 (ASSET-2): the seller side of the station's invoices and the tax rates and codes of its lines (INV-3). */
export const StationInvoiceConfigEntity = defineEntity({
  name: 'StationInvoiceConfig',
  tableName: 'station_invoice_config',
  properties: {
    stationId: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    merchantNo: p.string().length(32),
    company: p.string().length(128),
    taxpayerId: p.string().length(18),
    sellerAddress: p.string().length(255),
    phone: p.string().length(32),
    bankName: p.string().length(128),
    bankAccount: p.string().length(64),
    drawer: p.string().length(32),
    payee: p.string().length(32),
    reviewer: p.string().length(32),
    /** Exact decimal fractions ("0.13"); 19-digit tax classification codes (税收分类编码). */
    energyTaxRate: p.string().length(8),
    energyTaxCode: p.string().length(19),
    serviceTaxRate: p.string().length(8),
    serviceTaxCode: p.string().length(19),
    updatedAt: p.bigint('number'),
  },
});
/** An invoice configuration row. */
export type StationInvoiceConfigRow = InferEntity<typeof StationInvoiceConfigEntity>;
