export { DisposableStore, toDisposable, type Disposable } from './disposable';
export { RunOnceScheduler } from './runOnceScheduler';
export { realTimers, type Timers } from './timers';
