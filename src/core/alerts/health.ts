import type { AlertRule } from '../../shared/contract/alerts';
import { blockedByCooldown, type RuleState } from './ruleState';

export type HealthRule = Extract<AlertRule, { kind: 'stale' | 'gap' }>;

export function isHealthRule(rule: AlertRule): rule is HealthRule {
  return rule.kind === 'stale' || rule.kind === 'gap';
}

/** A symbol's feed health at time `now` (what EngineStatus carries per symbol). */
export interface HealthSample {
  readonly now: number;
  readonly lastTickTs: number | null;
  /** gapsFound − gapsFilled. */
  readonly unfilledGaps: number;
}

export interface HealthStep {
  readonly state: RuleState;
  /** Seconds stale / seconds unfilled when the rule fired. */
  readonly fired: { value: number; threshold: number } | null;
}

/**
 * Stale: fires once when no trade has arrived for `seconds`, re-arms on the next trade.
 * Gap: fires once when unfilled gaps have persisted for `seconds`, re-arms when all are
 * filled. Samples older than the newest one are ignored, like bars.
 */
export function stepHealth(rule: HealthRule, state: RuleState, s: HealthSample): HealthStep {
  if (state.lastTs !== null && s.now < state.lastTs) return { state, fired: null };
  const limitMs = rule.seconds * 1000;
  let since = state.since;
  let ageMs: number | null;
  if (rule.kind === 'stale') {
    ageMs = s.lastTickTs === null ? null : s.now - s.lastTickTs;
  } else {
    since = s.unfilledGaps > 0 ? (since ?? s.now) : null;
    ageMs = since === null ? null : s.now - since;
  }
  const on = ageMs !== null && ageMs >= limitMs;
  let armed = state.armed[0] ?? true;
  let fire = false;
  if (on && armed) {
    armed = false;
    fire = !blockedByCooldown(state, s.now, rule.cooldownMs);
  } else if (!on && ageMs !== null && ageMs < limitMs) {
    armed = true;
  } else if (ageMs === null && rule.kind === 'gap') {
    armed = true;
  }
  return {
    state: { armed: [armed], lastTs: s.now, lastFiredTs: fire ? s.now : state.lastFiredTs, since },
    fired: fire ? { value: (ageMs ?? 0) / 1000, threshold: rule.seconds } : null,
  };
}

/** The first time a rule could fire given its state and the last sample, so a replay can
 * evaluate exactly then instead of polling. Null when nothing is pending. */
export function healthDeadline(rule: HealthRule, state: RuleState, lastTickTs: number | null): number | null {
  if (state.armed[0] === false) return null;
  if (rule.kind === 'stale') return lastTickTs === null ? null : lastTickTs + rule.seconds * 1000;
  return state.since === null ? null : state.since + rule.seconds * 1000;
}
