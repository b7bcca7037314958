import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { runCli } from '../../support/cliRun';
import { syntheticTicks } from '../../support/syntheticTrades';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-export-checks-'));
const db = join(dir, 'x.db');
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 7, 8, 23, 0);

// Prices with one decimal and sizes with three, as Binance writes BTCUSDT; float sums of
// such sizes show noise (0.1 + 0.2 = 0.30000000000000004).
const btc = syntheticTicks({ symbol: 'BTCUSDT', count: 4000, seed: 17, firstId: 1, startMs: T0, meanGapMs: 60, startPrice: 63_944.1 });
const eth = syntheticTicks({ symbol: 'ETHUSDT', count: 4000, seed: 18, firstId: 1, startMs: T0, meanGapMs: 60, startPrice: 2_650 });
// One bar (the minute after the synthetic ones) where every trade is at 63944: its vwap must be exactly that.
const flatStart = Math.ceil((btc[btc.length - 1]!.ts + 1) / MINUTE) * MINUTE;
const flat: Tick[] = [0.1, 0.2, 0.3, 0.7, 0.1].map((size, i) => ({
  symbol: 'BTCUSDT', tradeId: 10_000 + i, ts: flatStart + i, price: 63_944, size, isBuyerMaker: i % 2 === 0,
}));

beforeAll(() => {
  const store = openStore(db);
  const ing = createIngestor({ store, timeframes: ['1m', '1h'], setTimer: () => 0, clearTimer: () => undefined });
  ing.push([...btc, ...flat]);
  ing.push(eth);
  ing.close();
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tickscope export: data you can trust', () => {
  it.each([
    [['export', 'ticks', '--symbol', 'XRPUSDT']],
    [['export', 'bars', '--symbol', 'xrpusdt', '--tf', '1m']],
    [['export', 'ticks', '--symbol', 'XRPUSDT', '--format', 'json']],
    [['analyze', '--y', 'XRPUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--window', '10']],
    [['analyze', '--y', 'BTCUSDT', '--x', 'XRPUSDT', '--tf', '1m', '--window', '10']],
  ])('an unknown symbol is "no data for XRPUSDT", exit 1: %j', async (args) => {
    const r = await runCli([...args, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no data for XRPUSDT');
  });

  it('a known symbol with an empty range is still a header and exit 0', async () => {
    const r = await runCli(['export', 'ticks', '--symbol', 'BTCUSDT', '--from', '0', '--to', '1', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ts,symbol,trade_id,price,size,is_buyer_maker\n');
  });

  it.each([
    [['export', 'ticks', '--symbol', 'BTCUSDT']],
    [['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m']],
    [['alerts', 'test', '--rules', join(dir, 'rules.json')]],
  ])('--from after --to is bad usage (exit 2, one line naming both): %j', async (args) => {
    writeFileSync(join(dir, 'rules.json'), '[]');
    const r = await runCli([...args, '--from', '2024-08-09T00:00:00Z', '--to', String(T0), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--from 2024-08-09T00:00:00Z is after --to');
  });
});
