import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** 1 s bar as ../shared/specs/analytics.md defines it (a structural subset of shared/market Bar). */
export interface CsvBar {
  symbol: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  vwap: number;
  buyVolume: number;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the Binance recordings live: TICKSCOPE_DATA_DIR, else ../shared/data next to the repo. */
export function recordingsDir(): string {
  return process.env.TICKSCOPE_DATA_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'data');
}

export function haveRecordings(dir = recordingsDir()): boolean {
  return existsSync(join(dir, 'binance-um'));
}

interface Trade {
  id: number;
  price: number;
  qty: number;
  time: number;
  isBuyerMaker: boolean;
}

/**
 * Bars straight from a Binance trades CSV (id,price,qty,quote_qty,time,is_buyer_maker),
 * independent of the app's bar builder so the analytics fixture test checks the math
 * against the spec's bar definition, not against another module of ours.
 */
export function barsFromTradesCsv(path: string, symbol: string, tfMs = 1000): CsvBar[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!.trim().split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const [iId, iPrice, iQty, iTime, iMaker] = ['id', 'price', 'qty', 'time', 'is_buyer_maker'].map(col) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const trades: Trade[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (!line) continue;
    const f = line.split(',');
    trades.push({
      id: Number(f[iId]),
      price: Number(f[iPrice]),
      qty: Number(f[iQty]),
      time: Number(f[iTime]),
      isBuyerMaker: f[iMaker]!.toLowerCase() === 'true',
    });
  }
  trades.sort((a, b) => a.time - b.time || a.id - b.id);
  const bars: CsvBar[] = [];
  let cur: CsvBar | null = null;
  for (const t of trades) {
    const ts = Math.floor(t.time / tfMs) * tfMs;
    if (!cur || cur.ts !== ts) {
      if (cur) bars.push(cur);
      cur = {
        symbol,
        ts,
        open: t.price,
        high: t.price,
        low: t.price,
        close: t.price,
        volume: 0,
        quoteVolume: 0,
        trades: 0,
        vwap: 0,
        buyVolume: 0,
      };
    }
    cur.high = Math.max(cur.high, t.price);
    cur.low = Math.min(cur.low, t.price);
    cur.close = t.price;
    cur.volume += t.qty;
    cur.quoteVolume += t.price * t.qty;
    cur.trades += 1;
    if (!t.isBuyerMaker) cur.buyVolume += t.qty;
  }
  if (cur) bars.push(cur);
  for (const b of bars) b.vwap = b.quoteVolume / b.volume;
  return bars;
}
