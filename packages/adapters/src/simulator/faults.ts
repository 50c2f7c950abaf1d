import type { DeviceEvent } from '@chargeflow/core';
import type { SimulatorSettings } from './settings.js';

/** Each event `times` times in a row (a device or gateway re-sending: same event id). */
export function duplicateEach<T>(events: readonly T[], times: number): T[] {
  return events.flatMap((event) => Array.from({ length: Math.max(1, times) }, () => event));
}

/** Shuffles the events within consecutive windows of `window` (Fisher–Yates with the given randomness). */
export function reorderWithin<T>(events: readonly T[], window: number, random: () => number): T[] {
  const out: T[] = [];
  for (let from = 0; from < events.length; from += Math.max(1, window)) {
    const chunk = events.slice(from, from + Math.max(1, window));
    for (let i = chunk.length - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(random() * (i + 1)));
      [chunk[i], chunk[j]] = [chunk[j] as T, chunk[i] as T];
    }
    out.push(...chunk);
  }
  return out;
}

/** Periodic events a silent device just loses; anything else (replies) it keeps and sends on resume. */
const PERIODIC = new Set<DeviceEvent['type']>(['HEARTBEAT', 'METER_SAMPLE']);

/** True while `now` falls in the silence window (counted from the first session's start). */
export function isSilent(
  settings: SimulatorSettings,
  firstStartAt: number | undefined,
  now: number,
): boolean {
  if (
    settings.silentAfterMs === undefined ||
    settings.silentForMs === undefined ||
    firstStartAt === undefined
  )
    return false;
  const since = now - firstStartAt;
  return since >= settings.silentAfterMs && since < settings.silentAfterMs + settings.silentForMs;
}

/**
 * What a misbehaving device does to its outgoing events (pure; the clock and randomness come in):
 * silence (periodic events dropped, replies held back until it speaks again), duplication and
 * reordering within a window (a partial window waits for more events, or for `flush`).
 */
export class FaultPipeline {
  private held: DeviceEvent[] = [];
  private pending: DeviceEvent[] = [];

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly random: () => number,
  ) {}

  /** Takes newly generated events; returns those to send now, in sending order. */
  push(events: readonly DeviceEvent[], silent: boolean): DeviceEvent[] {
    if (silent) {
      this.held.push(...events.filter((event) => !PERIODIC.has(event.type)));
      return [];
    }
    this.pending.push(...this.held, ...events);
    this.held = [];
    const window = this.settings.reorderWindow;
    const ready = this.pending.length - (this.pending.length % window);
    const out = this.pending.slice(0, ready);
    this.pending = this.pending.slice(ready);
    return duplicateEach(reorderWithin(out, window, this.random), this.settings.duplicate);
  }

  /** Everything still waiting (a partial reorder window, held replies), e.g. on shutdown. */
  flush(): DeviceEvent[] {
    const rest = [...this.pending, ...this.held];
    this.pending = [];
    this.held = [];
    return duplicateEach(
      reorderWithin(rest, this.settings.reorderWindow, this.random),
      this.settings.duplicate,
    );
  }
}
