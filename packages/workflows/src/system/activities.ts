/** Activities of the system workflows (health round trip). */
export interface SystemActivities {
  /** Who answered: the worker's identity. */
  describeWorker(): Promise<string>;
}

/** Builds the system activities for a worker with the given identity. */
export const createSystemActivities = (identity: string): SystemActivities => ({
  describeWorker: async () => identity,
});
