/** Timer functions a feed uses, injectable so tests drive time instead of waiting. */
export interface TimerFns {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * Plain (ref'd) timers. A started feed holds the process open until stop(), connected or
 * not, like a listening server: between reconnect attempts or REST retries a timer is all
 * there is, and an unref'd one let Node exit with the caller's await still pending (exit
 * 13, nothing printed). stop() cancels every timer, so a finished command still exits.
 */
export const realTimers: TimerFns = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Tracks every pending timer so stop() can cancel them all and wake every sleeper. */
export class TimerSet {
  private readonly pending = new Map<unknown, () => void>();
  constructor(private readonly fns: TimerFns) {}

  after(ms: number, fn: () => void): unknown {
    const h = this.fns.setTimer(() => {
      this.pending.delete(h);
      fn();
    }, ms);
    this.pending.set(h, () => undefined);
    return h;
  }

  cancel(h: unknown): void {
    if (h === null || h === undefined) return;
    this.fns.clearTimer(h);
    this.pending.delete(h);
  }

  /** Resolves after ms, or at once when cancelAll() runs. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.fns.setTimer(() => {
        this.pending.delete(h);
        resolve();
      }, ms);
      this.pending.set(h, resolve);
    });
  }

  cancelAll(): void {
    for (const [h, wake] of this.pending) {
      this.fns.clearTimer(h);
      wake();
    }
    this.pending.clear();
  }
}
