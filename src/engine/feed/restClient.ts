import { backoffDelay } from './backoff';
import { describeNetworkError } from './networkError';
import { TimerSet } from './timers';

/** Binance USD-M futures' REST base. */
export const DEFAULT_REST_URL = 'https://fapi.binance.com';

export interface RestEvent {
  readonly type: 'rate-limited' | 'banned' | 'retry' | 'weight-pause';
  readonly status?: number;
  readonly waitMs: number;
  readonly url: string;
  /** Why a 'retry' is needed: the network error (ECONNREFUSED, ...) or the status answered. */
  readonly reason?: string;
}

export interface RestClientOptions {
  readonly baseUrl: string;
  readonly timers: TimerSet;
  readonly now: () => number;
  readonly isStopped: () => boolean;
  readonly fetchImpl?: typeof fetch;
  /** Jitter for the retry backoff. */
  readonly random?: () => number;
  /** First retry delay for 5xx/network errors and 429 without Retry-After. */
  readonly retryBaseMs?: number;
  /** Longest retry delay: a client that waits out an outage still asks twice a minute or so. */
  readonly retryMaxMs?: number;
  /** Attempts per call (Infinity: until it answers or the client is stopped). */
  readonly maxAttempts?: number;
  /** Pause when X-MBX-USED-WEIGHT-1M reaches this (Binance allows 2400 per minute). */
  readonly weightSoftLimit?: number;
  /** A black-holed connection would otherwise hang; ten seconds is far above Binance's latency. */
  readonly requestTimeoutMs?: number;
  readonly onEvent?: (e: RestEvent) => void;
}

export class RestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * GETs JSON from Binance's REST API, honouring its rate-limit signals: the used-weight
 * header, 429 (slow down, Retry-After) and 418 (banned for Retry-After seconds).
 */
export class RestClient {
  private usedWeight = 0;
  private weightMinute = 0;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly opts: RestClientOptions) {}

  get lastUsedWeight(): number {
    return this.usedWeight;
  }

  /** Aborts every request under way (the owner is stopping: its calls then throw 'stopped'). */
  cancelAll(): void {
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
  }

  /** `maxAttempts` overrides the client's for one call (e.g. a quick reachability check). */
  async getJson(path: string, call: { maxAttempts?: number } = {}): Promise<unknown> {
    const { timers, now } = this.opts;
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    const base = this.opts.retryBaseMs ?? 1000;
    const backoff = (attempt: number): number =>
      backoffDelay(attempt, base, this.opts.retryMaxMs ?? 30_000, this.opts.random ?? Math.random);
    const maxAttempts = call.maxAttempts ?? this.opts.maxAttempts ?? 8;
    const timeoutMs = this.opts.requestTimeoutMs ?? 10_000;
    const url = this.opts.baseUrl.replace(/\/+$/, '') + path;
    for (let attempt = 0; ; attempt++) {
      if (this.opts.isStopped()) throw new RestError('stopped', null);
      await this.respectWeight(url);
      let res: Response;
      const cancel = new AbortController();
      this.inFlight.add(cancel);
      try {
        res = await fetchImpl(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.any([cancel.signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (err) {
        if (this.opts.isStopped()) throw new RestError('stopped', null);
        const reason = describeNetworkError(err, timeoutMs);
        if (attempt + 1 >= maxAttempts) throw new RestError(`GET ${url} failed: ${reason}`, null);
        const waitMs = backoff(attempt);
        this.opts.onEvent?.({ type: 'retry', waitMs, url, reason });
        await timers.sleep(waitMs);
        continue;
      } finally {
        this.inFlight.delete(cancel);
      }
      const weight = Number(res.headers.get('x-mbx-used-weight-1m'));
      if (Number.isFinite(weight)) {
        this.usedWeight = weight;
        this.weightMinute = Math.floor(now() / 60_000);
      }
      if (res.ok) return (await res.json()) as unknown;
      const retryAfterSec = Number(res.headers.get('retry-after'));
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 429 || res.status === 418) {
        // 418 means we ignored 429s and are banned: wait it out, never hammer.
        const fallback = res.status === 418 ? 120_000 : backoff(attempt);
        const waitMs =
          Number.isFinite(retryAfterSec) && retryAfterSec >= 0 && res.headers.has('retry-after')
            ? retryAfterSec * 1000
            : fallback;
        this.opts.onEvent?.({ type: res.status === 418 ? 'banned' : 'rate-limited', status: res.status, waitMs, url });
        await timers.sleep(Math.max(waitMs, 1));
        continue;
      }
      if (res.status >= 500 && attempt + 1 < maxAttempts) {
        const waitMs = backoff(attempt);
        this.opts.onEvent?.({ type: 'retry', status: res.status, waitMs, url, reason: `answered ${res.status}` });
        await timers.sleep(waitMs);
        continue;
      }
      throw new RestError(`GET ${url} answered ${res.status}`, res.status);
    }
  }

  private async respectWeight(url: string): Promise<void> {
    const soft = this.opts.weightSoftLimit ?? 2000;
    const nowMs = this.opts.now();
    if (Math.floor(nowMs / 60_000) !== this.weightMinute) return;
    if (this.usedWeight < soft) return;
    const waitMs = (this.weightMinute + 1) * 60_000 - nowMs + 50;
    this.opts.onEvent?.({ type: 'weight-pause', waitMs, url });
    await this.opts.timers.sleep(waitMs);
    this.usedWeight = 0;
  }
}
