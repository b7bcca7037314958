import { events, type EventChannel, type EventPayload } from '../../shared/contract';

export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface Disposable {
  dispose(): void;
}

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
    return { dispose: () => this.sinks.delete(sink) };
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

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Coalesces pushes per topic so the renderer gets at most one message per topic per
 * interval (10 Hz by default), never one per tick. `merge` folds a new payload into the
 * pending one (e.g. keeps the newest version of each bar).
 */
export class Coalescer<E extends EventChannel> {
  private readonly pending = new Map<string, EventPayload<E>>();
  private timer: unknown = null;

  constructor(
    private readonly hub: EventHub,
    private readonly event: E,
    private readonly merge: (prev: EventPayload<E>, next: EventPayload<E>) => EventPayload<E>,
    private readonly intervalMs = 100,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  push(topic: string, payload: EventPayload<E>): void {
    const prev = this.pending.get(topic);
    this.pending.set(topic, prev === undefined ? payload : this.merge(prev, payload));
    if (this.timer === null) this.timer = this.scheduler.setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const payload of batch) this.hub.emit(this.event, payload);
  }

  dispose(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
