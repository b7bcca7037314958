import { alertRuleSchema, type AlertRule, type AlertRuleInput } from '../../../../src/shared/contract/alerts';
import type { BarPoint } from '../../../../src/core/alerts';

/** A validated rule (defaults filled in) from a partial literal. */
export function rule(input: AlertRuleInput): AlertRule {
  return alertRuleSchema.parse(input);
}

/** 1-minute bars of BTCUSDT from a list of closes. */
export function barsFrom(closes: readonly number[], startMs = 1_700_000_000_000, tfMs = 60_000): BarPoint[] {
  return closes.map((close, i) => ({ symbol: 'BTCUSDT', tf: '1m', ts: startMs + i * tfMs, close }));
}

/** A deterministic wave: known crossings of any level in (lo, hi). */
export function wave(n: number, mid: number, amp: number, period: number): number[] {
  return Array.from({ length: n }, (_, i) => mid + amp * Math.sin((2 * Math.PI * i) / period) + (i % 7) * 0.01);
}

/** Brute force: indices where the series crosses `level` (previous on one side or at it, now strictly beyond). */
export function crossings(values: readonly number[], level: number): { i: number; dir: 'up' | 'down' }[] {
  const out: { i: number; dir: 'up' | 'down' }[] = [];
  for (let i = 1; i < values.length; i++) {
    if (values[i - 1]! <= level && values[i]! > level) out.push({ i, dir: 'up' });
    else if (values[i - 1]! >= level && values[i]! < level) out.push({ i, dir: 'down' });
  }
  return out;
}
