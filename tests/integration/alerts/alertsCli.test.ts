import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAnalytics, alignPair } from '../../../src/core/analytics';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { ALERT_RULE_KINDS, parseRulesFile } from '../../../src/shared/contract/alerts';
import { runCli } from '../../support/cliRun';
import { crossTimes } from '../../support/crossings';

const START = 1_723_161_600_000;
const SECONDS = 3600;
/** Trades dropped here so the BTC feed goes quiet for 90 s. */
const QUIET = [START + 1_200_000, START + 1_290_000] as const;

/** Last close per bar straight from the trades (ordered by time, then id), independent of the bar builder. */
function closesOf(ticks: readonly Tick[], symbol: string, tfMs: number): { ts: number; close: number }[] {
  const last = new Map<number, Tick>();
  for (const t of ticks) {
    if (t.symbol !== symbol) continue;
    const b = Math.floor(t.ts / tfMs) * tfMs;
    const prev = last.get(b);
    if (!prev || t.ts > prev.ts || (t.ts === prev.ts && t.tradeId > prev.tradeId)) last.set(b, t);
  }
  return [...last.entries()].sort((a, b) => a[0] - b[0]).map(([ts, t]) => ({ ts, close: t.price }));
}

describe('tickscope alerts test (in-process, synthetic bars in a temp database)', () => {
  let dir: string;
  let dbPath: string;
  let ticks: Tick[];
  const gapRecords = [
    { detectedAt: START + 600_000, filledAt: START + 605_000 },
    { detectedAt: START + 1_800_000, filledAt: START + 1_900_000 },
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-cli-'));
    dbPath = join(dir, 'test.db');
    const store = openStore(dbPath);
    const sim = new CointegratedPairSim({ seed: 11, startMs: START });
    const ing = createIngestor({
      store,
      timeframes: ['1s', '15s'],
      maxBatch: 20_000,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    ticks = [];
    for (let t = 0; t < SECONDS; t += 300) {
      const batch = sim
        .advance(START + (t + 300) * 1000)
        .filter((k) => !(k.symbol === 'BTCUSDT' && k.ts >= QUIET[0] && k.ts < QUIET[1]));
      ticks.push(...batch);
      ing.push(batch);
    }
    ing.close();
    for (const g of gapRecords) {
      const id = store.recordGap({ symbol: 'BTCUSDT', fromId: 1, toId: 2, detectedAt: g.detectedAt });
      store.markGapFilled(id, g.filledAt);
    }
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const writeRules = (name: string, json: unknown): string => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(json));
    return p;
  };

  it('prints one JSON line per firing, matching brute-force scans of the data', async () => {
    const btc = closesOf(ticks, 'BTCUSDT', 1000);
    const sortedCloses = btc.map((b) => b.close).sort((a, b) => a - b);
    const level = sortedCloses[Math.floor(sortedCloses.length / 2)]! + 0.05; // never equal to a close
    const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '15s', window: 30 } as const;
    const rulesPath = writeRules('rules.json', {
      rules: [
        { id: 'px', name: 'BTC crosses the median', kind: 'price', symbol: 'BTCUSDT', tf: '1s', op: 'crosses', level },
        { id: 'z', name: 'z beyond 2', kind: 'zscore', pair, op: 'crosses', k: 2, enabled: false },
        { id: 'st', name: 'BTC quiet 60 s', kind: 'stale', symbol: 'BTCUSDT', seconds: 60 },
        { id: 'gp', name: 'gap open 30 s', kind: 'gap', symbol: 'BTCUSDT', seconds: 30 },
      ],
    });
    const r = await runCli(['alerts', 'test', '--rules', rulesPath, '--db', dbPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines)
      expect(Object.keys(l)).toEqual([
        'ruleId',
        'ts',
        'symbol' in l ? 'symbol' : 'pair',
        'value',
        'threshold',
        'message',
      ]);
    const times = (id: string) => lines.filter((l) => l.ruleId === id).map((l) => l.ts);

    const expectedPx = crossTimes(
      btc.map((b) => ({ ts: b.ts, v: b.close })),
      level,
    );
    expect(expectedPx.length).toBeGreaterThan(3);
    expect(times('px')).toEqual(expectedPx);

    // z-score from pairAnalytics at every aligned 15 s point (independent of RollingPair).
    const yb = closesOf(ticks, 'BTCUSDT', 15_000).map((b) => ({
      ...b,
      open: b.close,
      high: b.close,
      low: b.close,
      volume: 1,
      quoteVolume: b.close,
    }));
    const xb = closesOf(ticks, 'ETHUSDT', 15_000).map((b) => ({
      ...b,
      open: b.close,
      high: b.close,
      low: b.close,
      volume: 1,
      quoteVolume: b.close,
    }));
    const zs: { ts: number; v: number }[] = [];
    for (const ts of alignPair(yb, xb).ts) {
      const a = pairAnalytics(yb, xb, pair.window, { to: ts });
      if (a.ok && a.value.spread) zs.push({ ts, v: a.value.spread.z });
    }
    const expectedZ = [...new Set([...crossTimes(zs, 2), ...crossTimes(zs, -2)])].sort((a, b) => a - b);
    expect(expectedZ.length).toBeGreaterThan(0);
    expect(times('z')).toEqual(expectedZ);
    expect(lines.find((l) => l.ruleId === 'z')?.pair).toBe('BTCUSDT/ETHUSDT');

    // Stale: every pause between consecutive BTC trades longer than 60 s.
    const btcTimes = ticks
      .filter((t) => t.symbol === 'BTCUSDT')
      .map((t) => t.ts)
      .sort((a, b) => a - b);
    const expectedStale: number[] = [];
    for (let i = 1; i < btcTimes.length; i++)
      if (btcTimes[i]! - btcTimes[i - 1]! > 60_000) expectedStale.push(btcTimes[i - 1]! + 60_000);
    expect(expectedStale).toHaveLength(1);
    expect(times('st')).toEqual(expectedStale);

    expect(times('gp')).toEqual(
      gapRecords.filter((g) => g.filledAt - g.detectedAt >= 30_000).map((g) => g.detectedAt + 30_000),
    );

    // Ordered by time.
    const ts = lines.map((l) => l.ts as number);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });

  it('--from/--to restrict the replay (the rule starts at --from)', async () => {
    const rulesPath = writeRules('px.json', [
      { id: 'px', name: 'above', kind: 'price', symbol: 'BTCUSDT', tf: '1s', op: 'above', level: 1 },
    ]);
    const from = START + 100_000;
    const r = await runCli([
      'alerts',
      'test',
      '--rules',
      rulesPath,
      '--db',
      dbPath,
      '--from',
      String(from),
      '--to',
      new Date(START + 200_000).toISOString(),
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: number; symbol: string });
    // Always above 1: fires once, on the first bar at or after --from.
    const first = closesOf(ticks, 'BTCUSDT', 1000).find((b) => b.ts >= from)!;
    expect(lines).toEqual([expect.objectContaining({ ts: first.ts, symbol: 'BTCUSDT' })]);
  });

  it('refuses a bad rules file whole, naming the rule and field', async () => {
    const rulesPath = writeRules('bad.json', {
      rules: [
        { id: 'ok', name: 'ok', kind: 'price', symbol: 'BTCUSDT', tf: '1s', op: 'above', level: 1 },
        {
          id: 'b',
          name: 'b',
          kind: 'zscore',
          pair: { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 5 },
          op: 'above',
          k: 2,
        },
      ],
    });
    const r = await runCli(['alerts', 'test', '--rules', rulesPath, '--db', dbPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rules[1].pair.window');
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{ nope');
    expect((await runCli(['alerts', 'test', '--rules', notJson, '--db', dbPath])).stderr).toContain('not JSON');
  });

  it('the example rules file in `tickscope help alerts` is accepted as printed', async () => {
    const help = await runCli(['help', 'alerts']);
    const marker = 'Example (a valid file):\n';
    expect(help.stdout).toContain(marker);
    const example = help.stdout.slice(help.stdout.indexOf(marker) + marker.length);
    const rulesPath = join(dir, 'example.json');
    writeFileSync(rulesPath, example);
    const r = await runCli(['alerts', 'test', '--rules', rulesPath, '--db', dbPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Every documented kind appears in the reference table.
    for (const kind of ALERT_RULE_KINDS) expect(help.stdout).toMatch(new RegExp(`^  ${kind} +`, 'm'));
  });

  it("the README's example rules file is accepted", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const parsed = parseRulesFile(JSON.parse(block![1]!));
    expect(parsed.ok ? parsed.rules.map((r) => r.kind) : parsed.errors).toEqual(['price', 'zscore']);
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['alerts', 'test', '--db', dbPath])).code).toBe(2);
    expect((await runCli(['alerts', 'bogus'])).code).toBe(2);
    expect((await runCli(['alerts', 'test', '--rules', 'x', '--from', 'yesterday-ish'])).code).toBe(2);
    const help = await runCli(['help', 'alerts']);
    expect(help.stdout).toContain('tickscope alerts test --rules FILE');
  });
});
