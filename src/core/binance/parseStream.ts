import { normalizeSymbol, type Tick } from '../../shared/market';
import { booleanField, decimalField, integerField, tradeProblem } from './fields';
import { ignoredResult, rejectResult, type ParseResult } from './parseResult';
import { scanTradeFrame } from './scanTrade';

export interface ParseOptions {
  /** Uppercase symbols the caller expects; anything else is rejected as unknown. */
  readonly symbols?: ReadonlySet<string>;
  /** The clock trade times are judged against (default: the wall clock). */
  readonly now?: () => number;
}

/**
 * Parses one WebSocket text frame: a combined-stream envelope {"stream","data"} or a raw
 * payload. Trades (aggTrade, trade) become ticks; other events are ignored.
 */
export function parseStreamMessage(text: string, opts?: ParseOptions): ParseResult {
  return scanTradeFrame(text, opts) ?? parseJsonMessage(text, opts);
}

/** The general path: JSON.parse, then precise reasons for whatever is wrong. */
export function parseJsonMessage(text: string, opts?: ParseOptions): ParseResult {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return rejectResult(null, 'malformed JSON');
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg))
    return rejectResult(null, 'message is not a JSON object');
  const env = msg as Record<string, unknown>;
  const data = env.data;
  if (data !== undefined && typeof env.stream === 'string') return parseTradePayload(data, opts);
  // Subscription replies ({"result":..,"id":..}) and errors are control traffic, not data.
  if ('id' in env && ('result' in env || 'code' in env)) return ignoredResult('control reply');
  return parseTradePayload(env, opts);
}

/** Parses an already-decoded aggTrade or trade payload (the `data` of a combined frame). */
export function parseTradePayload(data: unknown, opts?: ParseOptions): ParseResult {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return rejectResult(null, 'payload is not a JSON object');
  const d = data as Record<string, unknown>;
  const e = d.e;
  let id: number;
  let stream: 'aggTrade' | 'trade';
  if (e === 'aggTrade') {
    stream = 'aggTrade';
    id = integerField(d.a);
  } else if (e === 'trade') {
    stream = 'trade';
    id = integerField(d.t);
  } else if (typeof e === 'string') {
    return ignoredResult(e);
  } else if (d.u !== undefined || d.lastUpdateId !== undefined || d.bids !== undefined) {
    // bookTicker without `e`, or a REST depth snapshot found in recordings.
    return ignoredResult('book');
  } else {
    return rejectResult(typeof d.s === 'string' ? d.s : null, 'missing event type "e"');
  }
  const rawSymbol = d.s;
  if (typeof rawSymbol !== 'string' || rawSymbol.length === 0) return rejectResult(null, 'missing symbol "s"');
  // Not echoed: it may hold escape sequences, and a reject counted under it would make it a
  // feed in the status.
  const symbol = normalizeSymbol(rawSymbol);
  if (symbol === null) return rejectResult(null, 'invalid symbol "s" (not 2-30 letters or digits)');
  if (opts?.symbols && !opts.symbols.has(symbol)) return rejectResult(symbol, `unknown symbol ${symbol}`);
  if (d.p === undefined) return rejectResult(symbol, 'missing price "p"');
  if (d.q === undefined) return rejectResult(symbol, 'missing quantity "q"');
  if (d.T === undefined) return rejectResult(symbol, 'missing trade time "T"');
  const ts = integerField(d.T);
  const price = decimalField(d.p);
  const size = decimalField(d.q);
  const maker = booleanField(d.m);
  const problem = tradeProblem(id, ts, price, size, maker, opts?.now);
  if (problem !== null) return rejectResult(symbol, problem);
  const tick: Tick = { symbol, tradeId: id, ts, price, size, isBuyerMaker: maker as boolean };
  return { kind: 'tick', tick, stream };
}
