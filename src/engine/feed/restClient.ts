import { TimerSet } from './timers';

export interface RestClientOptions {
  readonly baseUrl: string;
  readonly timers: TimerSet;
  readonly now: () => number;
  readonly isStopped: () => boolean;
  readonly fetchImpl?: typeof fetch;
  /** First retry delay for 5xx/network errors and 429 without Retry-After. */
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
  /** Pause when X-MBX-USED-WEIGHT-1M reaches this (Binance allows 2400 per minute). */
  readonly weightSoftLimit?: number;
  readonly onEvent?: (e: { type: 'rate-limited' | 'banned' | 'retry' | 'weight-pause'; status?: number; waitMs: number; url: string }) => void;
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

  constructor(private readonly opts: RestClientOptions) {}

  get lastUsedWeight(): number {
    return this.usedWeight;
  }

  /** `maxAttempts` overrides the client's for one call (e.g. a quick reachability check). */
  async getJson(path: string, call: { maxAttempts?: number } = {}): Promise<unknown> {
    const { timers, now } = this.opts;
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    const base = this.opts.retryBaseMs ?? 1000;
    const maxAttempts = call.maxAttempts ?? this.opts.maxAttempts ?? 8;
    const url = this.opts.baseUrl.replace(/\/+$/, '') + path;
    for (let attempt = 0; ; attempt++) {
      if (this.opts.isStopped()) throw new RestError('stopped', null);
      await this.respectWeight(url);
      let res: Response;
      try {
        // A black-holed connection would otherwise hang; ten seconds is far above Binance's latency.
        res = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      } catch (err) {
        if (attempt + 1 >= maxAttempts) throw new RestError(`GET ${url} failed: ${(err as Error).message}`, null);
        const waitMs = base * 2 ** attempt;
        this.opts.onEvent?.({ type: 'retry', waitMs, url });
        await timers.sleep(waitMs);
        continue;
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
        const fallback = res.status === 418 ? 120_000 : base * 2 ** attempt;
        const waitMs = Number.isFinite(retryAfterSec) && retryAfterSec >= 0 && res.headers.has('retry-after') ? retryAfterSec * 1000 : fallback;
        this.opts.onEvent?.({ type: res.status === 418 ? 'banned' : 'rate-limited', status: res.status, waitMs, url });
        await timers.sleep(Math.max(waitMs, 1));
        continue;
      }
      if (res.status >= 500 && attempt + 1 < maxAttempts) {
        const waitMs = base * 2 ** attempt;
        this.opts.onEvent?.({ type: 'retry', status: res.status, waitMs, url });
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
