import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { EventHub } from '../../../src/engine/api/eventHub';
import { createAlertService, type AlertService } from '../../../src/engine/alerts/alertService';
import { openStore, type SqliteTickStore } from '../../../src/engine/store/sqliteStore';
import type { PairEvaluateEvent, PairFoldEvent } from '../../../src/engine/analytics/service';
import { Emitter } from '../../../src/engine/lifecycle';
import type { FiredAlert, PairSpec, RequestHandlers, EngineStatus } from '../../../src/shared/contract';
import type { Bar } from '../../../src/shared/market';

/** Wall clock at the start of each test, on a minute boundary; bar times are offsets from it. */
const T0 = 1_699_999_980_000;
const rel = (a: { ts: number }): number => a.ts - T0;

function bar(offset: number, close: number, symbol = 'BTCUSDT'): Bar {
  return {
    symbol,
    tf: '1m',
    ts: T0 + offset,
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

const priceRule = {
  id: 'btc-100',
  name: 'BTC crosses 100',
  kind: 'price',
  symbol: 'btcusdt',
  tf: '1m',
  op: 'crosses',
  level: 100,
  hysteresis: 0.5,
} as const;

describe('alert service: persistence, delivery, handlers', () => {
  let dir: string;
  let dbPath: string;
  let store: SqliteTickStore;
  let clock: number;
  let notified: FiredAlert[];
  let pushed: { event: string; payload: unknown }[];
  let hub: EventHub;

  const open = (): AlertService => {
    store = openStore(dbPath);
    hub = new EventHub();
    hub.subscribe((event, payload) => pushed.push({ event, payload }));
    let n = 0;
    return createAlertService({
      db: store.db,
      hub,
      notifier: { notify: (a) => notified.push(a) },
      now: () => clock,
      newId: () => `gen-${++n}`,
      loadBars: (q) => store.getBars(q),
      onError: (err) => {
        throw err;
      },
    });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-'));
    dbPath = join(dir, 'db.sqlite');
    clock = T0;
    notified = [];
    pushed = [];
  });
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves rules, fires through the notifier and the hub, and records the history', async () => {
    const svc = open();
    const saved = await svc.handlers['alerts.saveRule']({ rule: priceRule } as never);
    expect(saved).toMatchObject({ created: true, rule: { id: 'btc-100', symbol: 'BTCUSDT', enabled: true } });
    expect(pushed.at(-1)).toMatchObject({ event: 'alerts.onDidChangeRules' });

    svc.onBars([bar(0, 99), bar(60_000, 101)]);
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatchObject({
      id: 1,
      ruleId: 'btc-100',
      ruleName: 'BTC crosses 100',
      kind: 'price',
      ts: T0 + 60_000,
      firedAt: clock,
      symbol: 'BTCUSDT',
      value: 101,
      threshold: 100,
    });
    expect(notified[0]!.message).toContain('crossed above 100');
    expect(pushed.filter((p) => p.event === 'alerts.onDidFire').map((p) => p.payload)).toEqual(notified);
    expect(hub.invalid).toBe(0);

    const history = await svc.handlers['alerts.history']({});
    expect(history.alerts).toEqual(notified);
    svc.dispose();
  });

  it('rules, arming state and history survive closing and reopening the database', async () => {
    let svc = open();
    await svc.handlers['alerts.saveRule']({ rule: priceRule } as never);
    await svc.handlers['alerts.saveRule']({
      rule: { name: 'stale', kind: 'stale', symbol: 'ETHUSDT', seconds: 30 },
    } as never);
    svc.onBars([bar(0, 99), bar(60_000, 101)]);
    expect(notified).toHaveLength(1);
    svc.dispose();
    store.close();

    svc = open();
    const { rules } = await svc.handlers['alerts.listRules']({});
    expect(rules.map((r) => r.id)).toEqual(['btc-100', 'gen-1']);
    // Reconnect: the feed re-delivers the bar that fired, and refills older ones.
    svc.onBars([bar(0, 99), bar(60_000, 101)]);
    svc.onBars([bar(60_000, 101.2)]);
    expect(notified).toHaveLength(1);
    // 99.8 is a real downward crossing; 100.4 is not an upward one, because the up side
    // re-arms only 0.5 below the level; nor is 99.2 a downward one (no rise to 100.5 since).
    svc.onBars([bar(120_000, 99.8), bar(180_000, 100.4)]);
    expect(notified.map(rel)).toEqual([60_000, 120_000]);
    svc.onBars([bar(240_000, 99.2), bar(300_000, 99.4), bar(360_000, 100.1)]);
    expect(notified.map(rel)).toEqual([60_000, 120_000, 360_000]);
    expect((await svc.handlers['alerts.history']({ ruleId: 'btc-100' })).alerts.map((a) => a.id)).toEqual([1, 2, 3]);
    expect((await svc.handlers['alerts.history']({ limit: 2 })).alerts.map(rel)).toEqual([120_000, 360_000]);
    expect((await svc.handlers['alerts.history']({ from: T0 + 100_000, to: T0 + 300_000 })).alerts.map(rel)).toEqual([
      120_000,
    ]);
    svc.dispose();
  });

  it('data-health rules read engine status with the injected clock', async () => {
    const svc = open();
    await svc.handlers['alerts.saveRule']({
      rule: { id: 'st', name: 'stale', kind: 'stale', symbol: 'BTCUSDT', seconds: 30 },
    } as never);
    await svc.handlers['alerts.saveRule']({
      rule: { id: 'gp', name: 'gap', kind: 'gap', symbol: 'BTCUSDT', seconds: 10 },
    } as never);
    const status = (lastTickTs: number, gapsFound: number, gapsFilled: number): EngineStatus => ({
      version: 't',
      source: 'live',
      dbPath,
      dbSizeBytes: 0,
      symbols: [
        {
          symbol: 'BTCUSDT',
          state: 'live',
          messagesPerSec: 0,
          ticksStored: 0,
          lastTickTs,
          gapsFound,
          gapsFilled,
          rejects: 0,
        },
      ],
    });
    const t0 = clock;
    svc.onStatus(status(t0, 1, 0));
    clock = t0 + 10_000;
    svc.onStatus(status(t0, 1, 0));
    expect(notified.map((a) => a.ruleId)).toEqual(['gp']);
    clock = t0 + 31_000;
    svc.onStatus(status(t0, 1, 1));
    expect(notified.map((a) => a.ruleId)).toEqual(['gp', 'st']);
    expect(notified[1]!.message).toContain('no trade for 31 s');
    svc.dispose();
  });

  it('through the dispatcher: a bad rule is refused whole with the field named, nothing is saved', async () => {
    const svc = open();
    const dispatcher = createDispatcher(svc.handlers as unknown as RequestHandlers);
    const bad = await dispatcher.dispatch('alerts.saveRule', {
      rule: { ...priceRule, id: 'bad', level: -3, cooldownMs: -1 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const message = bad.ok ? '' : bad.error.message;
    expect(message).toContain('rule.level: a price level must be > 0');
    expect(message).toContain('rule.cooldownMs: cooldownMs cannot be negative');
    expect(await dispatcher.dispatch('alerts.listRules', {})).toEqual({ ok: true, result: { rules: [] } });
    const missing = await dispatcher.dispatch('alerts.deleteRule', { id: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Calling the handler directly (as main might) validates too.
    await expect(
      Promise.resolve().then(() => svc.handlers['alerts.saveRule']({ rule: { ...priceRule, symbol: '' } } as never)),
    ).rejects.toThrow(/rule\.symbol/);
    svc.dispose();
  });

  it('edit, disable/enable and delete; re-enabling does not fire what happened while off', async () => {
    const svc = open();
    await svc.handlers['alerts.saveRule']({ rule: { ...priceRule, op: 'above', hysteresis: 0 } } as never);
    svc.onBars([bar(0, 101)]);
    expect(notified).toHaveLength(1);
    await svc.handlers['alerts.setEnabled']({ id: 'btc-100', enabled: false });
    svc.onBars([bar(60_000, 99), bar(120_000, 105)]);
    expect(notified).toHaveLength(1);
    clock = T0 + 250_000;
    const { rule } = await svc.handlers['alerts.setEnabled']({ id: 'btc-100', enabled: true });
    expect(rule.enabled).toBe(true);
    svc.onBars([bar(120_000, 106)]); // a bar from while it was off, updated late: the past
    expect(notified).toHaveLength(1);
    svc.onBars([bar(180_000, 107), bar(240_000, 108)]);
    // "above" starts armed after re-enabling: it fires once, for the previous bar onwards.
    expect(notified.map(rel)).toEqual([0, 180_000]);
    const edited = await svc.handlers['alerts.saveRule']({
      rule: { ...priceRule, name: 'renamed', level: 200 },
    } as never);
    expect(edited).toMatchObject({ created: false, rule: { name: 'renamed', level: 200 } });
    expect(await svc.handlers['alerts.deleteRule']({ id: 'btc-100' })).toEqual({ deleted: true });
    expect((await svc.handlers['alerts.listRules']({})).rules).toEqual([]);
    // The audit log outlives the rule.
    expect((await svc.handlers['alerts.history']({})).alerts).toHaveLength(2);
    svc.dispose();
  });

  it('a new rule does not fire for history delivered after it was created', async () => {
    clock = T0 + 600_000;
    const svc = open();
    await svc.handlers['alerts.saveRule']({ rule: { ...priceRule, op: 'above', hysteresis: 0 } } as never);
    // E.g. a series push or a refill carrying the last ten minutes, all above the level.
    svc.onBars(Array.from({ length: 11 }, (_, i) => bar(i * 60_000, 101 + i)));
    expect(notified.map(rel)).toEqual([540_000]);
    svc.dispose();
  });

  it('pair rules read the analytics service: z from its folds, ADF from its evaluations, of their own pair', async () => {
    store = openStore(dbPath);
    const folds = new Emitter<PairFoldEvent>();
    const evaluations = new Emitter<PairEvaluateEvent>();
    const followed: PairSpec[][] = [];
    const svc = createAlertService({
      db: store.db,
      hub: new EventHub(),
      notifier: { notify: (a) => notified.push(a) },
      now: () => clock,
      pairs: { onDidFold: folds.event, onDidEvaluate: evaluations.event },
      onDidChangePairs: (p) => followed.push(p),
    });
    const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 60 } as const;
    const other = { ...pair, window: 120 };
    await svc.handlers['alerts.saveRule']({
      rule: { id: 'z', name: 'z', kind: 'zscore', pair, op: 'above', k: 2 },
    } as never);
    await svc.handlers['alerts.saveRule']({
      rule: { id: 'a', name: 'a', kind: 'adf', pair, op: 'below', level: 0.05 },
    } as never);
    // The analytics service is told which pairs to follow, whatever is on screen.
    expect(svc.watchedPairs()).toEqual([pair]);
    expect(followed.at(-1)).toEqual([pair]);
    const pt = (ts: number, z: number) => ({
      ts: T0 + ts,
      y: 1,
      x: 1,
      alpha: 0,
      beta: 1,
      r2: 1,
      spread: z,
      spreadStd: 1,
      z,
      correlation: 0.9,
      kalmanBeta: null,
      kalmanAlpha: null,
    });
    // Another pair's figures (another window) do not reach this rule.
    folds.fire({ pair: other, points: [pt(60_000, 3)], segmentStarts: [T0], closed: 0 });
    expect(notified).toEqual([]);
    folds.fire({ pair, points: [pt(0, 1), pt(60_000, 2.5)], segmentStarts: [T0, T0], closed: 1 });
    expect(notified.map((a) => [a.ruleId, rel(a)])).toEqual([['z', 60_000]]);
    const snapshot = (end: number, pvalue: number) =>
      ({
        ok: true,
        pair,
        value: {
          end: T0 + end,
          adf: { stat: -4, pvalue, usedlag: 0, nobs: 59, crit: { '1%': -3.5, '5%': -2.9, '10%': -2.6 }, icbest: 1 },
        },
        issues: {},
        computedAt: clock,
        computeMs: 1,
      }) as never;
    evaluations.fire({ snapshot: snapshot(60_000, 0.2), segmentStart: T0 });
    evaluations.fire({ snapshot: snapshot(120_000, 0.01), segmentStart: T0 });
    evaluations.fire({ snapshot: snapshot(120_000, 0.01), segmentStart: T0 });
    expect(notified.map((a) => [a.ruleId, rel(a)])).toEqual([
      ['z', 60_000],
      ['a', 120_000],
    ]);
    expect(notified[1]!.pair).toEqual(pair);
    svc.dispose();
    // Disposed: the subscriptions end.
    expect(folds.hasListeners || evaluations.hasListeners).toBe(false);
  });

  it('a failing notifier does not lose the history row or stop evaluation', async () => {
    store = openStore(dbPath);
    const errors: unknown[] = [];
    const svc = createAlertService({
      db: store.db,
      hub: new EventHub(),
      notifier: {
        notify: () => {
          throw new Error('notification service down');
        },
      },
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    await svc.handlers['alerts.saveRule']({ rule: { ...priceRule, op: 'above' } } as never);
    svc.onBars([bar(0, 101)]);
    expect(errors).toHaveLength(1);
    expect((await svc.handlers['alerts.history']({})).alerts).toHaveLength(1);
    svc.dispose();
  });
});
