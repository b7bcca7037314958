import { realTimers, type Timers } from '../lifecycle';

/**
 * Plain (ref'd) timers (src/engine/lifecycle). A started feed holds the process open until
 * stop(), connected or not, like a listening server: between reconnect attempts or REST
 * retries a timer is all there is, and an unref'd one let Node exit with the caller's await
 * still pending (exit 13, nothing printed). stop() cancels every timer, so a finished
 * command still exits.
 */
export { realTimers };

/** The feed's timers: the engine's one timer interface, injectable so tests drive time. */
export type TimerFns = Timers;

/** Tracks every pending timer so stop() can cancel them all and wake every sleeper. */
export class TimerSet {
  private readonly pending = new Map<unknown, () => void>();
  constructor(private readonly timers: Timers = realTimers) {}

  after(ms: number, fn: () => void): unknown {
    const h = this.timers.setTimeout(() => {
      this.pending.delete(h);
      fn();
    }, ms);
    this.pending.set(h, () => undefined);
    return h;
  }

  cancel(h: unknown): void {
    if (h === null || h === undefined) return;
    this.timers.clearTimeout(h);
    this.pending.delete(h);
  }

  /** Resolves after ms, or at once when cancelAll() runs. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.timers.setTimeout(() => {
        this.pending.delete(h);
        resolve();
      }, ms);
      this.pending.set(h, resolve);
    });
  }

  cancelAll(): void {
    for (const [h, wake] of this.pending) {
      this.timers.clearTimeout(h);
      wake();
    }
    this.pending.clear();
  }
}
