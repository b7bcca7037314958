import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayAlerts } from '../../../src/core/alerts';
import { gaussian, mulberry32, type GapSpan } from '../../../src/core/analytics';
import { EventHub } from '../../../src/engine/api/eventHub';
import { createAlertService } from '../../../src/engine/alerts/alertService';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import { inProcessPairs } from '../../support/inProcessPairs';
import { alertRuleSchema, type EngineStatus, type FiredAlert } from '../../../src/shared/contract';
import type { Bar } from '../../../src/shared/market';

const T0 = 1_699_999_980_000;
const M = 60_000;
const HOLE = 21 * 86_400_000;
const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 20 } as const;
const rules = [
  { id: 'z', name: 'z', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
  {
    id: 'chg',
    name: 'ETH -0.5% in 5 m',
    kind: 'change',
    symbol: 'ETHUSDT',
    tf: '1m',
    lookback: 5,
    op: 'below',
    level: -0.5,
  },
  { id: 'px', name: 'ETH crosses 2900', kind: 'price', symbol: 'ETHUSDT', tf: '1m', op: 'crosses', level: 2900 },
] as const;
const status: EngineStatus = { version: 't', source: 'live', symbols: [], dbPath: ':memory:', dbSizeBytes: 0 };

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

/** Bar starts of a cointegrated pair, `n` minutes from `start`, ETH near `level`. */
function session(start: number, n: number, seed: number, level: number): Bar[][] {
  const g = gaussian(mulberry32(seed));
  let x = level;
  let s = 0;
  return Array.from({ length: n }, (_, i) => {
    x *= Math.exp(0.002 * g());
    s = 0.85 * s + 3 * g();
    return [bar('BTCUSDT', start + i * M, 2000 + 19.5 * x + s), bar('ETHUSDT', start + i * M, x)];
  });
}

describe('live alert rules across a break (what alerts test replays)', () => {
  let dir: string;
  let store: SqliteTickStore;
  let clock: number;
  let notified: FiredAlert[];
  let gaps: Record<string, GapSpan[]>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-breaks-'));
    store = openStore(join(dir, 'db.sqlite'));
    clock = T0;
    notified = [];
    gaps = {};
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Alerts over the analytics worker's own fold (in-process), reading the same gaps. */
  const service = () => {
    const reader = {
      getBars: (q: Parameters<SqliteTickStore['getBars']>[0]) => store.getBars(q),
      listUnfilledGaps: (symbol?: string) =>
        (gaps[symbol ?? ''] ?? []).map((g) => ({ fromTs: g.from, toTs: g.to, detectedAt: g.to })) as never,
    };
    const pairs = inProcessPairs(reader);
    const svc = createAlertService({
      db: store.db,
      hub: new EventHub(),
      notifier: { notify: (a) => notified.push(a) },
      now: () => clock,
      loadBars: (q) => store.getBars(q),
      loadGaps: (symbol) => gaps[symbol] ?? [],
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
  const replayOf = (steps: Bar[][]) => {
    const all = steps.flat();
    return replayAlerts(
      rules.map((r) => alertRuleSchema.parse(r)),
      { bars: (symbol) => all.filter((b) => b.symbol === symbol), unfilledGaps: (symbol) => gaps[symbol] ?? [] },
    ).map((f) => `${f.rule.id}@${f.ts}`);
  };
  const feed = (svc: ReturnType<typeof service>, step: Bar[]) => {
    store.upsertBars(step);
    clock = step[0]!.ts + 30_000;
    svc.onBars(step);
  };

  it('two sessions three weeks apart: nothing fires across the hole, the rest as replayed', async () => {
    const svc = service();
    for (const r of rules) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    const a = session(T0, 120, 5, 3000);
    const b = session(T0 + 120 * M + HOLE, 120, 6, 2400);
    for (const step of [...a, ...b]) feed(svc, step);
    // Firings of one bar start come in rule order in the replay: compare as sets per time.
    const live = notified.map((n) => `${n.ruleId}@${n.ts}`).sort();
    expect(live.length).toBeGreaterThan(5);
    expect(live).toEqual(replayOf([...a, ...b]).sort());
    const resume = b[0]![0]!.ts;
    expect(notified.filter((n) => n.ts === resume)).toEqual([]);
    expect(
      notified.filter((n) => n.ruleId === 'z' && n.ts >= resume).every((n) => n.ts >= resume + (pair.window - 1) * M),
    ).toBe(true);
    svc.dispose();
  });

  it('an ADF rule fed by snapshots starts afresh after the hole', async () => {
    const svc = service();
    const adf = { id: 'adf', name: 'adf', kind: 'adf', pair, op: 'crosses', level: 0.05 } as const;
    await svc.handlers['alerts.saveRule']({ rule: adf } as never);
    const snapshot = (end: number, pvalue: number) =>
      ({ ok: true, pair, value: { end, adf: { pvalue } }, issues: {}, computedAt: end, computeMs: 1 }) as never;
    const a = session(T0, 40, 8, 3000);
    const b = session(T0 + 40 * M + HOLE, 40, 9, 2400);
    for (const step of a) feed(svc, step);
    svc.pairs.evaluate(snapshot(a[38]![0]!.ts, 0.01));
    svc.pairs.evaluate(snapshot(a[39]![0]!.ts, 0.2));
    expect(notified.map((n) => n.ts)).toEqual([a[39]![0]!.ts]);
    for (const step of b) feed(svc, step);
    // Below 0.05 before the hole and above it after: no crossing is made of the two.
    svc.pairs.evaluate(snapshot(b[39]![0]!.ts, 0.01));
    expect(notified).toHaveLength(1);
    svc.pairs.evaluate(snapshot(b[39]![0]!.ts + M, 0.2));
    expect(notified.map((n) => n.ts)).toEqual([a[39]![0]!.ts, b[39]![0]!.ts + M]);
    svc.dispose();
  });

  it('a gap that could not be filled, reported in the status, breaks the series from then on', async () => {
    const svc = service();
    for (const r of rules) await svc.handlers['alerts.saveRule']({ rule: r } as never);
    // ETH misses minutes 60..63 (the refill failed), then trades on 1 % lower.
    const steps = session(T0, 140, 7, 3000).map((step, i) =>
      i < 60 ? step : i < 64 ? step.slice(0, 1) : [step[0]!, { ...step[1]!, close: step[1]!.close * 0.99 }],
    );
    steps.slice(0, 64).forEach((step) => feed(svc, step));
    gaps = { ETHUSDT: [{ from: T0 + 59 * M + 40_000, to: T0 + 64 * M + 5_000 }] };
    svc.onStatus(status);
    steps.slice(64).forEach((step) => feed(svc, step));
    // Live, minutes 60..63 were judged before anyone knew of the gap (the feed records it
    // when trades resume); from the resume on, live and replay agree.
    const resumed = (id: string) => Number(id.split('@')[1]) >= T0 + 64 * M;
    const live = notified
      .map((n) => `${n.ruleId}@${n.ts}`)
      .filter(resumed)
      .sort();
    expect(live.length).toBeGreaterThan(3);
    expect(live).toEqual(replayOf(steps).filter(resumed).sort());
    // The 1 % step over the gap is no %-change, and the pair window restarts after it.
    expect(notified.filter((n) => n.ruleId === 'chg' && n.ts >= T0 + 64 * M && n.ts < T0 + 69 * M)).toEqual([]);
    expect(
      notified
        .filter((n) => n.ruleId === 'z' && n.ts >= T0 + 64 * M)
        .every((n) => n.ts >= T0 + (64 + pair.window - 1) * M),
    ).toBe(true);
    svc.dispose();
  });
});
