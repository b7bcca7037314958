import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { Tick } from '../../../src/shared/market';
import { runCli } from '../../support/cliRun';

const T0 = 1_723_161_256_000;

const tick = (symbol: string, tradeId: number, ts: number): Tick => ({
  symbol,
  tradeId,
  ts,
  price: 100,
  size: 1,
  isBuyerMaker: false,
});

describe('tickscope gaps: the unfilled gaps the store knows', () => {
  let dir: string;
  let db: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-gaps-'));
    db = join(dir, 'gaps.db');
    const store = openStore(db);
    // ETHUSDT: ids 100..109, then 150..159 (40 missing, refill failed).
    store.insertTicks([
      ...Array.from({ length: 10 }, (_, i) => tick('ETHUSDT', 100 + i, T0 + i * 100)),
      ...Array.from({ length: 10 }, (_, i) => tick('ETHUSDT', 150 + i, T0 + 60_000 + i * 100)),
    ]);
    store.recordGap({
      symbol: 'ETHUSDT',
      fromId: 110,
      toId: 149,
      detectedAt: T0 + 60_050,
      reason: 'REST aggTrades failed: HTTP 418',
    });
    // BTCUSDT: one gap refilled (marked), one whose ids an import brought later (all stored).
    store.insertTicks(Array.from({ length: 30 }, (_, i) => tick('BTCUSDT', 500 + i, T0 + i * 1000)));
    store.markGapFilled(
      store.recordGap({ symbol: 'BTCUSDT', fromId: 505, toId: 507, detectedAt: T0 + 8000 }),
      T0 + 9000,
    );
    store.recordGap({
      symbol: 'BTCUSDT',
      fromId: 510,
      toId: 512,
      detectedAt: T0 + 13_000,
      reason: 'id jump in live stream',
    });
    // SOLUSDT: a gap at the very end whose later trade is not stored.
    store.insertTicks([tick('SOLUSDT', 7, T0 + 5000)]);
    store.recordGap({
      symbol: 'SOLUSDT',
      fromId: 8,
      toId: 8,
      detectedAt: T0 + 7000,
      reason: 'older than the 24 h backfill limit',
    });
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a table: symbol, from, to, first and last missing id', async () => {
    const r = await runCli(['gaps', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^symbol\s+from\s+to\s+missing ids\s+reason$/);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([
      'ETHUSDT',
      '2024-08-08T23:54:16.900Z',
      '2024-08-08T23:55:16.000Z',
      '110..149 (40)',
      'REST aggTrades failed: HTTP 418',
    ]);
    expect(lines[2]!.split(/\s{2,}/)).toEqual([
      'SOLUSDT',
      '2024-08-08T23:54:21.000Z',
      '?',
      '8..8 (1)',
      'older than the 24 h backfill limit',
    ]);
  });

  it('--json is one document with times in epoch ms', async () => {
    const r = await runCli(['gaps', '--json', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      gaps: [
        {
          symbol: 'ETHUSDT',
          from: T0 + 900,
          to: T0 + 60_000,
          firstMissingId: 110,
          lastMissingId: 149,
          missing: 40,
          detectedAt: T0 + 60_050,
          reason: 'REST aggTrades failed: HTTP 418',
        },
        {
          symbol: 'SOLUSDT',
          from: T0 + 5000,
          to: null,
          firstMissingId: 8,
          lastMissingId: 8,
          missing: 1,
          detectedAt: T0 + 7000,
          reason: 'older than the 24 h backfill limit',
        },
      ],
    });
  });

  it('--symbol narrows the list; a symbol without unfilled gaps says so', async () => {
    const eth = await runCli(['gaps', '--symbol', 'ethusdt', '--json', '--db', db]);
    expect(JSON.parse(eth.stdout).gaps.map((g: { symbol: string }) => g.symbol)).toEqual(['ETHUSDT']);
    const btc = await runCli(['gaps', '--symbol', 'BTCUSDT', '--db', db]);
    expect([btc.code, btc.stdout]).toEqual([0, 'no unfilled gaps for BTCUSDT\n']);
  });

  it('fails in one line: unknown symbol or no database (1), bad flags (2)', async () => {
    const unknown = await runCli(['gaps', '--symbol', 'XRPUSDT', '--db', db]);
    expect([unknown.code, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toBe(
      `tickscope gaps: --symbol: XRPUSDT is not in ${db} (it holds BTCUSDT, ETHUSDT, SOLUSDT)\n`,
    );
    const missing = await runCli(['gaps', '--db', join(dir, 'none.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database at');
    for (const args of [['--symbol', 'not a symbol'], ['--symbol', 'BTCUSDT,ETHUSDT'], ['extra'], ['--bogus']]) {
      const r = await runCli(['gaps', ...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('is listed by tickscope help', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toMatch(/^ {2}gaps\s+List the gaps in the stored trades that could not be filled$/m);
    const h = await runCli(['help', 'gaps']);
    expect(h.stdout).toContain('Usage: tickscope gaps [--symbol SYM] [--json] [--db PATH]');
  });
});
