import type { Tick } from '../../shared/market';
import { booleanField, decimalField, integerField, tradeProblem } from './fields';
import { rejectResult, type ParseResult } from './parseResult';

/**
 * One row of GET /fapi/v1/aggTrades: {"a","p","q","f","l","T","m"}. The symbol is not in
 * the row; the caller asked for it.
 */
export function parseRestAggTrade(row: unknown, symbol: string, now?: () => number): ParseResult {
  if (row === null || typeof row !== 'object' || Array.isArray(row))
    return rejectResult(symbol, 'aggTrades row is not an object');
  const r = row as Record<string, unknown>;
  const id = integerField(r.a);
  const ts = integerField(r.T);
  const price = decimalField(r.p);
  const size = decimalField(r.q);
  const maker = booleanField(r.m);
  const problem = tradeProblem(id, ts, price, size, maker, now);
  if (problem !== null) return rejectResult(symbol, problem);
  const tick: Tick = { symbol, tradeId: id, ts, price, size, isBuyerMaker: maker as boolean };
  return { kind: 'tick', tick, stream: 'aggTrade' };
}
