import { toDisposable, type Disposable } from './disposable';

/**
 * A typed event source (VS Code's Emitter, reduced): `event(listener)` subscribes and hands
 * back the Disposable that ends the subscription. A listener that throws does not stop the
 * others; the error goes to `onListenerError` (default: rethrown after all ran).
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();
  private disposed = false;

  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  readonly event = (listener: (value: T) => void): Disposable => {
    if (this.disposed) return toDisposable(() => undefined);
    // A wrapper, so one function subscribed twice is two subscriptions.
    const l = (value: T): void => listener(value);
    this.listeners.add(l);
    return toDisposable(() => this.listeners.delete(l));
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  fire(value: T): void {
    let first: unknown = null;
    let failed = false;
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (err) {
        if (this.onListenerError) this.onListenerError(err);
        else if (!failed) {
          failed = true;
          first = err;
        }
      }
    }
    if (failed) throw first;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
