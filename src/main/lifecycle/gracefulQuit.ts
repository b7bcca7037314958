// Quitting waits for the engine to stop (the ingestor's last batch is flushed and the
// database closed) before the process exits. Electron-free so it is tested with a fake app.

export interface QuitEvent {
  preventDefault(): void;
}

/** The parts of Electron's `app` this uses. */
export interface AppLike {
  on(event: 'before-quit', listener: (event: QuitEvent) => void): unknown;
  quit(): void;
}

export interface GracefulQuitOptions {
  /** Quit anyway if stopping hangs this long (default 5 s): a stuck feed must not keep the app alive. */
  timeoutMs?: number;
  onError?: (err: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Holds the first quit until `stop()` settles, then quits for real. The second
 * before-quit (ours) passes through, so there is no loop.
 */
export function quitAfterStop(app: AppLike, stop: () => Promise<void>, opts: GracefulQuitOptions = {}): void {
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let state: 'running' | 'stopping' | 'done' = 'running';
  const finish = (): void => {
    if (state === 'done') return;
    state = 'done';
    app.quit();
  };
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    const timer = setTimer(() => {
      opts.onError?.(new Error(`engine did not stop within ${opts.timeoutMs ?? 5000} ms; quitting anyway`));
      finish();
    }, opts.timeoutMs ?? 5000);
    stop()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => {
        clearTimer(timer);
        finish();
      });
  });
}
