import type { AlertRuleDraft, PairSpec } from '../../../shared/contract';

/**
 * "Use as alert": a backtest's entry and exit as two rules on the pair, with the window the
 * backtest traded. What a rule can say (src/shared/contract/alerts.ts) decides the mapping:
 *
 * - Entry: zscore `crosses` k = entry, hysteresis = entry − exit. It fires when z crosses
 *   +entry upwards (a short entry) or −entry downwards (a long entry). The hysteresis makes
 *   it re-arm only once z is back at the exit level, as the strategy would be flat again,
 *   and keeps the inward crossings of ±entry quiet (they re-arm only beyond 2·entry − exit).
 * - Exit, exit = 0: spread `crosses` level 0. z = spread / σ with σ > 0, so the spread
 *   crosses 0 exactly when z does (a zscore rule needs k > 0).
 * - Exit, exit ≠ 0: zscore `crosses` k = |exit|. The strategy's exit is one direction of
 *   those crossings (a long closes as z rises through −exit, a short as it falls through
 *   +exit); a rule has no one-way ±k, so it notifies the other crossings of ±|exit| too.
 *
 * Ids are derived from the pair, so using a backtest again replaces its two rules.
 */
export function backtestAlertDrafts(
  pair: PairSpec,
  p: { entry: number; exit: number },
): [AlertRuleDraft, AlertRuleDraft] {
  const where = `${pair.y}/${pair.x} ${pair.tf} W${pair.window}`;
  const idOf = (what: string) => {
    const id = `bt-${what}-${pair.y}-${pair.x}-${pair.tf}-w${pair.window}`.toLowerCase();
    return id.length <= 64 ? { id } : {};
  };
  const clean = (v: number) => Number(v.toFixed(10));
  const entry: AlertRuleDraft = {
    ...idOf('entry'),
    name: `${where}: backtest entry, z beyond ±${p.entry}`,
    kind: 'zscore',
    pair,
    op: 'crosses',
    k: p.entry,
    hysteresis: clean(p.entry - p.exit),
  };
  const exit: AlertRuleDraft =
    p.exit === 0
      ? { ...idOf('exit'), name: `${where}: backtest exit, z back to 0`, kind: 'spread', pair, op: 'crosses', level: 0 }
      : {
          ...idOf('exit'),
          name: `${where}: backtest exit, z crosses ±${clean(Math.abs(p.exit))}`,
          kind: 'zscore',
          pair,
          op: 'crosses',
          k: clean(Math.abs(p.exit)),
        };
  return [entry, exit];
}
