import { EventHub, type Scheduler } from '../../../src/engine/api/eventHub';
import {
  createAnalyticsService,
  type AnalyticsService,
  type AnalyticsServiceOptions,
} from '../../../src/engine/analytics/service';
import type { EventChannel, EventPayload } from '../../../src/shared/contract';
import type { SqliteTickStore } from '../../../src/engine/store/sqliteStore';

/** Timers the test fires by hand, so pushes are observed deterministically. */
export function manualScheduler(): Scheduler & { fire(): number; readonly pending: number } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn) => {
      timers.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    fire() {
      const due = [...timers.values()];
      timers.clear();
      for (const f of due) f();
      return due.length;
    },
    get pending() {
      return timers.size;
    },
  };
}

export interface Recorded {
  hub: EventHub;
  events: { event: EventChannel; payload: unknown }[];
  of<E extends EventChannel>(e: E): EventPayload<E>[];
  /** Resolves with the first event (already seen or future) that matches. */
  next<E extends EventChannel>(e: E, match?: (p: EventPayload<E>) => boolean): Promise<EventPayload<E>>;
}

export function recordingHub(): Recorded {
  const hub = new EventHub();
  const events: Recorded['events'] = [];
  const waiters: { e: EventChannel; match: (p: never) => boolean; resolve: (p: unknown) => void }[] = [];
  hub.subscribe((event, payload) => {
    events.push({ event, payload });
    for (const w of [...waiters]) {
      if (w.e === event && w.match(payload as never)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  return {
    hub,
    events,
    of: (e) => events.filter((x) => x.event === e).map((x) => x.payload) as never,
    next: (e, match = () => true) => {
      const seen = events.find((x) => x.event === e && match(x.payload as never));
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve) =>
        waiters.push({ e, match: match as (p: never) => boolean, resolve: resolve as (p: unknown) => void }),
      );
    },
  };
}

export function startService(
  store: SqliteTickStore,
  dbPath: string,
  rec: Recorded,
  extra: Partial<AnalyticsServiceOptions> = {},
): AnalyticsService {
  return createAnalyticsService({ store, dbPath, hub: rec.hub, now: () => 1_700_000_000_000, ...extra });
}
