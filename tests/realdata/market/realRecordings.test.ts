import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BinanceFeed } from '../../../src/engine/feed/binanceFeed';
import { importFiles } from '../../../src/engine/import/importFiles';
import { createIngestor } from '../../../src/engine/ingest/ingestor';
import { openStore } from '../../../src/engine/store';
import { mergeByEventTime, startFakeBinance, tradesFromMessages } from '../../support/fakeBinance';
import { waitFor } from '../../support/waitFor';

const dataDir = process.env.TICKSCOPE_DATA_DIR ?? resolve(__dirname, '../../../../shared/data');
const um = join(dataDir, 'binance-um');
const present = existsSync(um);
if (!present) console.log(`[realdata] skipping: no recordings at ${um} (set TICKSCOPE_DATA_DIR)`);

const dir = mkdtempSync(join(tmpdir(), 'tickscope-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!present)('real Binance recordings', () => {
  it('imports the CSVs; every 1s/1m/5m bar equals an independent SQL aggregation', async () => {
    const files = readdirSync(um)
      .filter((f) => f.endsWith('-trades.csv'))
      .map((f) => join(um, f));
    const store = openStore(join(dir, 'csv.db'));
    const report = await importFiles(files, { store });
    const expectedRows: Record<string, number> = {};
    for (const f of files) expectedRows[f] = readFileSync(f, 'utf8').trim().split('\n').length - 1;
    for (const f of report.files) {
      expect(f.rejected).toBe(0);
      expect(f.newTicks).toBe(expectedRows[f.file]);
    }
    for (const tfName of ['1s', '1m', '5m'] as const) {
      const tfMs = { '1s': 1000, '1m': 60_000, '5m': 300_000 }[tfName];
      // open/close by (ts, trade_id) via window functions: a different method from the builder's
      const ref = store.db
        .prepare(
          `WITH t AS (SELECT s.name AS symbol, (ts / ${tfMs}) * ${tfMs} AS bts, ts, trade_id, price, size, is_buyer_maker FROM ticks JOIN symbols s ON s.id = ticks.sym),
           r AS (SELECT *, first_value(price) OVER w AS o, last_value(price) OVER w AS c FROM t
                 WINDOW w AS (PARTITION BY symbol, bts ORDER BY ts, trade_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
           SELECT symbol, bts AS ts, min(o) AS open, max(price) AS high, min(price) AS low, min(c) AS close, sum(size) AS volume,
                  count(*) AS trades, sum(CASE WHEN is_buyer_maker = 0 THEN size ELSE 0 END) AS buy FROM r GROUP BY symbol, bts ORDER BY symbol, bts`,
        )
        .all() as {
        symbol: string;
        ts: number;
        open: number;
        high: number;
        low: number;
        close: number;
        volume: number;
        trades: number;
        buy: number;
      }[];
      const mine = ['BTCUSDT', 'ETHUSDT'].flatMap((s) => store.getBars({ symbol: s, tf: tfName }));
      expect(mine.length).toBe(ref.length);
      mine.forEach((b, i) => {
        const r = ref[i]!;
        expect([b.symbol, b.ts, b.open, b.high, b.low, b.close, b.trades]).toEqual([
          r.symbol,
          r.ts,
          r.open,
          r.high,
          r.low,
          r.close,
          r.trades,
        ]);
        expect(b.volume).toBeCloseTo(r.volume, 6);
        expect(b.buyVolume).toBeCloseTo(r.buy, 6);
      });
    }
    store.close();
  });

  it('imports the raw gz recordings (ns prefix, bookTicker/depth mixed in) matching the JSONL trades', async () => {
    const store = openStore(join(dir, 'raw.db'));
    const rep = await importFiles([join(um, 'raw', 'btcusdt_20240808.gz')], { store });
    expect(rep.files[0]!.ignored).toBeGreaterThan(0);
    const jsonl = readFileSync(join(um, 'BTCUSDT-um-20240808T2354-20240809T0000-trade-stream.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const ids = new Set(tradesFromMessages(jsonl).map((t) => t.id));
    const stored = [...store.iterateTicks({ symbol: 'BTCUSDT' })].map((t) => t.tradeId);
    expect(stored.filter((id) => ids.has(id)).length).toBe(ids.size);
    store.close();
  });

  it('replays the recorded streams as aggTrades with random drops; the store equals the server set', async () => {
    const read = (name: string) => tradesFromMessages(readFileSync(join(um, name), 'utf8').split('\n'));
    const trades = mergeByEventTime(
      read('BTCUSDT-um-20240718T2357-20240719T0005-trade-stream.jsonl'),
      read('ETHUSDT-um-20240718T2357-20240719T0005-trade-stream.jsonl'),
    );
    for (const seed of [1, 2, 3]) {
      const fake = await startFakeBinance({ trades, dropProbability: 0.002, seed, rest429Once: seed === 1 });
      const store = openStore(join(dir, `replay-${seed}.db`));
      const ingestor = createIngestor({ store, flushMs: 5 });
      const feed = new BinanceFeed({
        symbols: ['BTCUSDT', 'ETHUSDT'],
        wsUrl: fake.wsUrl,
        restUrl: fake.restUrl,
        sink: ingestor,
        store,
        reconnectBaseMs: 2,
        reconnectMaxMs: 20,
        restRetryBaseMs: 5,
      });
      await feed.start();
      await fake.finished;
      await waitFor(
        () =>
          feed.idle &&
          (ingestor.flush(),
          store.countTicks({ symbol: 'BTCUSDT' }) + store.countTicks({ symbol: 'ETHUSDT' }) === trades.length),
        'all stored',
        60_000,
      );
      await feed.stop();
      ingestor.close();
      expect(fake.stats.drops).toBeGreaterThan(3);
      for (const sym of ['BTCUSDT', 'ETHUSDT']) {
        const want = fake.publishedTrades(sym).map((t) => t.id);
        expect([...store.iterateTicks({ symbol: sym })].map((t) => t.tradeId).sort((a, b) => a - b)).toEqual(want);
      }
      store.close();
      await fake.close();
    }
  });
});
