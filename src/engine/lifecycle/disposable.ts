/**
 * Disposables, after VS Code's vocabulary: anything that holds a resource (a timer, a
 * listener, a worker) hands back a Disposable, and its owner keeps them in a
 * DisposableStore that releases them all at once, in reverse order of acquisition.
 */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `d` until dispose(); one added after dispose() is released at once (never leaked). */
  add<T extends Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Releases everything held so far and keeps accepting new items. */
  clear(): void {
    const items = this.items.splice(0).reverse();
    const errors: unknown[] = [];
    for (const d of items) {
      try {
        d.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    // Every item is released even when one throws; the first failure is then reported.
    if (errors.length > 0) throw errors[0];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
