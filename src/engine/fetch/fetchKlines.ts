import { tradingPerpetuals } from '../../core/binance/parseExchangeInfo';
import {
  POSITIONAL_KLINE_COLUMNS,
  klineBar,
  klineIntervalProblem,
  parseKlineRow,
} from '../../core/binance/parseKlines';
import { timeframeMs, type Bar, type Timeframe } from '../../shared/market';
import { DEFAULT_REST_URL } from '../feed/binanceFeed';
import { ExchangeInfoError, fetchExchangeInfo, tradingSymbols } from '../feed/exchangeInfo';
import { RestClient, RestError } from '../feed/restClient';
import { TimerSet } from '../feed/timers';
import type { Timers } from '../lifecycle';
import { createKlineBarWriter } from '../store/klineBars';
import type { SqliteTickStore } from '../store/sqliteStore';

/** Timeframes Binance USD-M has klines for (no 1s/5s/15s on futures). */
export const FETCH_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const satisfies readonly Timeframe[];

/** Binance's most rows per /fapi/v1/klines call. */
export const KLINES_PAGE = 1500;

const DAY_MS = 86_400_000;

export interface FetchKlinesOptions {
  readonly store: SqliteTickStore;
  /** Symbols (uppercase), or 'all': every TRADING perpetual in exchangeInfo. */
  readonly symbols: readonly string[] | 'all';
  readonly tf: (typeof FETCH_TIMEFRAMES)[number];
  /** How far back from now, in days (fractions allowed). */
  readonly days: number;
  readonly restUrl?: string;
  /** "Now", the end of the fetch (default: exchangeInfo's serverTime, else the local clock). */
  readonly now?: () => number;
  readonly timers?: Timers;
  readonly fetchImpl?: typeof fetch;
  readonly retryBaseMs?: number;
  /** Pause when the used weight reaches this (Binance allows 2400 a minute; default 2000). */
  readonly weightSoftLimit?: number;
  /** Stops between pages (what was stored stays: the next run resumes after it). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: { symbol: string; done: number; total: number; bars: number }) => void;
  /** Rate-limit waits (429, 418, the weight pause) and retries, as the REST client reports them. */
  readonly onRest?: (e: { type: string; status?: number; waitMs: number; url: string }) => void;
}

export interface SymbolFetchReport {
  symbol: string;
  /** First interval requested: after the last stored kline, or the start of the range. */
  from: number;
  requests: number;
  newBars: number;
  updatedBars: number;
  tradeBarsKept: number;
  zeroVolume: number;
  rejected: number;
}

export interface FetchKlinesReport {
  tf: Timeframe;
  from: number;
  to: number;
  symbols: SymbolFetchReport[];
  requests: number;
  newBars: number;
  /** False when cancelled: run the same command again to resume. */
  complete: boolean;
  /** Waits for rate limits (429/418/weight) and their total length. */
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

/** A fetch that cannot start or cannot go on (unknown symbol, Binance unreachable): one line. */
export class FetchError extends Error {}

/**
 * Fills the store with klines over REST (../shared/specs/scanner.md): for each symbol, pages
 * of up to 1,500 closed klines from after its newest stored kline (or the start of the
 * range) up to now, each page stored in one transaction, so an interrupted fetch resumes
 * where it stopped. One request at a time through the REST client, which reads
 * X-MBX-USED-WEIGHT-1M and pauses near the limit, and waits out 429/418 (Retry-After).
 */
export async function fetchKlines(opts: FetchKlinesOptions): Promise<FetchKlinesReport> {
  const timers = new TimerSet(opts.timers);
  const stop = (): void => timers.cancelAll();
  opts.signal?.addEventListener('abort', stop, { once: true });
  const report: FetchKlinesReport = {
    tf: opts.tf,
    from: 0,
    to: 0,
    symbols: [],
    requests: 0,
    newBars: 0,
    complete: false,
    rateLimitWaits: 0,
    rateLimitWaitMs: 0,
  };
  const rest = new RestClient({
    baseUrl: opts.restUrl ?? DEFAULT_REST_URL,
    timers,
    now: opts.now ?? Date.now,
    isStopped: () => opts.signal?.aborted ?? false,
    fetchImpl: opts.fetchImpl,
    retryBaseMs: opts.retryBaseMs,
    weightSoftLimit: opts.weightSoftLimit,
    onEvent: (e) => {
      if (e.type !== 'retry') {
        report.rateLimitWaits++;
        report.rateLimitWaitMs += e.waitMs;
      }
      opts.onRest?.(e);
    },
  });
  try {
    // Two tries, as the feed's start-up check: an unreachable Binance is reported in seconds.
    const info = await asFetchError('exchangeInfo', () => fetchExchangeInfo(rest, 2));
    const trading = new Set(tradingSymbols(info));
    const symbols = opts.symbols === 'all' ? tradingPerpetuals(info) : [...opts.symbols];
    const unknown = symbols.filter((s) => !trading.has(s));
    if (unknown.length > 0) throw new FetchError(`not a trading USD-M futures symbol: ${unknown.join(', ')}`);
    if (symbols.length === 0) throw new FetchError('exchangeInfo lists no trading perpetual');
    const tfMs = timeframeMs(opts.tf);
    const end = opts.now?.() ?? info.serverTime ?? Date.now();
    const start = Math.floor((end - opts.days * DAY_MS) / tfMs) * tfMs;
    report.from = start;
    report.to = end;
    const writer = createKlineBarWriter(opts.store);
    for (let i = 0; i < symbols.length; i++) {
      if (opts.signal?.aborted) return report;
      const symbol = symbols[i]!;
      const last = writer.lastKlineStart(symbol, opts.tf);
      const s: SymbolFetchReport = {
        symbol,
        from: last !== null && last + tfMs > start ? last + tfMs : start,
        requests: 0,
        newBars: 0,
        updatedBars: 0,
        tradeBarsKept: 0,
        zeroVolume: 0,
        rejected: 0,
      };
      report.symbols.push(s);
      let cursor = s.from;
      while (cursor < end) {
        if (opts.signal?.aborted) return report;
        const path = `/fapi/v1/klines?symbol=${symbol}&interval=${opts.tf}&startTime=${cursor}&limit=${KLINES_PAGE}`;
        const rows = await get(rest, path, `klines of ${symbol}`);
        if (!Array.isArray(rows)) throw new FetchError(`klines of ${symbol}: unexpected answer (not a list)`);
        s.requests++;
        report.requests++;
        const page = pageBars(symbol, opts.tf, rows, end);
        s.rejected += page.rejected;
        s.zeroVolume += page.zeroVolume;
        const counts = writer.write(page.bars);
        s.newBars += counts.newBars;
        s.updatedBars += counts.updatedBars;
        s.tradeBarsKept += counts.tradeBarsKept;
        report.newBars += counts.newBars;
        opts.onProgress?.({ symbol, done: i, total: symbols.length, bars: s.newBars });
        if (page.lastOpen === null || page.reachedEnd || rows.length < KLINES_PAGE) break;
        cursor = page.lastOpen + tfMs;
      }
      opts.onProgress?.({ symbol, done: i + 1, total: symbols.length, bars: s.newBars });
    }
    report.complete = true;
    return report;
  } catch (err) {
    if (opts.signal?.aborted && err instanceof RestError && err.status === null) return report;
    if (err instanceof FetchError && report.newBars > 0) {
      throw new FetchError(`${err.message}; ${report.newBars} new bars stored before it, run again to resume`);
    }
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    timers.cancelAll();
  }
}

async function get(rest: RestClient, path: string, what: string, maxAttempts?: number): Promise<unknown> {
  return asFetchError(what, () => rest.getJson(path, { maxAttempts }));
}

/** A failed call as a FetchError naming what was asked for ('stopped' passes through). */
async function asFetchError<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof RestError && err.message === 'stopped') throw err;
    // Its message already says it was exchangeInfo's answer.
    if (err instanceof ExchangeInfoError) throw new FetchError(err.message);
    throw new FetchError(`${what}: ${(err as Error).message}`);
  }
}

/** One page of REST klines as bars: closed klines only (close time before `end`; the last one
 * of a page reaching now is still forming), zero-volume ones skipped, bad rows counted. */
function pageBars(symbol: string, tf: Timeframe, rows: unknown[], end: number) {
  const bars: Bar[] = [];
  let rejected = 0;
  let zeroVolume = 0;
  let lastOpen: number | null = null;
  let reachedEnd = false;
  for (const row of rows) {
    const r = parseKlineRow(Array.isArray(row) ? row : [], POSITIONAL_KLINE_COLUMNS);
    if ('reject' in r || klineIntervalProblem(r.kline, tf) !== null) {
      rejected++;
      continue;
    }
    if (r.kline.closeTime >= end) {
      reachedEnd = true;
      break;
    }
    lastOpen = r.kline.openTime;
    const bar = klineBar(symbol, tf, r.kline);
    if (bar) bars.push(bar);
    else zeroVolume++;
  }
  return { bars, rejected, zeroVolume, lastOpen, reachedEnd };
}
