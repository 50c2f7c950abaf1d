import { Client, Connection } from '@temporalio/client';
import { payloadConverterPath } from '@chargeflow/workflows';

/** A Temporal client that speaks chargeflow's payloads, and how to close its connection. */
export interface ChargeflowClient {
  readonly client: Client;
  readonly connection: Connection;
  close(): Promise<void>;
}

/**
 * Connects a Temporal client with chargeflow's payload converter (bigint money in workflow inputs,
 * queries and results). Every client that talks to chargeflow's workflows must be built here:
 * one without the converter fails as soon as a payload carries a bigint.
 */
export async function connectChargeflowClient(options: {
  readonly address: string;
  readonly namespace: string;
  readonly connectTimeout?: number;
}): Promise<ChargeflowClient> {
  const connection = await Connection.connect({
    address: options.address,
    ...(options.connectTimeout === undefined ? {} : { connectTimeout: options.connectTimeout }),
  });
  const client = new Client({
    connection,
    namespace: options.namespace,
    dataConverter: { payloadConverterPath },
  });
  return { client, connection, close: () => connection.close() };
}
