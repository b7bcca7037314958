import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { tickToFrame } from '../../support/syntheticTrades';

describe('alerts during a replay', () => {
  it('judge recorded time, so a rule created for the session fires at the recorded crossings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-alerts-'));
    const start = Date.UTC(2024, 6, 18, 23, 0);
    const ticks = new CointegratedPairSim({ seed: 9, startMs: start }).advance(start + 20 * 60_000);
    writeFileSync(join(dir, 'rec.jsonl'), ticks.map((t) => tickToFrame(t)).join('\n'));
    const btc = ticks.filter((t) => t.symbol === 'BTCUSDT');
    // A level the recording crosses: the midpoint of its range.
    const level = (Math.min(...btc.map((t) => t.price)) + Math.max(...btc.map((t) => t.price))) / 2;

    const engine = await Engine.open({
      dbPath: join(dir, 's.db'),
      source: { kind: 'replay', files: [join(dir, 'rec.jsonl')] },
    });
    const saved = await engine.dispatcher.dispatch('alerts.saveRule', {
      rule: {
        name: 'BTC mid',
        kind: 'price',
        symbol: 'BTCUSDT',
        tf: '1m',
        op: 'crosses',
        level,
        hysteresis: 0,
        cooldownMs: 0,
      },
    });
    expect(saved.ok).toBe(true);
    await engine.start();
    await expect
      .poll(
        async () => {
          const r = await engine.dispatcher.dispatch('alerts.history', {});
          return r.ok ? (r.result as { alerts: unknown[] }).alerts.length : -1;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const r = await engine.dispatcher.dispatch('alerts.history', {});
    const alerts = r.ok ? (r.result as { alerts: { ts: number }[] }).alerts : [];
    // Every firing belongs to the recorded window, not to today.
    for (const a of alerts) expect(a.ts).toBeGreaterThanOrEqual(start);
    for (const a of alerts) expect(a.ts).toBeLessThan(start + 21 * 60_000);
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
