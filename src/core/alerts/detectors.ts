import type { AlertRule, ThresholdOp } from '../../shared/contract/alerts';
import { blockedByCooldown, type RuleState } from './ruleState';

/**
 * A threshold rule is one or more edge detectors. "up" is true while value > level and
 * re-arms at value <= level − hysteresis; "down" is true while value < level and re-arms at
 * value >= level + hysteresis. A detector fires on the step where it is armed and true, then
 * waits to re-arm: that is the hysteresis that stops a value hovering at the level from
 * producing a storm.
 */
export interface Detector {
  readonly dir: 'up' | 'down';
  readonly level: number;
}

export type ThresholdRule = Exclude<AlertRule, { kind: 'stale' | 'gap' }>;

export function isThresholdRule(rule: AlertRule): rule is ThresholdRule {
  return rule.kind !== 'stale' && rule.kind !== 'gap';
}

/** Crossing detectors need one observed value to know the side; above/below start armed,
 * so "price above X" fires at once when the price already is above X. */
export function isCrossing(rule: AlertRule): boolean {
  return isThresholdRule(rule) && rule.op === 'crosses';
}

export function detectorsFor(rule: AlertRule): Detector[] {
  if (!isThresholdRule(rule)) return [];
  if (rule.kind === 'zscore') return zscoreDetectors(rule.op, rule.k);
  return opDetectors(rule.op, rule.level);
}

function opDetectors(op: ThresholdOp, level: number): Detector[] {
  if (op === 'above') return [{ dir: 'up', level }];
  if (op === 'below') return [{ dir: 'down', level }];
  return [
    { dir: 'up', level },
    { dir: 'down', level },
  ];
}

/** ±k: outward crossings first, so a jump across the whole band reports the level it ended beyond. */
function zscoreDetectors(op: ThresholdOp, k: number): Detector[] {
  if (op === 'above') return [{ dir: 'up', level: k }];
  if (op === 'below') return [{ dir: 'down', level: -k }];
  return [
    { dir: 'up', level: k },
    { dir: 'down', level: -k },
    { dir: 'down', level: k },
    { dir: 'up', level: -k },
  ];
}

export interface StepResult {
  readonly state: RuleState;
  /** The detector that fired (null: nothing fired, or the firing was swallowed). */
  readonly fired: Detector | null;
}

/**
 * One evaluation of a threshold rule at point time `ts`. A point older than the newest one
 * seen is ignored (a refill of the past must not fire again); the same point may be
 * re-evaluated (the forming bar, a replaced bar) but fires at most once. A detector that
 * triggers inside the cooldown is consumed, not deferred: the alert would be late and stale.
 */
export function stepThreshold(
  detectors: readonly Detector[],
  rule: { readonly hysteresis: number; readonly cooldownMs: number },
  state: RuleState,
  ts: number,
  value: number,
): StepResult {
  if (!Number.isFinite(value) || (state.lastTs !== null && ts < state.lastTs)) return { state, fired: null };
  const armed = state.armed.slice();
  const h = rule.hysteresis;
  let triggered: Detector | null = null;
  detectors.forEach((d, i) => {
    const on = d.dir === 'up' ? value > d.level : value < d.level;
    const a = armed[i];
    if (a === null || a === undefined) {
      armed[i] = !on;
    } else if (a && on) {
      armed[i] = false;
      triggered ??= d;
    } else if (!a && (d.dir === 'up' ? value <= d.level - h : value >= d.level + h)) {
      armed[i] = true;
    }
  });
  const fire = triggered !== null && !blockedByCooldown(state, ts, rule.cooldownMs);
  return {
    state: {
      ...state,
      armed,
      lastTs: state.lastTs === null ? ts : Math.max(state.lastTs, ts),
      lastFiredTs: fire ? ts : state.lastFiredTs,
    },
    fired: fire ? triggered : null,
  };
}
