import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BarLike } from '../../../../src/core/analytics/types';
import type { BacktestParams, PairFunding, Summary, Trade } from '../../../../src/core/backtest/index';

const FILE = fileURLToPath(new URL('../../../fixtures/backtest/synthetic.json', import.meta.url));

export interface BacktestCase {
  name: string;
  params: BacktestParams;
  funding: boolean;
  expected: { points: number; skippedNegativeBeta: number; trades: Trade[]; summary: Summary; equity: number[] };
}

export interface BacktestFixture {
  tfMs: number;
  y: { symbol: string; bars: [number, number, number, number, number][] };
  x: { symbol: string; bars: [number, number, number, number, number][] };
  funding: { y: [number, number][]; x: [number, number][] };
  cases: BacktestCase[];
}

/** The committed fixture written by scripts/fixtures/backtest_fixtures.py (pandas reference). */
export function loadBacktestFixture(): BacktestFixture {
  return JSON.parse(readFileSync(FILE, 'utf8')) as BacktestFixture;
}

export function barsOf(rows: BacktestFixture['y']['bars']): BarLike[] {
  return rows.map(([ts, open, high, low, close]) => ({ ts, open, high, low, close, volume: 1, quoteVolume: close }));
}

export function fundingOf(f: BacktestFixture['funding']): PairFunding {
  return { y: f.y.map(([ts, rate]) => ({ ts, rate })), x: f.x.map(([ts, rate]) => ({ ts, rate })) };
}
