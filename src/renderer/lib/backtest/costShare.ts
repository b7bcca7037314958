import type { BacktestSummary } from '../../../shared/contract';

/**
 * What the costs took: fees plus funding (net = gross − fees − funding; slippage is already
 * in the gross, at the fill prices), and their share of the gross PnL: over 100% when they
 * ate more than the edge. No share of a gross loss or of nothing ("−30%" would read as a
 * gain).
 */
export function costShare(s: Pick<BacktestSummary, 'grossPnl' | 'fees' | 'funding'>): {
  costs: number;
  share: number | null;
} {
  const costs = s.fees + s.funding;
  return { costs, share: s.grossPnl > 0 ? costs / s.grossPnl : null };
}
