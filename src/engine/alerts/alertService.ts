import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  alertRuleDraftSchema,
  describeRuleIssues,
  type AlertRule,
  type EngineStatus,
  type FiredAlert,
  type PairSpec,
  type RequestChannel,
  type RequestHandlers,
} from '../../shared/contract';
import { barStart, timeframeMs, type Bar, type Timeframe } from '../../shared/market';
import {
  AlertEvaluator,
  initialStateFor,
  rearmedStateFor,
  type AlertFire,
  type BarPoint,
  type PairPoint,
  type RuleState,
} from '../../core/alerts';
import { samePair } from '../../shared/contract';
import type { GapSpan } from '../../core/analytics/breaks';
import { ApiFailure } from '../api/dispatcher';
import type { EventHub } from '../api/eventHub';
import type { PairEvaluateEvent, PairFoldEvent } from '../analytics/service';
import { DisposableStore, type Disposable } from '../lifecycle';
import { openAlertStore, type AlertStore } from './alertStore';

/**
 * The one producer of pair figures the pair rules read (the analytics service): rolling
 * points of every followed pair as they are folded, and their full evaluations (ADF).
 */
export interface PairFigures {
  onDidFold(listener: (e: PairFoldEvent) => void): Disposable;
  onDidEvaluate(listener: (e: PairEvaluateEvent) => void): Disposable;
}

/** Delivers a firing to the user: Electron's Notification in the app, toasts in the browser. */
export interface Notifier {
  notify(alert: FiredAlert): void;
}

export type AlertChannel = Extract<RequestChannel, `alerts.${string}`>;
export type AlertHandlers = Pick<RequestHandlers, AlertChannel>;

export interface AlertServiceOptions {
  /** The engine's database (store.db); the alert tables are created beside the store's. */
  readonly db: Database;
  readonly hub: EventHub;
  readonly notifier: Notifier;
  /** Wall clock (firedAt, data-health ages); injected in tests. */
  readonly now?: () => number;
  /** Makes an id for a rule saved without one. */
  readonly newId?: () => string;
  /** Stored bars, to warm up %-change lookbacks at start and when a rule is saved. */
  readonly loadBars?: (q: { symbol: string; tf: Timeframe; from: number; to: number }) => readonly Bar[];
  /** Pair figures (the analytics service): z / spread / correlation and ADF rules read them. */
  readonly pairs?: PairFigures;
  /** A symbol's unfilled gaps in trade time (core breaks.ts): no price or %-change rule
   * compares across one. Read at start, when rules change and with every status update. */
  readonly loadGaps?: (symbol: string) => readonly GapSpan[];
  /** The pairs enabled rules name changed (at start too): the analytics service follows them. */
  readonly onDidChangePairs?: (pairs: PairSpec[]) => void;
  /** Evaluation or notifier failures (the pipeline keeps running); default: console.error. */
  readonly onError?: (err: unknown) => void;
}

export interface AlertService {
  /** The alerts.* request handlers, to spread into the engine's RequestHandlers. */
  readonly handlers: AlertHandlers;
  /** Bars the ingestor just committed (forming bar included). */
  onBars(bars: readonly Bar[]): void;
  /** Rolling points of a followed pair (the analytics service's folds). */
  onPairFold(e: PairFoldEvent): void;
  /** A full evaluation of a followed pair: ADF rules read these. */
  onPairEvaluate(e: PairEvaluateEvent): void;
  /** Engine status (system.onDidChangeStatus payloads): data-health rules read these. */
  onStatus(status: EngineStatus): void;
  /** Pairs that enabled rules watch: the analytics service follows them (onDidChangePairs). */
  watchedPairs(): PairSpec[];
  dispose(): void;
}

/**
 * Rules, their persisted evaluation state and the firing history, evaluated on every bar,
 * analytics and status update. A firing is stored (history row and rule state in one
 * transaction) before it is pushed or notified, so a crash can lose a notification but
 * never fire the same point twice after a restart.
 */
export function createAlertService(opts: AlertServiceOptions): AlertService {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => `rule-${randomUUID().slice(0, 8)}`);
  const onError =
    opts.onError ?? ((err: unknown) => console.error('tickscope alerts:', err instanceof Error ? err.message : err));
  const store: AlertStore = openAlertStore(opts.db);
  const loaded = store.listRules();
  for (const bad of loaded.invalid)
    onError(new Error(`stored alert rule ${bad.id} no longer validates and is not evaluated: ${bad.error}`));
  const evaluator = new AlertEvaluator(loaded.rules, store.loadStates());
  evaluator.takeDirty();
  let disposed = false;

  const warmUp = (rule?: AlertRule): void => {
    if (!opts.loadBars) return;
    for (const need of evaluator.historyNeeds()) {
      if (rule && !(rule.kind === 'change' && rule.symbol === need.symbol && rule.tf === need.tf)) continue;
      const to = now();
      const from = to - need.spanMs - timeframeMs(need.tf);
      evaluator.seedBars(
        opts
          .loadBars({ symbol: need.symbol, tf: need.tf, from, to })
          .map((b) => ({ symbol: b.symbol, tf: b.tf, ts: b.ts, close: b.close })),
      );
    }
  };
  warmUp();

  /**
   * A rule created, edited or re-enabled now judges the present, not the past: points older
   * than the previous bar (history a series push or a refill delivers, bars seen while the
   * rule was off) must not fire. One bar of slack covers a local clock ahead of the exchange's.
   */
  const startingNow = (rule: AlertRule, state: RuleState): RuleState => {
    const tf = 'tf' in rule ? rule.tf : 'pair' in rule ? rule.pair.tf : null;
    const t = now();
    const floor = tf === null ? t : barStart(t, timeframeMs(tf)) - timeframeMs(tf);
    return { ...state, lastTs: Math.max(state.lastTs ?? floor, floor) };
  };

  /** The store's unfilled gaps move as refills fail or finish: hand them to the bar rules.
   * (Pair rules get points whose segments already know the gaps: the analytics worker.) */
  const refreshGaps = (): void => {
    if (!opts.loadGaps) return;
    const bySymbol = new Map<string, readonly GapSpan[]>();
    const gapsOf = (symbol: string): readonly GapSpan[] => {
      let g = bySymbol.get(symbol);
      if (!g) bySymbol.set(symbol, (g = opts.loadGaps!(symbol)));
      return g;
    };
    for (const r of evaluator.rules())
      if (r.enabled && (r.kind === 'price' || r.kind === 'change')) evaluator.setGaps(r.symbol, gapsOf(r.symbol));
  };
  refreshGaps();

  const toPoints = (bars: readonly Bar[]): BarPoint[] =>
    bars.map((b) => ({ symbol: b.symbol, tf: b.tf, ts: b.ts, close: b.close }));
  const evaluateBars = (bars: readonly Bar[]): AlertFire[] => evaluator.onBars(toPoints(bars));

  /** A fold's points as the rules read them: each knows where its segment starts. */
  const evaluateFold = (e: PairFoldEvent): AlertFire[] => {
    const points: PairPoint[] = e.points.map((p, i) => {
      const start = e.segmentStarts[i];
      return {
        ts: p.ts,
        z: p.z,
        spread: p.spread,
        correlation: p.correlation,
        ...(start !== undefined ? { segmentStart: start } : {}),
      };
    });
    return evaluator.onPairPoints(e.pair, points);
  };

  /** A snapshot's window lies inside one segment; the fold says where the latest one starts,
   * so an ADF rule starts afresh after a break as the replay's does. */
  const evaluateSnapshot = ({ snapshot: s, segmentStart: start }: PairEvaluateEvent): AlertFire[] => {
    if (!s.ok || !s.value.adf) return [];
    return evaluator.onAdf(
      s.pair,
      s.value.end,
      s.value.adf.pvalue,
      start !== null && start <= s.value.end ? start : undefined,
    );
  };

  const rulePairs = (): PairSpec[] => {
    const out: PairSpec[] = [];
    for (const r of evaluator.rules()) {
      if (r.enabled && 'pair' in r && !out.some((p) => samePair(p, r.pair))) out.push(r.pair);
    }
    return out;
  };
  opts.onDidChangePairs?.(rulePairs());

  const publishRules = (): void => {
    opts.onDidChangePairs?.(rulePairs());
    refreshGaps();
    opts.hub.emit('alerts.onDidChangeRules', { rules: evaluator.rules() });
  };

  /** Store state and firings together, then tell the world. */
  const commit = (fires: AlertFire[]): void => {
    const firedAt = now();
    const recorded = store.transaction(() => {
      store.saveStates(evaluator.takeDirty());
      return fires.map((f) =>
        store.recordFiring({
          ruleId: f.rule.id,
          ruleName: f.rule.name,
          kind: f.rule.kind,
          ts: f.ts,
          firedAt,
          ...(f.symbol !== undefined ? { symbol: f.symbol } : {}),
          ...(f.pair !== undefined ? { pair: f.pair } : {}),
          value: f.value,
          threshold: f.threshold,
          message: f.message,
        }),
      );
    });
    for (const alert of recorded) {
      opts.hub.emit('alerts.onDidFire', alert);
      try {
        opts.notifier.notify(alert);
      } catch (err) {
        onError(err);
      }
    }
  };

  const guarded =
    <A>(fn: (arg: A) => AlertFire[]) =>
    (arg: A): void => {
      if (disposed) return;
      try {
        commit(fn(arg));
      } catch (err) {
        onError(err);
      }
    };

  const mustGet = (id: string): AlertRule => {
    const rule = store.getRule(id);
    if (!rule) throw new ApiFailure('not_found', `no alert rule with id "${id}"`);
    return rule;
  };

  const handlers: AlertHandlers = {
    'alerts.listRules': () => ({ rules: evaluator.rules() }),
    'alerts.saveRule': ({ rule: draft }) => {
      // Handlers may be called without the dispatcher (tests, main): validate here too.
      const parsed = alertRuleDraftSchema.safeParse(draft);
      if (!parsed.success)
        throw new ApiFailure('bad_request', `rule refused: ${describeRuleIssues(parsed.error, 'rule').join('; ')}`);
      let id = parsed.data.id;
      while (id === undefined || (parsed.data.id === undefined && store.getRule(id))) id = newId();
      const rule = { ...parsed.data, id } as AlertRule;
      const prev = store.getRule(id);
      const state = startingNow(rule, prev ? rearmedStateFor(rule, evaluator.state(id)) : initialStateFor(rule));
      const created = store.putRule(rule, state, now());
      evaluator.setRule(rule, state);
      evaluator.takeDirty();
      warmUp(rule);
      publishRules();
      return { rule, created };
    },
    'alerts.deleteRule': ({ id }) => {
      mustGet(id);
      store.deleteRule(id);
      evaluator.removeRule(id);
      publishRules();
      return { deleted: true as const };
    },
    'alerts.setEnabled': ({ id, enabled }) => {
      const prev = mustGet(id);
      const rule = { ...prev, enabled } as AlertRule;
      // Re-enabling starts the arming afresh: what happened while off must not fire late.
      const state =
        !prev.enabled && enabled
          ? startingNow(rule, rearmedStateFor(rule, evaluator.state(id)))
          : (evaluator.state(id) ?? initialStateFor(rule));
      store.putRule(rule, state, now());
      evaluator.setRule(rule, state);
      evaluator.takeDirty();
      if (enabled) warmUp(rule);
      publishRules();
      return { rule };
    },
    'alerts.history': (q) => ({ alerts: store.history(q) }),
  };

  const onPairFold = guarded(evaluateFold);
  const onPairEvaluate = guarded(evaluateSnapshot);
  // The pair rules read the one producer's figures, whatever pair is on screen.
  const subscriptions = new DisposableStore();
  if (opts.pairs) {
    subscriptions.add(opts.pairs.onDidFold(onPairFold));
    subscriptions.add(opts.pairs.onDidEvaluate(onPairEvaluate));
  }

  return {
    handlers,
    onBars: guarded(evaluateBars),
    onPairFold,
    onPairEvaluate,
    onStatus: guarded((status: EngineStatus) => {
      refreshGaps();
      const t = now();
      return status.symbols.flatMap((s) =>
        evaluator.onHealth(s.symbol, {
          now: t,
          lastTickTs: s.lastTickTs,
          unfilledGaps: Math.max(0, s.gapsFound - s.gapsFilled),
        }),
      );
    }),
    watchedPairs: rulePairs,
    dispose() {
      if (disposed) return;
      subscriptions.dispose();
      disposed = true;
      try {
        store.saveStates(evaluator.takeDirty());
      } catch (err) {
        onError(err);
      }
    },
  };
}
