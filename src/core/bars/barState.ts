import type { Bar, Timeframe } from '../../shared/market';

/**
 * A bar plus the (time, id) keys of its open and close trades. With those keys a trade that
 * arrives late (a REST refill of a gap) can be merged exactly: open/close move only if the
 * late trade sorts before the open or after the close by (trade time, trade id).
 */
export interface BarState extends Bar {
  openTs: number;
  openId: number;
  closeTs: number;
  closeId: number;
}

export function newBarState(symbol: string, tf: Timeframe, ts: number): BarState {
  return {
    symbol,
    tf,
    ts,
    open: 0,
    high: -Infinity,
    low: Infinity,
    close: 0,
    volume: 0,
    quoteVolume: 0,
    trades: 0,
    vwap: 0,
    buyVolume: 0,
    openTs: Infinity,
    openId: Infinity,
    closeTs: -Infinity,
    closeId: -Infinity,
  };
}

/** Folds one trade into a bar; order-independent except through the open/close keys. */
export function addTrade(
  s: BarState,
  ts: number,
  id: number,
  price: number,
  size: number,
  isBuyerMaker: boolean,
): void {
  if (price > s.high) s.high = price;
  if (price < s.low) s.low = price;
  s.volume += size;
  s.quoteVolume += price * size;
  s.trades += 1;
  if (!isBuyerMaker) s.buyVolume += size;
  if (ts < s.openTs || (ts === s.openTs && id < s.openId)) {
    s.open = price;
    s.openTs = ts;
    s.openId = id;
  }
  if (ts > s.closeTs || (ts === s.closeTs && id > s.closeId)) {
    s.close = price;
    s.closeTs = ts;
    s.closeId = id;
  }
}

/** The public bar (no merge keys), with vwap derived from the sums. */
export function toBar(s: BarState): Bar {
  return {
    symbol: s.symbol,
    tf: s.tf,
    ts: s.ts,
    open: s.open,
    high: s.high,
    low: s.low,
    close: s.close,
    volume: s.volume,
    quoteVolume: s.quoteVolume,
    trades: s.trades,
    vwap: s.volume > 0 ? s.quoteVolume / s.volume : s.close,
    buyVolume: s.buyVolume,
  };
}
