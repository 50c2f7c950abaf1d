import {
  checkSplitConfig,
  missingChannelSecrets,
  unwrap,
  validateTaxpayerId,
  DomainError,
  type PaymentChannelKind,
  type StationInvoiceConfig,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SecretBox } from '../../tenancy/secrets.js';
import { StationEntity, type StationRow } from '../entities/assets.js';
import {
  StationInvoiceConfigEntity,
  StationPaymentConfigEntity,
  type StationInvoiceConfigRow,
  type StationPaymentConfigRow,
} from '../entities/station-money.js';
import { PersistenceError } from '../errors.js';
import { STATION_COLUMNS, WHOLE_TENANT, scopeWhere, within, type QueryScope } from '../scope.js';

/** WeChat Pay v3 merchant data that is not secret. */
export interface WechatMerchant {
  readonly appId: string;
  readonly mchId: string;
  /** Serial of the merchant's API certificate (sent in every signed request). */
  readonly certSerial: string;
  /** The WeChat Pay platform certificate (PEM) that verifies callbacks and answers. */
  readonly platformCertPem: string;
}

/** ASSET-3 as written: `secrets` are write-only (omitted ones keep their stored value). */
export interface PaymentConfigInput {
  readonly channel: PaymentChannelKind;
  readonly merchantNo: string;
  readonly suixingfuMerchantNo?: string;
  readonly wechat?: WechatMerchant;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly split: {
    readonly enabled: boolean;
    readonly leadMerchantId?: string;
    readonly shares: readonly { readonly merchantId: string; readonly ratio: string }[];
  };
}

/** ASSET-3 as read: which secrets are set, never their values. */
export interface PaymentConfigRecord {
  readonly stationId: string;
  readonly channel: PaymentChannelKind;
  readonly merchantNo: string;
  readonly suixingfuMerchantNo: string | null;
  readonly wechat: WechatMerchant | null;
  readonly secretsSet: readonly string[];
  readonly split: {
    readonly enabled: boolean;
    readonly leadMerchantId: string | null;
    readonly shares: readonly { readonly merchantId: string; readonly ratio: string }[];
  };
  readonly updatedAt: number;
}

/** ASSET-2 (both as written and as read). */
export interface InvoiceConfigRecord {
  readonly merchantNo: string;
  readonly company: string;
  readonly taxpayerId: string;
  readonly sellerAddress: string;
  readonly phone: string;
  readonly bankName: string;
  readonly bankAccount: string;
  readonly drawer: string;
  readonly payee: string;
  readonly reviewer: string;
  readonly energy: { readonly rate: string; readonly taxCode: string };
  readonly service: { readonly rate: string; readonly taxCode: string };
}

/**
 * A station's payment (ASSET-3) and invoice (ASSET-2) configuration, in the caller's scope (a
 * station outside it is STATION_NOT_FOUND). Channel secrets are sealed with the tenant's secret box
 * under the context `station-payment:<tenant>:<station>`, so a sealed value copied to another
 * station or tenant does not open; they are never returned by the read methods the API uses.
 */
export class StationMoneyConfigs {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly secrets: SecretBox,
    private readonly tenantId: string,
    private readonly scope: QueryScope = WHOLE_TENANT,
  ) {}

  /** ASSET-3: writes the payment configuration (under the station row's lock, so concurrent writes serialise). */
  async putPaymentConfig(stationId: string, input: PaymentConfigInput): Promise<PaymentConfigRecord> {
    const split = {
      enabled: input.split.enabled,
      leadMerchantId: input.split.leadMerchantId ?? '',
      shares: input.split.shares.map((s) => ({ merchantId: s.merchantId, ratio: { decimal: s.ratio } })),
    };
    unwrap(checkSplitConfig(split));
    if (input.channel === 'WECHAT_PAY' && input.wechat === undefined) {
      throw new DomainError('PAYMENT_CONFIG_INVALID', 'a WECHAT_PAY station needs its wechat merchant data', {
        field: 'wechat',
      });
    }
    return this.em.fork().transactional(async (em) => {
      const station = await this.lockStation(em, stationId);
      const known = await em.findOne(StationPaymentConfigEntity, { stationId });
      const secrets = { ...(known ? this.openSecrets(known) : {}), ...(input.secrets ?? {}) };
      const names = Object.keys(secrets).sort();
      const missing = missingChannelSecrets(input.channel, new Set(names));
      if (missing.length > 0) {
        throw new DomainError(
          'PAYMENT_CONFIG_SECRET_MISSING',
          `the ${input.channel} channel needs its secrets`,
          {
            missing,
          },
        );
      }
      const data = {
        stationId,
        providerId: station.providerId,
        propertyId: station.property.id,
        channel: input.channel,
        merchantNo: input.merchantNo,
        suixingfuMerchantNo: input.suixingfuMerchantNo ?? null,
        wechatAppId: input.wechat?.appId ?? null,
        wechatMchId: input.wechat?.mchId ?? null,
        wechatCertSerial: input.wechat?.certSerial ?? null,
        wechatPlatformCertPem: input.wechat?.platformCertPem ?? null,
        sealedSecrets: this.secrets.seal(JSON.stringify(secrets), this.context(stationId)),
        secretNames: names,
        splitEnabled: input.split.enabled,
        splitLeadMerchantId: input.split.leadMerchantId ?? null,
        splitShares: input.split.shares.map((s) => ({ merchantId: s.merchantId, ratio: s.ratio })),
        updatedAt: this.now(),
      };
      if (known) em.assign(known, data);
      else em.create(StationPaymentConfigEntity, data);
      await em.flush();
      return toPaymentConfig(known ?? (await em.findOneOrFail(StationPaymentConfigEntity, { stationId })));
    });
  }

  /** ASSET-3: the payment configuration without secrets, or PAYMENT_CONFIG_NOT_FOUND. */
  async getPaymentConfig(stationId: string): Promise<PaymentConfigRecord> {
    const row = await this.paymentRow(stationId);
    if (!row)
      throw new DomainError('PAYMENT_CONFIG_NOT_FOUND', `station ${stationId} has no payment configuration`, {
        stationId,
      });
    return toPaymentConfig(row);
  }

  /** The configuration and its opened secrets, for the channel adapters only (undefined: no channel, ASSET-3). */
  async channelOf(
    stationId: string,
  ): Promise<
    { readonly config: PaymentConfigRecord; readonly secrets: Readonly<Record<string, string>> } | undefined
  > {
    const row = await this.paymentRow(stationId);
    return row ? { config: toPaymentConfig(row), secrets: this.openSecrets(row) } : undefined;
  }

  /** ASSET-2: writes the invoice configuration (taxpayer id checked, INV-1). */
  async putInvoiceConfig(stationId: string, input: InvoiceConfigRecord): Promise<InvoiceConfigRecord> {
    const taxpayerId = unwrap(validateTaxpayerId(input.taxpayerId));
    return this.em.fork().transactional(async (em) => {
      const station = await this.lockStation(em, stationId);
      const known = await em.findOne(StationInvoiceConfigEntity, { stationId });
      const data = {
        stationId,
        providerId: station.providerId,
        propertyId: station.property.id,
        merchantNo: input.merchantNo,
        company: input.company,
        taxpayerId,
        sellerAddress: input.sellerAddress,
        phone: input.phone,
        bankName: input.bankName,
        bankAccount: input.bankAccount,
        drawer: input.drawer,
        payee: input.payee,
        reviewer: input.reviewer,
        energyTaxRate: input.energy.rate,
        energyTaxCode: input.energy.taxCode,
        serviceTaxRate: input.service.rate,
        serviceTaxCode: input.service.taxCode,
        updatedAt: this.now(),
      };
      if (known) em.assign(known, data);
      else em.create(StationInvoiceConfigEntity, data);
      await em.flush();
      return toInvoiceConfig(known ?? (await em.findOneOrFail(StationInvoiceConfigEntity, { stationId })));
    });
  }

  /** ASSET-2: the invoice configuration, or INVOICE_CONFIG_NOT_FOUND. */
  async getInvoiceConfig(stationId: string): Promise<InvoiceConfigRecord> {
    const row = await this.invoiceRow(stationId);
    if (!row)
      throw new DomainError('INVOICE_CONFIG_NOT_FOUND', `station ${stationId} has no invoice configuration`, {
        stationId,
      });
    return toInvoiceConfig(row);
  }

  /** INV-1, INV-3: core's view of the invoice configuration; undefined when the station has none. */
  async invoiceConfigOf(
    stationId: string,
  ): Promise<(StationInvoiceConfig & InvoiceConfigRecord) | undefined> {
    const row = await this.invoiceRow(stationId);
    if (!row) return undefined;
    const config = toInvoiceConfig(row);
    return { ...config, sellerName: config.company, sellerTaxpayerId: config.taxpayerId };
  }

  private context(stationId: string): string {
    return `station-payment:${this.tenantId}:${stationId}`;
  }

  private openSecrets(row: StationPaymentConfigRow): Record<string, string> {
    return JSON.parse(this.secrets.open(row.sealedSecrets, this.context(row.stationId))) as Record<
      string,
      string
    >;
  }

  private async lockStation(em: EntityManager, stationId: string): Promise<StationRow> {
    const where = within<FilterQuery<StationRow>>(scopeWhere(this.scope, STATION_COLUMNS), { id: stationId });
    const station = await em.findOne(StationEntity, where, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!station)
      throw new PersistenceError('STATION_NOT_FOUND', `no station ${stationId}`, { id: stationId });
    return station;
  }

  /** A station outside the scope is STATION_NOT_FOUND; the whole tenant (the channel adapters) needs no check. */
  private async inScope(stationId: string): Promise<void> {
    if (this.scope.kind === 'TENANT') return;
    const where = within<FilterQuery<StationRow>>(scopeWhere(this.scope, STATION_COLUMNS), { id: stationId });
    const found = await this.em.fork().count(StationEntity, where);
    if (found === 0)
      throw new PersistenceError('STATION_NOT_FOUND', `no station ${stationId}`, { id: stationId });
  }

  private async paymentRow(stationId: string): Promise<StationPaymentConfigRow | null> {
    await this.inScope(stationId);
    return this.em.fork().findOne(StationPaymentConfigEntity, { stationId });
  }

  private async invoiceRow(stationId: string): Promise<StationInvoiceConfigRow | null> {
    await this.inScope(stationId);
    return this.em.fork().findOne(StationInvoiceConfigEntity, { stationId });
  }
}

const toPaymentConfig = (row: StationPaymentConfigRow): PaymentConfigRecord => ({
  stationId: row.stationId,
  channel: row.channel,
  merchantNo: row.merchantNo,
  suixingfuMerchantNo: row.suixingfuMerchantNo ?? null,
  wechat:
    row.wechatMchId === null || row.wechatMchId === undefined
      ? null
      : {
          appId: row.wechatAppId ?? '',
          mchId: row.wechatMchId,
          certSerial: row.wechatCertSerial ?? '',
          platformCertPem: row.wechatPlatformCertPem ?? '',
        },
  secretsSet: [...row.secretNames],
  split: {
    enabled: row.splitEnabled,
    leadMerchantId: row.splitLeadMerchantId ?? null,
    shares: [...row.splitShares],
  },
  updatedAt: row.updatedAt,
});

const toInvoiceConfig = (row: StationInvoiceConfigRow): InvoiceConfigRecord => ({
  merchantNo: row.merchantNo,
  company: row.company,
  taxpayerId: row.taxpayerId,
  sellerAddress: row.sellerAddress,
  phone: row.phone,
  bankName: row.bankName,
  bankAccount: row.bankAccount,
  drawer: row.drawer,
  payee: row.payee,
  reviewer: row.reviewer,
  energy: { rate: row.energyTaxRate, taxCode: row.energyTaxCode },
  service: { rate: row.serviceTaxRate, taxCode: row.serviceTaxCode },
});
