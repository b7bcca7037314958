import type { Tick } from '../../shared/market';
import { booleanField, decimalField, integerField, tradeProblem } from '../binance/fields';
import { rejectResult, type ParseResult } from '../binance/parseResult';

/**
 * The tick bus's wire format (../shared/specs/tick-bus.md): one JetStream message per
 * trade on subject `ticks.<venue>.<SYMBOL>`, its body the normalised tick as JSON
 * `{"symbol","tradeId","ts","price","size","isBuyerMaker"}` (the same field names as
 * `tickscope export ticks --format json`), header `Nats-Msg-Id: <venue>:<SYMBOL>:<tradeId>`
 * so two recorders publishing the same trade store it once.
 */
export const TICK_VENUE = 'binance-um';
export const TICK_STREAM = 'TICKS';
export const TICK_SUBJECTS = 'ticks.>';

export function tickSubject(symbol: string, venue = TICK_VENUE): string {
  return `ticks.${venue}.${symbol}`;
}

export function tickMsgId(symbol: string, tradeId: number, venue = TICK_VENUE): string {
  return `${venue}:${symbol}:${tradeId}`;
}

/** The symbol a subject carries, or null for a subject that is not a tick subject of `venue`. */
export function subjectSymbol(subject: string, venue = TICK_VENUE): string | null {
  const prefix = `ticks.${venue}.`;
  if (!subject.startsWith(prefix)) return null;
  const symbol = subject.slice(prefix.length);
  return /^[A-Z0-9]{2,30}$/.test(symbol) ? symbol : null;
}

export function encodeTick(t: Tick): string {
  return JSON.stringify({
    symbol: t.symbol,
    tradeId: t.tradeId,
    ts: t.ts,
    price: t.price,
    size: t.size,
    isBuyerMaker: t.isBuyerMaker,
  });
}

/**
 * A message body back to a tick, validated like every other edge (a broken message is
 * rejected with a reason, never stored). The subject is the authority on the symbol: a
 * body that names another symbol is refused.
 */
export function decodeTick(body: string, subject: string, venue = TICK_VENUE): ParseResult {
  const symbol = subjectSymbol(subject, venue);
  if (symbol === null) return rejectResult(null, `not a tick subject: ${JSON.stringify(subject.slice(0, 80))}`);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return rejectResult(symbol, 'bus message is not JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return rejectResult(symbol, 'bus message is not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.symbol !== symbol)
    return rejectResult(
      symbol,
      `bus message names symbol ${JSON.stringify(String(o.symbol).slice(0, 40))} on subject ${subject}`,
    );
  const tradeId = integerField(o.tradeId);
  const ts = integerField(o.ts);
  const price = decimalField(o.price);
  const size = decimalField(o.size);
  const isBuyerMaker = booleanField(o.isBuyerMaker);
  const problem = tradeProblem(tradeId, ts, price, size, isBuyerMaker);
  if (problem) return rejectResult(symbol, problem);
  return { kind: 'tick', stream: 'aggTrade', tick: { symbol, tradeId, ts, price, size, isBuyerMaker: isBuyerMaker! } };
}
