import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { KafkaAdapterError } from './errors.js';

/** Base names of the device topics (SPEC §14); a deployment or a test run may prefix them. */
export const DEVICE_TOPIC_NAMES = {
  events: 'chargeflow.device-events',
  dlq: 'chargeflow.device-events.dlq',
  commands: 'chargeflow.device-commands',
} as const;

export const DeviceTopicsConfigSchema = z.object({
  /** Prepended verbatim, e.g. `staging.` or a per-test-run `t-1a2b3c.`. */
  prefix: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9._-]*$/, 'only letters, digits, ".", "_" and "-"')
    .default(''),
  /** Partitions of each topic: the unit of consumer parallelism (events of one serial stay in one). */
  partitions: z.number().int().min(1).max(10_000).default(6),
  replicationFactor: z.number().int().min(1).max(10).default(1),
});

/** Input of `deviceTopics` (everything optional). */
export type DeviceTopicsConfig = z.input<typeof DeviceTopicsConfigSchema>;

/** The resolved device topics: names and the layout to create them with. */
export interface DeviceTopics {
  readonly events: string;
  readonly dlq: string;
  readonly commands: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** Resolves topic names and layout from a (validated) configuration. */
export function deviceTopics(config: DeviceTopicsConfig = {}): DeviceTopics {
  const parsed = DeviceTopicsConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new KafkaAdapterError('KAFKA_CONFIG_INVALID', `device topics: ${parsed.error.message}`, {
      issues: parsed.error.issues,
    });
  }
  const { prefix, partitions, replicationFactor } = parsed.data;
  return {
    events: prefix + DEVICE_TOPIC_NAMES.events,
    dlq: prefix + DEVICE_TOPIC_NAMES.dlq,
    commands: prefix + DEVICE_TOPIC_NAMES.commands,
    partitions,
    replicationFactor,
  };
}

/** The three topic names of a `DeviceTopics`. */
export const topicNames = (topics: DeviceTopics): string[] => [topics.events, topics.dlq, topics.commands];

const isAlreadyExists = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS' ||
    ((error as { errors?: unknown[] }).errors ?? []).every(
      (inner) => (inner as { type?: string }).type === 'TOPIC_ALREADY_EXISTS',
    ));

/**
 * Creates whichever device topics are missing, through the admin client (broker auto-creation is
 * off: KRaft auto-create races). Idempotent; existing topics are left as they are. Returns the
 * names it created.
 */
export async function ensureTopics(admin: Admin, topics: DeviceTopics): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topicNames(topics).filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      topics: missing.map((topic) => ({
        topic,
        numPartitions: topics.partitions,
        replicationFactor: topics.replicationFactor,
      })),
      waitForLeaders: true,
    });
  } catch (error) {
    // Another process created them between our list and our create: that is the idempotent case.
    if (!isAlreadyExists(error)) {
      throw new KafkaAdapterError('TOPIC_SETUP_FAILED', `could not create ${missing.join(', ')}`, {
        cause: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return missing;
}

/** Deletes the device topics that exist (tests and tear-down of a prefixed environment). */
export async function deleteTopics(admin: Admin, topics: DeviceTopics): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const present = topicNames(topics).filter((name) => existing.has(name));
  if (present.length > 0) await admin.deleteTopics({ topics: present });
}
