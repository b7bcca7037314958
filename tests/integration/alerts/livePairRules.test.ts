import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayAlerts } from '../../../src/core/alerts';
import { alignPair, gaussian, mulberry32, pairAnalytics } from '../../../src/core/analytics';
import { EventHub } from '../../../src/engine/api/eventHub';
import { createAlertService } from '../../../src/engine/alerts/alertService';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import { inProcessPairs } from '../../support/inProcessPairs';
import { alertRuleSchema, type AlertRuleInput, type FiredAlert, type PairSpec } from '../../../src/shared/contract';
import type { Bar } from '../../../src/shared/market';

const T0 = 1_699_999_980_000;
const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 20 } as const;

function bar(symbol: string, ts: number, close: number): Bar {
  return {
    symbol,
    tf: '1m',
    ts,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    quoteVolume: close,
    trades: 1,
    vwap: close,
    buyVolume: 0,
  };
}

/** A cointegrated pair of 1m bars, a few minutes missing in each leg. */
function pairBars(n: number): Bar[][] {
  const g = gaussian(mulberry32(5));
  let x = 3000;
  let s = 0;
  const steps: Bar[][] = [];
  for (let i = 0; i < n; i++) {
    x *= Math.exp(0.002 * g());
    s = 0.85 * s + 3 * g();
    const ts = T0 + i * 60_000;
    const step: Bar[] = [];
    if (i % 13 !== 4) step.push(bar('BTCUSDT', ts, 2000 + 19.5 * x + s));
    if (i % 11 !== 7) step.push(bar('ETHUSDT', ts, x));
    steps.push(step);
  }
  return steps;
}

describe('pair rules evaluated live on the analytics fold of their pair (whatever is on screen)', () => {
  let dir: string;
  let store: SqliteTickStore;
  let clock: number;
  let notified: FiredAlert[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-pair-'));
    store = openStore(join(dir, 'db.sqlite'));
    clock = T0;
    notified = [];
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Alerts over the analytics worker's own fold (in-process): bars go to both, as the engine's ingestor does. */
  const service = () => {
    const pairs = inProcessPairs(store);
    const svc = createAlertService({
      db: store.db,
      hub: new EventHub(),
      notifier: { notify: (a) => notified.push(a) },
      now: () => clock,
      loadBars: (q) => store.getBars(q),
      pairs,
      onDidChangePairs: (p) => pairs.follow(p),
      onError: (e) => {
        throw e;
      },
    });
    const onBars = svc.onBars;
    return Object.assign(svc, {
      pairs,
      onBars: (bars: readonly Bar[]) => {
        onBars(bars);
        pairs.onBars(bars);
      },
    });
  };
  const rules = [
    { id: 'z', name: 'z', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
    { id: 'c', name: 'c', kind: 'correlation', pair, level: 0.3, hysteresis: 0.05 },
  ] as const;
  const replayOf = (steps: Bar[][]) => {
    const all = steps.flat();
    return replayAlerts(
      rules.map((r) => alertRuleSchema.parse(r)),
      { bars: (symbol) => all.filter((b) => b.symbol === symbol) },
    ).map((f) => `${f.rule.id}@${f.ts}`);
  };

  it('fires what `alerts test` replays over the same bars', async () => {
    const svc = service();
    for (const r of rules) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    const steps = pairBars(300);
    steps.forEach((step, i) => {
      store.upsertBars(step); // the ingestor commits before it publishes
      clock = T0 + i * 60_000 + 30_000;
      svc.onBars(step);
    });
    const live = notified.map((a) => `${a.ruleId}@${a.ts}`);
    const replay = replayOf(steps);
    expect(replay.length).toBeGreaterThan(5);
    expect(live).toEqual(replay);
    svc.dispose();
  });

  it('a late bar of one leg makes the window rebuild from the store; later firings match the replay', async () => {
    const svc = service();
    for (const r of rules) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    const steps = pairBars(300);
    const late = steps[100]!.find((b) => b.symbol === 'ETHUSDT')!;
    steps[100] = steps[100]!.filter((b) => b !== late);
    for (let i = 0; i < steps.length; i++) {
      if (i === 110) {
        store.upsertBars([late]);
        svc.onBars([late]);
      }
      store.upsertBars(steps[i]!);
      clock = T0 + i * 60_000 + 30_000;
      svc.onBars(steps[i]!);
    }
    steps[100]!.push(late);
    const after = (s: string) => Number(s.split('@')[1]) > T0 + 110 * 60_000;
    expect(notified.map((a) => `${a.ruleId}@${a.ts}`).filter(after)).toEqual(replayOf(steps).filter(after));
    svc.dispose();
  });

  it('a restart warms the window from stored bars and does not fire for the past', async () => {
    let svc = service();
    for (const r of rules) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    const steps = pairBars(200);
    steps.slice(0, 150).forEach((step, i) => {
      store.upsertBars(step);
      clock = T0 + i * 60_000 + 30_000;
      svc.onBars(step);
    });
    svc.dispose();
    const before = notified.length;
    svc = service(); // same database handle: rules and states reload
    // The feed reconnects and re-delivers the last bars, then goes on.
    steps.slice(140).forEach((step, k) => {
      store.upsertBars(step);
      clock = T0 + (140 + k) * 60_000 + 30_000;
      svc.onBars(step);
    });
    const live = notified.map((a) => `${a.ruleId}@${a.ts}`);
    expect(new Set(live).size).toBe(live.length);
    expect(live).toEqual(replayOf(steps));
    expect(notified.length).toBeGreaterThanOrEqual(before);
    svc.dispose();
  });

  // A rule's pair carries its spread definition: the live path (the worker's LivePair and
  // its snapshots) and `alerts test` (replay) must both read that definition's figures, and
  // a rule on the raw OLS pair of the same legs must not see them (nor they its points).
  it.each([
    { mode: 'log', hedge: 'ols' },
    { mode: 'log', hedge: 'kalman' },
    { mode: 'raw', hedge: 'kalman' },
  ] as const)('a rule on a $mode / $hedge pair fires on the same points live and in replay', async (def) => {
    const steps = pairBars(300);
    const all = steps.flat();
    const yBars = all.filter((b) => b.symbol === pair.y);
    const xBars = all.filter((b) => b.symbol === pair.x);
    const defined: PairSpec = { ...pair, ...def };
    // An ADF level surely crossed: the median p of this definition's snapshots.
    const ps = alignPair(yBars, xBars)
      .ts.map((to) => pairAnalytics(yBars, xBars, pair.window, { to, ...def }))
      .flatMap((a) => (a.ok && a.value.adf ? [a.value.adf.pvalue] : []))
      .sort((a, b) => a - b);
    const level = ps[Math.floor(ps.length / 2)]!;
    const inputs: AlertRuleInput[] = [
      { id: 'z', name: 'z', kind: 'zscore', pair: defined, op: 'crosses', k: 1.5 },
      { id: 's', name: 's', kind: 'spread', pair: defined, op: 'crosses', level: 0 },
      { id: 'adf', name: 'adf', kind: 'adf', pair: defined, op: 'crosses', level },
      { id: 'zRaw', name: 'zRaw', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
      { id: 'adfRaw', name: 'adfRaw', kind: 'adf', pair, op: 'crosses', level },
    ];
    const svc = service();
    for (const r of inputs) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    steps.forEach((step, i) => {
      store.upsertBars(step);
      clock = T0 + i * 60_000 + 30_000;
      svc.onBars(step);
      // The live engine evaluates at its cadence; here after every bar, as the replay does.
      svc.pairs.evaluateLive(defined);
      svc.pairs.evaluateLive(pair);
    });
    const live = notified.map((a) => `${a.ruleId}@${a.ts}`);
    const fires = replayAlerts(
      inputs.map((r) => alertRuleSchema.parse(r)),
      { bars: (symbol) => all.filter((b) => b.symbol === symbol) },
    );
    const replay = fires.map((f) => `${f.rule.id}@${f.ts}`);
    const of = (list: string[], id: string) => list.filter((f) => f.startsWith(`${id}@`));
    for (const id of ['z', 's', 'adf']) expect(of(replay, id).length, id).toBeGreaterThan(2);
    // Per rule (live, the fold's firings of a bar come before its evaluation's).
    for (const r of inputs) expect(of(live, r.id!), r.id).toEqual(of(replay, r.id!));
    expect(live.length).toBe(replay.length);
    // The definition matters: its rules judge other values than the raw OLS pair's.
    const values = (id: string) => fires.filter((f) => f.rule.id === id).map((f) => f.value);
    expect(values('z')).not.toEqual(values('zRaw'));
    expect(values('adf')).not.toEqual(values('adfRaw'));
    const liveValues = (id: string) => notified.filter((a) => a.ruleId === id).map((a) => a.value);
    for (const id of ['z', 'adf']) expect(liveValues(id), id).toEqual(values(id));
    svc.dispose();
  });
});
