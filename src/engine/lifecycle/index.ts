export { DisposableStore, toDisposable, type Disposable } from './disposable';
export { Emitter } from './emitter';
export { RunOnceScheduler } from './runOnceScheduler';
export { realTimers, type Timers } from './timers';
