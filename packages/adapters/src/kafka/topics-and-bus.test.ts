import type { DeviceCommand } from '@chargeflow/core';
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPE_HEADER, KafkaDeviceCommandBus } from './command-bus.js';
import { isKafkaAdapterError } from './errors.js';
import { deviceTopics } from './topics.js';

describe('deviceTopics', () => {
  it('defaults to the SPEC §14 names with 6 partitions', () => {
    expect(deviceTopics()).toEqual({
      events: 'chargeflow.device-events',
      dlq: 'chargeflow.device-events.dlq',
      commands: 'chargeflow.device-commands',
      partitions: 6,
      replicationFactor: 1,
    });
  });

  it('prefixes every name', () => {
    expect(deviceTopics({ prefix: 'run-1.', partitions: 3 }).dlq).toBe('run-1.chargeflow.device-events.dlq');
  });

  it.each([[{ prefix: 'has space' }], [{ partitions: 0 }], [{ partitions: 1.5 }]])(
    'rejects %o with KAFKA_CONFIG_INVALID',
    (config) => {
      expect(() => deviceTopics(config)).toThrow(expect.objectContaining({ code: 'KAFKA_CONFIG_INVALID' }));
    },
  );
});

/** Records what would be sent: the bus's own logic (validation, key, headers) without a broker. */
function recordingProducer(): { producer: Producer; sent: ProducerRecord[] } {
  const sent: ProducerRecord[] = [];
  const producer = { send: (record: ProducerRecord) => (sent.push(record), Promise.resolve([])) };
  return { producer: producer as unknown as Producer, sent };
}

const start: DeviceCommand = {
  commandId: 'c1',
  serialNo: 'SN1',
  issuedAt: '2026-11-23T10:00:00+08:00',
  type: 'START_CHARGING',
  connectorNo: 1,
  orderNo: 'CH1',
};

describe('KafkaDeviceCommandBus (SPEC §14 commands)', () => {
  it('publishes a command keyed by serial with its type header', async () => {
    const { producer, sent } = recordingProducer();
    await new KafkaDeviceCommandBus(producer, 'cmds').send(start);
    expect(sent).toHaveLength(1);
    const message = sent[0]?.messages[0];
    expect(sent[0]?.topic).toBe('cmds');
    expect(message?.key).toBe('SN1');
    expect(JSON.parse(String(message?.value))).toEqual(start);
    expect(message?.headers?.[COMMAND_TYPE_HEADER]).toBe('START_CHARGING');
  });

  it('refuses an invalid command with DEVICE_COMMAND_INVALID and sends nothing', async () => {
    const { producer, sent } = recordingProducer();
    const bad = { ...start, limitCny: 50 } as unknown as DeviceCommand;
    const error: unknown = await new KafkaDeviceCommandBus(producer, 'cmds')
      .send(bad)
      .catch((e: unknown) => e);
    expect(isKafkaAdapterError(error, 'DEVICE_COMMAND_INVALID')).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
