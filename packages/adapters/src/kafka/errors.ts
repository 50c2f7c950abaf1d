/** Stable codes of the Kafka device-event adapter's own failures (the domain's are in core). */
export type KafkaAdapterErrorCode =
  'KAFKA_CONFIG_INVALID' | 'DEVICE_COMMAND_INVALID' | 'DEVICE_EVENT_KEY_MISMATCH' | 'TOPIC_SETUP_FAILED';

/** A failure of the Kafka adapter, with a stable code and the data that explains it. */
export class KafkaAdapterError extends Error {
  override readonly name = 'KafkaAdapterError';
  constructor(
    readonly code: KafkaAdapterErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** True when `value` is a KafkaAdapterError, optionally with the given code. */
export function isKafkaAdapterError(
  value: unknown,
  code?: KafkaAdapterErrorCode,
): value is KafkaAdapterError {
  return value instanceof KafkaAdapterError && (code === undefined || value.code === code);
}
