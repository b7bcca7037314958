import type { Tick } from '../../../src/shared/market';

/** One trade as the fake exchange knows it, with the exact recorded frame if there was one. */
export interface FakeTrade {
  symbol: string;
  id: number;
  /** Trade time T and event time E, epoch ms. */
  T: number;
  E: number;
  p: string;
  q: string;
  m: boolean;
  /** The recorded `<sym>@trade` combined-stream line, replayed byte for byte. */
  raw?: string;
}

/** Reads recorded combined-stream `@trade` lines (the JSONL files in shared/data). */
export function tradesFromMessages(lines: readonly string[]): FakeTrade[] {
  const out: FakeTrade[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const msg = JSON.parse(text) as { data?: Record<string, unknown> } & Record<string, unknown>;
    const d = (msg.data ?? msg) as Record<string, unknown>;
    if (d.e !== 'trade') continue;
    out.push({
      symbol: String(d.s),
      id: Number(d.t),
      T: Number(d.T),
      E: Number(d.E),
      p: String(d.p),
      q: String(d.q),
      m: d.m === true,
      raw: text,
    });
  }
  return out;
}

export function tradesFromTicks(ticks: readonly Tick[]): FakeTrade[] {
  return ticks.map((t) => ({
    symbol: t.symbol,
    id: t.tradeId,
    T: t.ts,
    E: t.ts,
    p: String(t.price),
    q: String(t.size),
    m: t.isBuyerMaker,
  }));
}

/** Several recordings merged into one market timeline by event time (stable). */
export function mergeByEventTime(...lists: FakeTrade[][]): FakeTrade[] {
  return lists
    .flat()
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.E - b.t.E || a.i - b.i)
    .map((x) => x.t);
}

export function tradeFrame(t: FakeTrade): string {
  if (t.raw) return t.raw;
  const data = { e: 'trade', E: t.E, T: t.T, s: t.symbol, t: t.id, p: t.p, q: t.q, X: 'MARKET', m: t.m };
  return JSON.stringify({ stream: `${t.symbol.toLowerCase()}@trade`, data });
}

/** One aggTrade per trade (a = t), as the real feed would aggregate a lone fill. */
export function aggTradeData(t: FakeTrade): Record<string, unknown> {
  return { e: 'aggTrade', E: t.E, a: t.id, s: t.symbol, p: t.p, q: t.q, nq: t.q, f: t.id, l: t.id, T: t.T, m: t.m };
}

export function aggTradeFrame(t: FakeTrade): string {
  return JSON.stringify({ stream: `${t.symbol.toLowerCase()}@aggTrade`, data: aggTradeData(t) });
}

/** The REST /fapi/v1/aggTrades row for a trade. */
export function aggTradeRow(t: FakeTrade): Record<string, unknown> {
  return { a: t.id, p: t.p, q: t.q, f: t.id, l: t.id, T: t.T, m: t.m };
}
