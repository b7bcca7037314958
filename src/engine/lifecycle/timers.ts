/**
 * The one timer interface of the engine. Everything that waits (coalescers, the snapshot
 * cadence, feeds' reconnects, status pushes) takes a `Timers`, so a test drives time
 * instead of sleeping. Plain (ref'd) Node timers by default: a started feed or service
 * holds the process open until it is disposed, like a listening server.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
