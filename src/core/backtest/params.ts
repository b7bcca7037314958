import type { BacktestParams } from './types';

/**
 * The first reason a parameter set cannot be backtested, or null when it is usable. The
 * CLI shows it as a usage error; the engine refuses such a set (RangeError) rather than
 * produce figures that mean nothing.
 */
export function paramsProblem(p: BacktestParams): string | null {
  if (!Number.isInteger(p.window) || p.window < 3) return `window must be an integer ≥ 3, got ${p.window}`;
  if (p.mode !== 'raw' && p.mode !== 'log') return `mode must be raw or log, got ${String(p.mode)}`;
  if (!Number.isFinite(p.entry) || p.entry <= 0) return `entry must be a positive z, got ${p.entry}`;
  if (!Number.isFinite(p.exit)) return `exit must be a number, got ${p.exit}`;
  // A long opens at z ≤ −entry and closes at z ≥ −exit: with exit ≥ entry it would close
  // on the very signal that opened it.
  if (p.entry <= p.exit) return `entry (${p.entry}) must be greater than exit (${p.exit})`;
  // A stop at or inside the entry band would stop out every position on its first bar.
  if (p.stop !== null && !(Number.isFinite(p.stop) && p.stop > p.entry))
    return `stop (${p.stop}) must be greater than entry (${p.entry})`;
  if (p.maxHold !== null && !(Number.isInteger(p.maxHold) && p.maxHold >= 1))
    return `maxHold must be a whole number of bars ≥ 1, got ${p.maxHold}`;
  if (!Number.isFinite(p.notional) || p.notional <= 0) return `notional must be positive, got ${p.notional}`;
  if (!Number.isFinite(p.feeBps) || p.feeBps < 0) return `feeBps must be ≥ 0, got ${p.feeBps}`;
  if (!Number.isFinite(p.slippageBps) || p.slippageBps < 0 || p.slippageBps >= 10_000)
    return `slippageBps must be from 0 to below 10000, got ${p.slippageBps}`;
  return null;
}

export function assertParams(p: BacktestParams): void {
  const problem = paramsProblem(p);
  if (problem !== null) throw new RangeError(`backtest: ${problem}`);
}
