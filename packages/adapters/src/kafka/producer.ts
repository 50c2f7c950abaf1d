import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * A producer for device topics: idempotent (the broker drops a retried batch it already wrote) with
 * one request in flight, so messages of one key keep their order; Java-compatible murmur2
 * partitioning, so other clients place a serial on the same partition.
 */
export function createDeviceProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
