import type { WatchRow } from '../../../../src/shared/contract/watchlist';

/** A watch row with the given overrides (pair fields may be overridden one by one). */
export function row(over: Partial<Omit<WatchRow, 'pair'>> & { pair?: Partial<WatchRow['pair']> } = {}): WatchRow {
  const { pair, ...rest } = over;
  return {
    pair: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300, ...pair },
    reasons: ['watchlist'],
    state: 'live',
    points: 300,
    ts: 1_000,
    z: 0.5,
    spread: 0.01,
    beta: 1.2,
    correlation: 0.8,
    adfPvalue: 0.03,
    halfLife: 12,
    evaluatedAt: 5_000,
    spark: [0.1, 0.5],
    ...rest,
  };
}
