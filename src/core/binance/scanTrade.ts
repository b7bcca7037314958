import { normalizeSymbol, type Tick } from '../../shared/market';
import type { ParseResult } from './parseResult';
import type { ParseOptions } from './parseStream';
import { tradeTimeProblemNow } from './tradeBounds';

/**
 * A single-pass scanner for the one shape that matters for throughput: a combined-stream
 * (or raw) aggTrade/trade frame whose payload is a flat JSON object. It validates the JSON
 * grammar of everything it walks and builds the tick without materialising an object per
 * message, which JSON.parse would (it dominated the ingest profile).
 *
 * It never decides a reject: anything unusual (escapes, nesting, duplicate or missing keys,
 * odd values, other event types) returns null and the caller falls back to JSON.parse and
 * its precise reasons. So for every frame it accepts, its answer equals the slow path's;
 * tests/unit/market/scanTrade.test.ts checks that on valid and mutated frames.
 */
export function scanTradeFrame(text: string, opts?: ParseOptions): ParseResult | null {
  const n = text.length;
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123 /* { */) return null;
  i = skipWs(text, i + 1);
  // Combined stream: {"stream":"...","data":{...}}; raw: the payload itself.
  if (text.startsWith('"stream"', i)) {
    i = skipWs(text, i + 8);
    if (text.charCodeAt(i) !== 58 /* : */) return null;
    i = skipWs(text, i + 1);
    const end = stringEnd(text, i);
    if (end < 0) return null;
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== 44 /* , */) return null;
    i = skipWs(text, i + 1);
    if (!text.startsWith('"data"', i)) return null;
    i = skipWs(text, i + 6);
    if (text.charCodeAt(i) !== 58) return null;
    i = skipWs(text, i + 1);
    const body = scanPayload(text, i, opts);
    if (body === null) return null;
    i = skipWs(text, body.end);
    if (text.charCodeAt(i) !== 125 /* } */) return null;
    return skipWs(text, i + 1) === n ? body.result : null;
  }
  const body = scanPayload(text, i, opts, true);
  if (body === null) return null;
  return skipWs(text, body.end) === n ? body.result : null;
}

const E = 1,
  S = 2,
  A = 4,
  TID = 128,
  P = 8,
  Q = 16,
  T = 32,
  M = 64;

/** Scans a flat payload object starting at `{` (or just after it when `opened`). */
function scanPayload(
  text: string,
  start: number,
  opts: ParseOptions | undefined,
  opened = false,
): { result: ParseResult; end: number } | null {
  let i = start;
  if (!opened) {
    if (text.charCodeAt(i) !== 123) return null;
    i = skipWs(text, i + 1);
  }
  let seen = 0;
  let stream: 'aggTrade' | 'trade' | null = null;
  let symbol = '';
  let idA = -1,
    idT = -1,
    ts = 0,
    price = 0,
    size = 0;
  let maker = false;
  if (text.charCodeAt(i) === 125) return null;
  for (;;) {
    if (text.charCodeAt(i) !== 34 /* " */) return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    // Single-letter keys are the ones we read; longer keys ("nq", "st") are skipped.
    const key = keyEnd - i === 3 ? text.charCodeAt(i + 1) : 0;
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== 58) return null;
    i = skipWs(text, i + 1);
    const c = text.charCodeAt(i);
    let valueEnd: number;
    if (c === 34) {
      valueEnd = stringEnd(text, i);
      if (valueEnd < 0) return null;
      if (key === 101 /* e */) {
        if (seen & E) return null;
        seen |= E;
        if (text.startsWith('"aggTrade"', i) && valueEnd - i === 10) stream = 'aggTrade';
        else if (text.startsWith('"trade"', i) && valueEnd - i === 7) stream = 'trade';
        else return null;
      } else if (key === 115 /* s */) {
        if (seen & S) return null;
        seen |= S;
        symbol = symbolAt(text, i + 1, valueEnd - 1);
        if (symbol.length === 0) return null;
      } else if (key === 112 /* p */ || key === 113 /* q */) {
        const bit = key === 112 ? P : Q;
        if (seen & bit) return null;
        seen |= bit;
        const v = decimal(text, i + 1, valueEnd - 1);
        if (!(v > 0) || !Number.isFinite(v)) return null;
        if (bit === P) price = v;
        else size = v;
      } else if (key === 97 /* a */ || key === 116 /* t */ || key === 84 /* T */ || key === 109 /* m */) {
        return null; // expected as numbers/booleans; a string here is the slow path's to judge
      }
    } else if (c === 116 /* t */ || c === 102 /* f */) {
      const isTrue = text.startsWith('true', i);
      if (!isTrue && !text.startsWith('false', i)) return null;
      valueEnd = i + (isTrue ? 4 : 5);
      if (key === 109 /* m */) {
        if (seen & M) return null;
        seen |= M;
        maker = isTrue;
      } else if (key === 97 || key === 116 || key === 84 || key === 112 || key === 113 || key === 101 || key === 115)
        return null;
    } else if (c === 110 /* n */) {
      if (!text.startsWith('null', i)) return null;
      valueEnd = i + 4;
      if (key !== 0 && key !== 69 /* E */ && key !== 88 /* X */ && key !== 102 && key !== 108) return null;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      valueEnd = numberEnd(text, i);
      if (valueEnd < 0) return null;
      if (key === 97 || key === 116 || key === 84) {
        const v = unsignedInt(text, i, valueEnd);
        if (v < 0) return null;
        const bit = key === 84 ? T : key === 97 ? A : TID;
        if (seen & bit) return null;
        seen |= bit;
        if (key === 84) {
          if (v <= 0) return null;
          ts = v;
        } else if (key === 97) idA = v;
        else idT = v;
      } else if (key === 112 || key === 113 || key === 101 || key === 115 || key === 109) return null;
    } else return null; // nested object/array: not a flat trade payload
    i = skipWs(text, valueEnd);
    const sep = text.charCodeAt(i);
    if (sep === 44) {
      i = skipWs(text, i + 1);
      continue;
    }
    if (sep !== 125) return null;
    i++;
    break;
  }
  if (stream === null || (seen & (E | S | P | Q | T | M)) !== (E | S | P | Q | T | M)) return null;
  const id = stream === 'aggTrade' ? idA : idT;
  if (id < 0) return null;
  if (opts?.symbols && !opts.symbols.has(symbol)) return null;
  if (tradeTimeProblemNow(ts, opts?.now) !== null) return null;
  const tick: Tick = { symbol, tradeId: id, ts, price, size, isBuyerMaker: maker };
  return { result: { kind: 'tick', tick, stream }, end: i };
}

// The few symbols a feed carries, as sent and uppercased: a frame's symbol is matched in
// place instead of sliced and uppercased (two string allocations a message). Only valid
// symbols are kept, so a match needs no further check.
const recentSymbols: { raw: string; upper: string }[] = [];

/** The frame's symbol in stored form; '' (decline) when it is not a valid symbol. */
function symbolAt(text: string, from: number, to: number): string {
  const len = to - from;
  for (let k = 0; k < recentSymbols.length; k++) {
    const r = recentSymbols[k];
    if (r.raw.length === len && text.startsWith(r.raw, from)) return r.upper;
  }
  const raw = text.slice(from, to);
  const upper = normalizeSymbol(raw);
  if (upper === null) return '';
  if (recentSymbols.length >= 16) recentSymbols.shift();
  recentSymbols.push({ raw, upper });
  return upper;
}

function skipWs(text: string, i: number): number {
  // Binance sends no whitespace: the first test almost always ends it.
  if (text.charCodeAt(i) > 32) return i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Index just past a JSON string starting at i (a quote); -1 on escapes or control characters. */
function stringEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== 34) return -1;
  const close = text.indexOf('"', i + 1);
  if (close < 0) return -1;
  for (let k = i + 1; k < close; k++) {
    const c = text.charCodeAt(k);
    if (c === 92 /* \ */ || c < 32) return -1;
  }
  return close + 1;
}

/** Index just past a JSON number starting at i, validating its grammar; -1 if invalid. */
function numberEnd(text: string, i: number): number {
  let k = i;
  if (text.charCodeAt(k) === 45) k++;
  const first = text.charCodeAt(k);
  if (first === 48) k++;
  else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(k))) k++;
  else return -1;
  if (text.charCodeAt(k) === 46) {
    k++;
    if (!isDigit(text.charCodeAt(k))) return -1;
    while (isDigit(text.charCodeAt(k))) k++;
  }
  const e = text.charCodeAt(k);
  if (e === 101 || e === 69) {
    k++;
    const s = text.charCodeAt(k);
    if (s === 43 || s === 45) k++;
    if (!isDigit(text.charCodeAt(k))) return -1;
    while (isDigit(text.charCodeAt(k))) k++;
  }
  return k;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A plain non-negative integer (digits only) as a safe integer; -1 otherwise. */
function unsignedInt(text: string, from: number, to: number): number {
  if (to - from > 15 || to === from) return -1;
  let v = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal string ("63943.90") to a number, identical to Number(): with at most 15
 * significant digits both the integer mantissa and the power of ten are exact doubles, so
 * the one division is correctly rounded, exactly like a correctly rounded parse. Anything
 * else returns NaN (and the caller takes the slow path).
 */
function decimal(text: string, from: number, to: number): number {
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  if (to === from) return NaN;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 /* . */) {
      if (scale >= 0 || k === from || k === to - 1) return NaN;
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57) return NaN;
    mantissa = mantissa * 10 + (c - 48);
    if (mantissa > 0 || digits > 0) digits++;
    if (scale >= 0) scale++;
  }
  if (digits > 15 || scale > 15) return NaN;
  return scale > 0 ? mantissa / POW10[scale] : mantissa;
}
