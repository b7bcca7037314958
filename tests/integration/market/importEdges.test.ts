import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store';
import { barSchema } from '../../../src/shared/market';
import { runCli } from '../../support/cliRun';
import { gzipWithHugeLine } from '../../support/hugeLine';
import { syntheticTicks, tickToFrame } from '../../support/syntheticTrades';
import { zipBomb } from '../../support/zip';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-import-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 200, seed: 3, firstId: 1_000, meanGapMs: 300 });
const ESC = '\u001b';

describe('import: data it can trust', () => {
  it('reads a reordered header by name: qty stays qty, price stays price', async () => {
    const file = join(dir, 'BTCUSDT-trades-2024-08-08.csv');
    const rows = ticks.map((t) => `${t.isBuyerMaker},${t.ts},${t.size},${t.tradeId},${t.price}`);
    writeFileSync(file, ['is_buyer_maker,time,qty,id,price', ...rows].join('\n') + '\n');
    const db = join(dir, 'reordered.db');
    const r = await runCli(['import', file, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('200 new, 0 already present, 0 rejected');
    const store = openStore(db);
    expect([...store.iterateTicks({ symbol: 'BTCUSDT' })]).toEqual(ticks);
    store.close();
  });

  it('refuses a header with a column it cannot map, naming the column', async () => {
    const file = join(dir, 'BTCUSDT-trades-2024-08-09.csv');
    writeFileSync(file, `id,price,qty,quote_qty,time,is_buyer_maker,fee_${ESC}[2J\n1,2,3,6,${ticks[0]!.ts},true,0\n`);
    const r = await runCli(['import', file, '--db', join(dir, 'unmapped.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      'line 1: unknown column "fee_\\u001b[2J" (trades files have id,price,qty,quote_qty,time,is_buyer_maker)',
    );
    expect(r.stderr).not.toContain(ESC);
  });

  it('a file that gives no usable row fails (package.json is not a recording)', async () => {
    const pkg = resolve(import.meta.dirname, '../../../package.json');
    const r = await runCli(['import', pkg, '--db', join(dir, 'pkg.db')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tickscope import: .*package\.json: no usable row \(\d+ rows; \d+ rejected, most for malformed JSON \(first at line 1\)\)$/,
    );
    // An empty CSV too.
    const empty = join(dir, 'ETHUSDT-trades-2024-08-08.csv');
    writeFileSync(empty, 'id,price,qty,quote_qty,time,is_buyer_maker\n');
    const e = await runCli(['import', empty, '--db', join(dir, 'pkg.db')]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('ETHUSDT-trades-2024-08-08.csv: no data rows');
  });

  it('rejects 1e308 prices and sizes and s/µs times, counted; the bars stay servable', async () => {
    const file = join(dir, 'BTCUSDT-trades-2024-08-10.csv');
    const t = ticks[0]!;
    const good = ticks.map((x) => `${x.tradeId},${x.price},${x.size},0,${x.ts},${x.isBuyerMaker}`);
    const bad = [
      `1,1e308,2,0,${t.ts},true`,
      `2,100,1e308,0,${t.ts},true`,
      `3,100,1,0,${t.ts * 1000},true`,
      `4,100,1,0,${Math.floor(t.ts / 1000)},true`,
    ];
    writeFileSync(file, ['id,price,qty,quote_qty,time,is_buyer_maker', ...bad, ...good].join('\n') + '\n');
    const db = join(dir, 'finite.db');
    const r = await runCli(['import', file, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout).files[0];
    expect(rep.newTicks).toBe(200);
    expect(rep.rejectReasons).toEqual({
      'price out of range (1e15 or more)': { count: 1, firstLine: 2 },
      'size out of range (1e15 or more)': { count: 1, firstLine: 3 },
      'trade time in microseconds, not milliseconds': { count: 1, firstLine: 4 },
      'trade time in seconds, not milliseconds': { count: 1, firstLine: 5 },
    });
    const engine = await Engine.open({ dbPath: db, source: { kind: 'none' } });
    try {
      for (const tf of ['1s', '1m', '1d'] as const) {
        const res = await engine.dispatcher.dispatch('market.getBars', { symbol: 'BTCUSDT', tf });
        expect(res.ok, JSON.stringify(res)).toBe(true);
        const bars = (res as { result: { bars: unknown[] } }).result.bars;
        expect(bars.length).toBeGreaterThan(0);
        for (const b of bars) expect(barSchema.safeParse(b).success).toBe(true);
      }
    } finally {
      await engine.stop();
    }
  });

  it('rejects symbols with escape sequences, and never echoes them', async () => {
    const log = join(dir, 'mixed.jsonl');
    const evil = JSON.stringify({
      stream: 'x@aggTrade',
      data: {
        e: 'aggTrade',
        a: 5,
        s: `${ESC}]0;owned${ESC}\\${ESC}[2JBTCUSDT`,
        p: '1',
        q: '1',
        T: ticks[0]!.ts,
        m: true,
      },
    });
    writeFileSync(log, [evil, ...ticks.slice(0, 10).map((t) => tickToFrame(t))].join('\n'));
    const db = join(dir, 'symbols.db');
    const r = await runCli(['import', log, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BTCUSDT stream: 10 new, 0 already present, 1 rejected');
    expect(r.stdout).toContain('rejected 1x: invalid symbol "s" (not 2-30 letters or digits) (first at line 1)');
    expect(r.stdout + r.stderr).not.toContain(ESC);
    const store = openStore(db);
    expect(store.listSymbols()).toEqual(['BTCUSDT']);
    store.close();
    const flag = await runCli(['import', log, '--symbol', `${ESC}[31mBTC`, '--db', db]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--symbol: "\\u001b[31mBTC" is not a symbol');
    expect(flag.stderr).not.toContain(ESC);
  });

  it('a 600 MiB line in a small .gz is a clear error, not a crash', async () => {
    const gz = join(dir, 'huge.jsonl.gz');
    writeFileSync(
      gz,
      gzipWithHugeLine(
        ticks
          .slice(0, 5)
          .map((t) => tickToFrame(t))
          .join('\n') + '\n',
        600,
      ),
    );
    const r = await runCli(['import', gz, '--db', join(dir, 'huge.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `tickscope import: ${gz}: line 6 is longer than 1 MiB (the longest line read); not a Binance file?`,
    );
  });

  it('a zip bomb is refused before it is inflated, saying why', async () => {
    const zip = join(dir, 'BTCUSDT-trades-2024-08-11.zip');
    writeFileSync(zip, zipBomb('BTCUSDT-trades-2024-08-11.csv', Buffer.alloc(2 ** 20, 'a'), 600));
    const r = await runCli(['import', zip, '--db', join(dir, 'bomb.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^tickscope import: .*BTCUSDT-trades-2024-08-11\.zip: BTCUSDT-trades-2024-08-11\.csv would inflate \d+x \(\d+\.\d KiB to 600\.0 MiB\), more than the 100x a CSV compresses by: refused as a zip bomb$/,
    );
  });
});
