import { describe, expect, it } from 'vitest';
import { quitAfterStop, type QuitEvent } from '../../../src/main/lifecycle/gracefulQuit';

function fakeApp() {
  let listener: ((e: QuitEvent) => void) | null = null;
  const app = {
    quits: 0,
    on: (_: 'before-quit', fn: (e: QuitEvent) => void) => (listener = fn),
    // Like Electron: quit() emits before-quit again, and the app exits unless prevented.
    quit: () => {
      app.quits++;
      if (!app.beforeQuit()) app.exited = true;
    },
    exited: false,
    beforeQuit: (): boolean => {
      let prevented = false;
      listener!({ preventDefault: () => (prevented = true) });
      return prevented;
    },
  };
  return app;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));
const noTimers = { setTimer: () => 0, clearTimer: () => undefined };

describe('graceful quit', () => {
  it('holds the quit until the engine has stopped, then quits once', async () => {
    const app = fakeApp();
    const stopping = deferred();
    let stops = 0;
    quitAfterStop(app, () => (stops++, stopping.promise), noTimers);
    expect(app.beforeQuit()).toBe(true); // the user's quit is held
    expect(app.beforeQuit()).toBe(true); // a second Cmd+Q while stopping is held too, no second stop
    expect(stops).toBe(1);
    await tick();
    expect(app.exited).toBe(false);
    stopping.resolve();
    await tick();
    expect(app.quits).toBe(1);
    expect(app.exited).toBe(true);
  });

  it('a failing stop is reported and the app still quits', async () => {
    const app = fakeApp();
    const errors: unknown[] = [];
    quitAfterStop(app, () => Promise.reject(new Error('disk full')), { ...noTimers, onError: (e) => errors.push(e) });
    app.beforeQuit();
    await tick();
    expect((errors[0] as Error).message).toBe('disk full');
    expect(app.exited).toBe(true);
  });

  it('a stop that hangs past the timeout does not keep the app alive', async () => {
    const app = fakeApp();
    const timers: (() => void)[] = [];
    const errors: unknown[] = [];
    quitAfterStop(app, () => new Promise<void>(() => undefined), {
      timeoutMs: 1234,
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => undefined,
      onError: (e) => errors.push(e),
    });
    app.beforeQuit();
    await tick();
    expect(app.exited).toBe(false);
    timers[0]!();
    expect(app.exited).toBe(true);
    expect(String(errors[0])).toMatch(/1234 ms/);
  });
});
