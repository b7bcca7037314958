/**
 * What the engine remembers per rule between evaluations (persisted with the rule), so a
 * restart, a reconnect or a refill neither repeats nor loses a firing.
 */
export interface RuleState {
  /** One flag per detector (see detectors.ts): true = may fire, false = fired and waiting
   * to re-arm, null = a crossing detector that has not seen a value yet. */
  armed: (boolean | null)[];
  /** Time of the newest point evaluated; older points (a refill of the past) are ignored. */
  lastTs: number | null;
  /** Time of the point that last fired: a point fires at most once, and the cooldown counts
   * from here (data time, so a replay behaves like the live run). */
  lastFiredTs: number | null;
  /** Gap rules: since when unfilled gaps have been seen (null = none). */
  since: number | null;
}

export function initialRuleState(detectorCount: number, crossing: boolean): RuleState {
  return {
    armed: Array.from({ length: detectorCount }, () => (crossing ? null : true)),
    lastTs: null,
    lastFiredTs: null,
    since: null,
  };
}

/** After an edit or re-enable: forget the arming (the rule starts afresh) but keep the
 * times, so a point that already fired or was already evaluated is not fired again. */
export function rearmedRuleState(prev: RuleState | undefined, detectorCount: number, crossing: boolean): RuleState {
  const fresh = initialRuleState(detectorCount, crossing);
  return prev ? { ...fresh, lastTs: prev.lastTs, lastFiredTs: prev.lastFiredTs } : fresh;
}

/** Firing gate shared by every rule kind: never twice for one point, and not within the cooldown. */
export function blockedByCooldown(state: RuleState, ts: number, cooldownMs: number): boolean {
  if (state.lastFiredTs === null) return false;
  return ts <= state.lastFiredTs || ts - state.lastFiredTs < cooldownMs;
}

export function sameRuleState(a: RuleState, b: RuleState): boolean {
  return (
    a.lastTs === b.lastTs &&
    a.lastFiredTs === b.lastFiredTs &&
    a.since === b.since &&
    a.armed.length === b.armed.length &&
    a.armed.every((v, i) => v === b.armed[i])
  );
}
