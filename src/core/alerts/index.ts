/** Public API of the pure alert layer: rule evaluation with hysteresis, cooldown and
 * once-per-point firing, and the replay `tickscope alerts test` runs. */
export type { RuleState } from './ruleState';
export { initialRuleState, rearmedRuleState, sameRuleState } from './ruleState';
export type { Detector, StepResult, ThresholdRule } from './detectors';
export { detectorsFor, isThresholdRule, stepThreshold } from './detectors';
export type { HealthRule, HealthSample, HealthStep } from './health';
export { healthDeadline, isHealthRule, stepHealth } from './health';
export { CloseHistory, percentChange } from './closeHistory';
export { alertMessage, formatNumber, pairLabel } from './message';
export type { AlertFire, BarPoint, PairPoint } from './evaluator';
export { AlertEvaluator, initialStateFor, rearmedStateFor } from './evaluator';
export type { ReplayRange, ReplaySource } from './replay';
export { replayAlerts } from './replay';
