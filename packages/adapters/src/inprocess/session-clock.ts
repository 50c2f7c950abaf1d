/**
 * A simulated charger's clock for a long-running local stack. While the charger is charging it runs
 * `timeScale` times faster than the wall clock (a demo session of an hour takes a minute at 60×);
 * while idle it stands still until the wall clock has caught up, then follows it. So it never goes
 * backwards, and device time (`occurredAt`) comes back to real time between sessions instead of
 * drifting further ahead with every session, as a clock scaled all the time would.
 */
export class SessionClock {
  private simulated: number;
  private real: number;

  constructor(
    private readonly timeScale: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(timeScale > 0)) throw new RangeError('timeScale must be positive');
    this.real = realNow();
    this.simulated = this.real;
  }

  /** Simulated epoch ms now; `charging` says how the time since the last reading passed. */
  now(charging: boolean): number {
    const real = this.realNow();
    const elapsed = Math.max(0, real - this.real);
    this.real = real;
    this.simulated = charging ? this.simulated + elapsed * this.timeScale : Math.max(this.simulated, real);
    return Math.floor(this.simulated);
  }
}
