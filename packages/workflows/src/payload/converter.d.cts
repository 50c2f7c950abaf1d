// Types of converter.cjs (CommonJS so Temporal can require() it by path; see there).
import type { CompositePayloadConverter, Payload, PayloadConverterWithEncoding } from '@temporalio/common';

/** The key that marks an encoded bigint: `{"$bigint":"123"}`. */
export declare const BIGINT_KEY = '$bigint';
/** JSON.stringify that writes every bigint as `{"$bigint":"<digits>"}`. */
export declare function stringifyWithBigint(value: unknown): string;
/** JSON.parse that revives every `{"$bigint":"<digits>"}` into a bigint. */
export declare function parseWithBigint(text: string): unknown;
/** `json/plain` with bigint support. */
export declare class BigintJsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType: 'json/plain';
  toPayload(value: unknown): Payload | undefined;
  fromPayload<T>(payload: Payload): T;
}
/** chargeflow's payload converter (undefined, binary, bigint-aware JSON). */
export declare const payloadConverter: CompositePayloadConverter;
