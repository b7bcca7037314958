import { describe, expect, it } from 'vitest';
import { DisposableStore, RunOnceScheduler, toDisposable, type Timers } from '../../../../src/engine/lifecycle';

/** Timers a test advances by hand. */
function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout: (fn, ms) => {
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void due.delete(h as number),
    advance(ms) {
      now += ms;
      for (const [h, t] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        due.delete(h);
        t.fn();
      }
    },
    pending: () => due.size,
  };
}

describe('RunOnceScheduler', () => {
  it('runs once after its delay; scheduling again moves the run', () => {
    const timers = manualTimers();
    let runs = 0;
    const s = new RunOnceScheduler(() => runs++, 100, timers);
    s.schedule();
    timers.advance(60);
    s.schedule();
    timers.advance(60);
    expect(runs).toBe(0);
    expect(s.isScheduled).toBe(true);
    timers.advance(40);
    expect(runs).toBe(1);
    expect(s.isScheduled).toBe(false);
  });

  it('cancel drops the run; after dispose nothing is ever scheduled', () => {
    const timers = manualTimers();
    let runs = 0;
    const s = new RunOnceScheduler(() => runs++, 10, timers);
    s.schedule();
    s.cancel();
    timers.advance(20);
    s.schedule(5);
    s.dispose();
    s.schedule();
    timers.advance(50);
    expect(runs).toBe(0);
    expect(timers.pending()).toBe(0);
  });
});

describe('DisposableStore', () => {
  it('releases in reverse order, once, and releases at once what is added after dispose', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(toDisposable(() => order.push('b')));
    store.dispose();
    store.dispose();
    store.add(toDisposable(() => order.push('late')));
    expect(order).toEqual(['b', 'a', 'late']);
    expect(store.isDisposed).toBe(true);
  });

  it('releases every item even when one throws, then reports the failure', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(
      toDisposable(() => {
        throw new Error('boom');
      }),
    );
    expect(() => store.clear()).toThrow('boom');
    expect(order).toEqual(['first']);
    expect(store.isDisposed).toBe(false);
  });
});
