import type { Disposable } from './disposable';
import { realTimers, type Timers } from './timers';

/**
 * Runs `fn` once, `delay` ms after schedule() (VS Code's RunOnceScheduler): scheduling again
 * while pending moves the run; cancel() drops it; dispose() drops it for good. The unit of
 * every deferred action in the engine: a coalesced push, the next snapshot, a retry.
 */
export class RunOnceScheduler implements Disposable {
  private handle: unknown = null;
  private disposed = false;

  constructor(
    private readonly fn: () => void,
    private readonly delay: number,
    private readonly timers: Timers = realTimers,
  ) {}

  get isScheduled(): boolean {
    return this.handle !== null;
  }

  /** (Re)schedules the run `delay` ms from now (default: the constructor's delay). */
  schedule(delay = this.delay): void {
    if (this.disposed) return;
    this.cancel();
    this.handle = this.timers.setTimeout(
      () => {
        this.handle = null;
        this.fn();
      },
      Math.max(0, delay),
    );
  }

  cancel(): void {
    if (this.handle === null) return;
    this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }
}
