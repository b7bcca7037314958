import type { AlertRule } from '../../shared/contract/alerts';
import { samePair, type PairSpec } from '../../shared/contract/analytics';
import { timeframeMs, type Timeframe } from '../../shared/market';
import type { GapSpan } from '../analytics/breaks';
import { CloseHistory, percentChange } from './closeHistory';
import { detectorsFor, isCrossing, stepThreshold, type Detector, type ThresholdRule } from './detectors';
import { isHealthRule, stepHealth, type HealthSample } from './health';
import { alertMessage } from './message';
import { initialRuleState, rearmedRuleState, sameRuleState, type RuleState } from './ruleState';

/** A rule that fired at a point: what the history row, the notification and the CLI show. */
export interface AlertFire {
  readonly rule: AlertRule;
  readonly ts: number;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
  readonly symbol?: string;
  readonly pair?: PairSpec;
}

/** The part of a bar the rules read. */
export interface BarPoint {
  readonly symbol: string;
  readonly tf: Timeframe;
  readonly ts: number;
  readonly close: number;
}

/** The part of a rolling-series point the pair rules read (null = not defined there). */
export interface PairPoint {
  readonly ts: number;
  readonly z: number | null;
  readonly spread: number | null;
  readonly correlation: number | null;
  /** First aligned time after the latest break before this point (core breaks.ts), when
   * the producer knows it: a rule's detectors start afresh there. */
  readonly segmentStart?: number;
}

interface Entry {
  rule: AlertRule;
  detectors: Detector[];
  state: RuleState;
}

/** The fresh state a rule starts from (the service stores it with a new rule). */
export function initialStateFor(rule: AlertRule): RuleState {
  return initialRuleState(detectorsFor(rule).length || 1, isCrossing(rule));
}

/** The state after an edit or a re-enable: arming starts afresh, the times carry over. */
export function rearmedStateFor(rule: AlertRule, prev: RuleState | undefined): RuleState {
  return rearmedRuleState(prev, detectorsFor(rule).length || 1, isCrossing(rule));
}

/**
 * Evaluates rules against bars, pair analytics and feed health. Pure and synchronous: the
 * live service and `tickscope alerts test` drive the same instance type, so a replay shows
 * exactly what the app would have fired on the same points. Disabled rules are skipped.
 * Every state change is reported by takeDirty() so the caller can persist it with the
 * firings (and before publishing them).
 */
export class AlertEvaluator {
  private readonly entries = new Map<string, Entry>();
  private readonly histories = new Map<string, CloseHistory>();
  /** Unfilled gaps per symbol: breaks for the price and %-change rules. */
  private readonly gaps = new Map<string, readonly GapSpan[]>();
  private readonly dirty = new Set<string>();

  constructor(rules: readonly AlertRule[] = [], states: ReadonlyMap<string, RuleState> = new Map()) {
    for (const r of rules) this.setRule(r, states.get(r.id));
  }

  /** Adds or replaces a rule; without a state it starts fresh. */
  setRule(rule: AlertRule, state?: RuleState): void {
    const detectors = detectorsFor(rule);
    const s = state && state.armed.length === (detectors.length || 1) ? state : initialStateFor(rule);
    this.entries.set(rule.id, { rule, detectors, state: s });
    this.dirty.add(rule.id);
  }

  removeRule(id: string): void {
    this.entries.delete(id);
    this.dirty.delete(id);
  }

  rules(): AlertRule[] {
    return [...this.entries.values()].map((e) => e.rule);
  }

  state(id: string): RuleState | undefined {
    return this.entries.get(id)?.state;
  }

  /** States changed since the last call, for persistence. */
  takeDirty(): Map<string, RuleState> {
    const out = new Map<string, RuleState>();
    for (const id of this.dirty) {
      const e = this.entries.get(id);
      if (e) out.set(id, e.state);
    }
    this.dirty.clear();
    return out;
  }

  /** (symbol, tf, span) of the history %-change rules need, for warming up after a start. */
  historyNeeds(): { symbol: string; tf: Timeframe; spanMs: number }[] {
    const out = new Map<string, { symbol: string; tf: Timeframe; spanMs: number }>();
    for (const { rule } of this.entries.values()) {
      if (rule.kind !== 'change' || !rule.enabled) continue;
      const key = `${rule.symbol}|${rule.tf}`;
      const spanMs = rule.lookback * timeframeMs(rule.tf);
      out.set(key, { symbol: rule.symbol, tf: rule.tf, spanMs: Math.max(spanMs, out.get(key)?.spanMs ?? 0) });
    }
    return [...out.values()];
  }

  /** The unfilled gaps of a symbol (trade times), breaks its bar rules must not span. */
  setGaps(symbol: string, gaps: readonly GapSpan[]): void {
    this.gaps.set(symbol, gaps);
    for (const [key, h] of this.histories) if (key.startsWith(`${symbol}|`)) h.setGaps(gaps);
  }

  /** Feeds closes into the %-change history without evaluating (warm-up). */
  seedBars(bars: readonly BarPoint[]): void {
    for (const b of bars) this.historyFor(b.symbol, b.tf)?.upsert(b.ts, b.close);
  }

  /**
   * New or updated bars (the forming bar included), any order; evaluated by bar start.
   * After a break in the symbol's bars (core breaks.ts) a rule starts afresh, and a
   * %-change never takes its reference from before the break.
   */
  onBars(bars: readonly BarPoint[]): AlertFire[] {
    const fires: AlertFire[] = [];
    const sorted = [...bars].sort((a, b) => a.ts - b.ts);
    for (const bar of sorted) {
      const history = this.historyFor(bar.symbol, bar.tf);
      history?.upsert(bar.ts, bar.close);
      for (const e of this.entries.values()) {
        const r = e.rule;
        if (!r.enabled || (r.kind !== 'price' && r.kind !== 'change') || r.symbol !== bar.symbol || r.tf !== bar.tf)
          continue;
        const segmentStart = history!.segmentStart;
        this.restartAfterBreak(e, segmentStart);
        let value: number | null = bar.close;
        if (r.kind === 'change') {
          const ref = history!.barAtOrBefore(bar.ts - r.lookback * timeframeMs(r.tf));
          value = ref === null || ref.ts < segmentStart ? null : percentChange(bar.close, ref.close);
        }
        if (value !== null) this.threshold(e, bar.ts, value, fires, { symbol: r.symbol });
      }
      if (history) this.prune(bar.symbol, bar.tf, history, bar.ts);
    }
    return fires;
  }

  /** Rolling pair points (charts' series) for one pair spec, ascending. A rule reads only
   * points of its own pair under its own spread definition (the contract's samePair: the
   * same legs, tf and window with another mode or hedge is another series). */
  onPairPoints(pair: PairSpec, points: readonly PairPoint[]): AlertFire[] {
    const fires: AlertFire[] = [];
    for (const p of points) {
      for (const e of this.entries.values()) {
        const r = e.rule;
        if (
          !r.enabled ||
          !(r.kind === 'zscore' || r.kind === 'spread' || r.kind === 'correlation') ||
          !samePair(r.pair, pair)
        )
          continue;
        if (p.segmentStart !== undefined) this.restartAfterBreak(e, p.segmentStart);
        const value = r.kind === 'zscore' ? p.z : r.kind === 'spread' ? p.spread : p.correlation;
        if (value !== null) this.threshold(e, p.ts, value, fires, { pair: r.pair });
      }
    }
    return fires;
  }

  /** An ADF p-value of the pair's spread for the window ending at `ts` (whose segment
   * starts at `segmentStart`, when known). */
  onAdf(pair: PairSpec, ts: number, pvalue: number, segmentStart?: number): AlertFire[] {
    const fires: AlertFire[] = [];
    for (const e of this.entries.values()) {
      const r = e.rule;
      if (!r.enabled || r.kind !== 'adf' || !samePair(r.pair, pair)) continue;
      if (segmentStart !== undefined) this.restartAfterBreak(e, segmentStart);
      this.threshold(e, ts, pvalue, fires, { pair: r.pair });
    }
    return fires;
  }

  /** A symbol's feed health sample (engine status). */
  onHealth(symbol: string, sample: HealthSample): AlertFire[] {
    const fires: AlertFire[] = [];
    for (const e of this.entries.values()) {
      const r = e.rule;
      if (!r.enabled || !isHealthRule(r) || r.symbol !== symbol) continue;
      const step = stepHealth(r, e.state, sample);
      this.update(e, step.state);
      if (step.fired) {
        fires.push({
          rule: r,
          ts: sample.now,
          value: step.fired.value,
          threshold: step.fired.threshold,
          message: alertMessage(r, step.fired.value, step.fired.threshold, null),
          symbol: r.symbol,
        });
      }
    }
    return fires;
  }

  private threshold(
    e: Entry,
    ts: number,
    value: number,
    fires: AlertFire[],
    where: { symbol?: string; pair?: PairSpec },
  ): void {
    const r = e.rule as ThresholdRule;
    const step = stepThreshold(e.detectors, r, e.state, ts, value);
    this.update(e, step.state);
    if (step.fired) {
      fires.push({
        rule: r,
        ts,
        value,
        threshold: step.fired.level,
        message: alertMessage(r, value, step.fired.level, step.fired),
        ...where,
      });
    }
  }

  /**
   * The first value after a break must not be judged against the side, or the excursion,
   * seen before it: the rule's detectors start afresh (as for a new rule) once the series
   * it reads has restarted after the last point it evaluated. Times are kept, so nothing
   * fires twice.
   */
  private restartAfterBreak(e: Entry, segmentStart: number): void {
    if (e.state.lastTs === null || !(segmentStart > e.state.lastTs)) return;
    this.update(e, rearmedStateFor(e.rule, e.state));
  }

  private update(e: Entry, next: RuleState): void {
    if (sameRuleState(e.state, next)) return;
    e.state = next;
    this.dirty.add(e.rule.id);
  }

  /** The bar history of a symbol and timeframe that price (for its breaks) and %-change
   * rules read; undefined when no enabled rule reads it. */
  private historyFor(symbol: string, tf: Timeframe): CloseHistory | undefined {
    let needed = false;
    for (const { rule } of this.entries.values()) {
      if ((rule.kind === 'change' || rule.kind === 'price') && rule.enabled && rule.symbol === symbol && rule.tf === tf)
        needed = true;
    }
    const key = `${symbol}|${tf}`;
    if (!needed) {
      this.histories.delete(key);
      return undefined;
    }
    let h = this.histories.get(key);
    if (!h) this.histories.set(key, (h = new CloseHistory(timeframeMs(tf), this.gaps.get(symbol))));
    return h;
  }

  private prune(symbol: string, tf: Timeframe, history: CloseHistory, nowTs: number): void {
    let span = 0;
    for (const { rule } of this.entries.values()) {
      if (rule.kind === 'change' && rule.symbol === symbol && rule.tf === tf)
        span = Math.max(span, rule.lookback * timeframeMs(tf));
    }
    history.pruneBefore(nowTs - span);
  }
}
