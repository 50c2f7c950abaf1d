'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see below */
// chargeflow's Temporal payload converter: `json/plain` where a bigint (money in fen, unit prices)
// is written as {"$bigint":"123"} and read back as 123n. CommonJS on purpose: Temporal `require()`s
// it by path (`payloadConverterPath`) in the worker and in clients (Node 20 cannot require ESM or
// TypeScript), and webpack bundles it into the workflow sandbox. No I/O, no Node-only modules.
const {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  METADATA_ENCODING_KEY,
  UndefinedPayloadConverter,
  ValueError,
  encodingKeys,
  encodingTypes,
} = require('@temporalio/common');
const { decode, encode } = require('@temporalio/common/lib/encoding');

/** The key that marks an encoded bigint. */
const BIGINT_KEY = '$bigint';
const DIGITS = /^-?\d+$/;

/** JSON.stringify that writes every bigint as {"$bigint":"<digits>"}. */
function stringifyWithBigint(value) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { [BIGINT_KEY]: v.toString() } : v));
}

/** JSON.parse that turns every {"$bigint":"<digits>"} (and nothing else) back into a bigint. */
function parseWithBigint(text) {
  return JSON.parse(text, (_key, v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== BIGINT_KEY) return v;
    const digits = v[BIGINT_KEY];
    return typeof digits === 'string' && DIGITS.test(digits) ? BigInt(digits) : v;
  });
}

/** `json/plain` with bigint support: the default encoding, so the UI and other SDKs still read it. */
class BigintJsonPayloadConverter {
  constructor() {
    this.encodingType = encodingTypes.METADATA_ENCODING_JSON;
  }

  toPayload(value) {
    if (value === undefined) return undefined;
    return {
      metadata: { [METADATA_ENCODING_KEY]: encodingKeys.METADATA_ENCODING_JSON },
      data: encode(stringifyWithBigint(value)),
    };
  }

  fromPayload(payload) {
    if (payload.data === undefined || payload.data === null) throw new ValueError('Got payload with no data');
    return parseWithBigint(decode(payload.data));
  }
}

/** The converter Temporal loads from `payloadConverterPath` (the named export must be `payloadConverter`). */
const payloadConverter = new CompositePayloadConverter(
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new BigintJsonPayloadConverter(),
);

module.exports = {
  BIGINT_KEY,
  BigintJsonPayloadConverter,
  parseWithBigint,
  payloadConverter,
  stringifyWithBigint,
};
