import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { DomainError } from '@chargeflow/core';
import type { ChannelMerchant } from '../gateway.js';

/** A station's WeChat Pay v3 merchant, its keys opened (ASSET-3). */
export interface WechatKeys {
  readonly appId: string;
  readonly mchId: string;
  /** Serial no. of the merchant API certificate (serial_no of our requests). */
  readonly certSerial: string;
  readonly privateKey: KeyObject;
  readonly apiV3Key: string;
  /** The WeChat Pay platform certificate's key and serial (verifies answers and callbacks). */
  readonly platformKey: KeyObject;
  readonly platformSerial: string;
}

const cache = new Map<string, WechatKeys>();

/**
 * The WeChat Pay keys of a station's payment configuration; PAYMENT_CONFIG_SECRET_MISSING when the
 * station is not configured for WeChat Pay or lacks a key. Parsed keys are cached by their PEMs.
 */
export function wechatKeysOf(merchant: ChannelMerchant): WechatKeys {
  const wechat = merchant.config?.wechat ?? null;
  const privateKeyPem = merchant.secrets['privateKeyPem'];
  const apiV3Key = merchant.secrets['apiV3Key'];
  const missing = [
    ...(wechat === null ? ['wechat'] : []),
    ...(privateKeyPem ? [] : ['privateKeyPem']),
    ...(apiV3Key ? [] : ['apiV3Key']),
  ];
  if (wechat === null || !privateKeyPem || !apiV3Key || missing.length > 0) {
    throw new DomainError(
      'PAYMENT_CONFIG_SECRET_MISSING',
      'the station has no complete WeChat Pay merchant',
      {
        stationId: merchant.stationId,
        missing,
      },
    );
  }
  const id = [
    wechat.appId,
    wechat.mchId,
    wechat.certSerial,
    wechat.platformCertPem,
    privateKeyPem,
    apiV3Key,
  ].join('\u0000');
  const known = cache.get(id);
  if (known) return known;
  const platform = new X509Certificate(wechat.platformCertPem);
  const keys: WechatKeys = {
    appId: wechat.appId,
    mchId: wechat.mchId,
    certSerial: wechat.certSerial,
    privateKey: createPrivateKey(privateKeyPem),
    apiV3Key,
    platformKey: platform.publicKey,
    platformSerial: platform.serialNumber.toUpperCase(),
  };
  if (cache.size > 1000) cache.clear();
  cache.set(id, keys);
  return keys;
}
