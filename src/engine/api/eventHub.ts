import { events, type EventChannel, type EventPayload } from '../../shared/contract';
import { realTimers, RunOnceScheduler, toDisposable, type Disposable, type Timers } from '../lifecycle';

export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export type { Disposable };

/**
 * Fans pushed events out to every connected transport (Electron windows, WebSocket
 * clients). Payloads are validated against the contract before they leave, so a bug in
 * the engine shows up as a counted error here instead of a confused renderer.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();
  invalid = 0;

  subscribe(sink: EventSink): Disposable {
    this.sinks.add(sink);
    return toDisposable(() => this.sinks.delete(sink));
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].safeParse(payload);
    if (!checked.success) {
      this.invalid++;
      return;
    }
    for (const sink of this.sinks) sink(event, checked.data as EventPayload<E>);
  }
}

/** The engine's one timer interface (src/engine/lifecycle); this name stays for older callers. */
export type Scheduler = Timers;

/**
 * Coalesces pushes per topic so the renderer gets at most one message per topic per
 * interval (10 Hz by default), never one per tick. `merge` folds a new payload into the
 * pending one (e.g. keeps the newest version of each bar).
 */
export class Coalescer<E extends EventChannel> implements Disposable {
  private readonly pending = new Map<string, EventPayload<E>>();
  private readonly next: RunOnceScheduler;

  constructor(
    private readonly hub: EventHub,
    private readonly event: E,
    private readonly merge: (prev: EventPayload<E>, next: EventPayload<E>) => EventPayload<E>,
    intervalMs = 100,
    timers: Timers = realTimers,
  ) {
    this.next = new RunOnceScheduler(() => this.flush(), intervalMs, timers);
  }

  push(topic: string, payload: EventPayload<E>): void {
    const prev = this.pending.get(topic);
    this.pending.set(topic, prev === undefined ? payload : this.merge(prev, payload));
    // The first push of an interval sets its end; later ones ride along (never postponed).
    if (!this.next.isScheduled) this.next.schedule();
  }

  flush(): void {
    this.next.cancel();
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const payload of batch) this.hub.emit(this.event, payload);
  }

  /** Drops what is pending (a later push starts a new interval, as before). */
  dispose(): void {
    this.next.cancel();
    this.pending.clear();
  }
}
