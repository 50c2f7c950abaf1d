import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

// WeChat Pay APIv3 signatures (SHA256withRSA, PKCS#1 v1.5): the merchant signs each request with
// its API private key (Authorization: WECHATPAY2-SHA256-RSA2048 …); WeChat Pay signs each answer and
// each callback with its platform key (Wechatpay-Timestamp / -Nonce / -Signature / -Serial headers).

/** The Authorization scheme of APIv3 requests. */
export const WECHAT_AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** Header names WeChat Pay signs its answers and callbacks with (lower case, as Node reads them). */
export const WECHAT_HEADERS = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
} as const;

/** What a request signature covers: "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" (URL: path and query). */
export const requestMessage = (
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string => `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;

/** What an answer or callback signature covers: "TIMESTAMP\nNONCE\nBODY\n". */
export const noticeMessage = (timestamp: string, nonce: string, body: string): string =>
  `${timestamp}\n${nonce}\n${body}\n`;

/** SHA256withRSA of `message`, base64. */
export function rsaSign(privateKey: KeyObject | string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** Whether `signature` (base64) is SHA256withRSA of `message` under `publicKey`. */
export function rsaVerify(publicKey: KeyObject | string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(message, 'utf8')
      .verify(publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A fresh 32-character nonce_str. */
export const nonceStr = (): string => randomBytes(16).toString('hex').toUpperCase();

/** The merchant's signature of one request. */
export interface RequestSigner {
  readonly mchId: string;
  /** The serial no. of the merchant API certificate whose private key signs. */
  readonly serialNo: string;
  readonly privateKey: KeyObject | string;
}

/** The Authorization header of an APIv3 request. */
export function authorizationHeader(
  signer: RequestSigner,
  request: { readonly method: string; readonly url: string; readonly body: string },
  timestamp: string,
  nonce: string = nonceStr(),
): string {
  const signature = rsaSign(
    signer.privateKey,
    requestMessage(request.method, request.url, timestamp, nonce, request.body),
  );
  return (
    `${WECHAT_AUTH_SCHEME} mchid="${signer.mchId}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${signer.serialNo}"`
  );
}

/** The fields of an Authorization header, or undefined when it is not of the APIv3 scheme. */
export function parseAuthorization(header: string | undefined):
  | {
      readonly mchid: string;
      readonly nonce_str: string;
      readonly signature: string;
      readonly timestamp: string;
      readonly serial_no: string;
    }
  | undefined {
  if (header === undefined || !header.startsWith(`${WECHAT_AUTH_SCHEME} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(WECHAT_AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    fields[match[1] as string] = match[2] as string;
  }
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return undefined;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** The Wechatpay-* headers of an answer or callback body signed with the platform key. */
export function signNotice(
  platformKey: KeyObject | string,
  platformSerial: string,
  body: string,
  timestamp: string,
  nonce: string = nonceStr(),
): Record<string, string> {
  return {
    [WECHAT_HEADERS.timestamp]: timestamp,
    [WECHAT_HEADERS.nonce]: nonce,
    [WECHAT_HEADERS.signature]: rsaSign(platformKey, noticeMessage(timestamp, nonce, body)),
    [WECHAT_HEADERS.serial]: platformSerial,
  };
}
