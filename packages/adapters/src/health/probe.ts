/** One dependency's answer to a real client handshake. */
export interface ProbeResult {
  readonly name: string;
  readonly status: 'up' | 'down';
  /** Where it was looked for (passwords hidden). */
  readonly endpoint: string;
  /** Version or reason. */
  readonly detail: string;
  readonly latencyMs: number;
}

/** A named check of one dependency. */
export interface Probe {
  readonly name: string;
  readonly endpoint: string;
  check(signal: AbortSignal): Promise<string>;
}

/** Hides the password of a URL with credentials, for logs and health output. */
export const hidePassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Runs one probe with a deadline; never throws. */
export async function runProbe(probe: Probe, timeoutMs = 3000): Promise<ProbeResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const detail = await Promise.race([probe.check(controller.signal), deadline]);
    return { name: probe.name, status: 'up', endpoint: probe.endpoint, detail, latencyMs: elapsed(started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      name: probe.name,
      status: 'down',
      endpoint: probe.endpoint,
      detail: reason ?? 'unknown',
      latencyMs: elapsed(started),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs all probes concurrently. */
export const runProbes = (probes: readonly Probe[], timeoutMs?: number): Promise<ProbeResult[]> =>
  Promise.all(probes.map((probe) => runProbe(probe, timeoutMs)));

const elapsed = (started: number): number => Math.round(performance.now() - started);
