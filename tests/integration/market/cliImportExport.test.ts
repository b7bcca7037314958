import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { run as runExport } from '../../../src/cli/commands/export';
import { run as runImport } from '../../../src/cli/commands/import';
import { run as runRecord } from '../../../src/cli/commands/record';
import { main } from '../../../src/cli/main';
import { openStore } from '../../../src/engine/store';
import type { CliContext } from '../../../src/cli/context';
import { startFakeBinance, tradesFromTicks } from '../../support/fakeBinance';
import { naiveBars, syntheticTicks, tickToFrame } from '../../support/syntheticTrades';
import { zipOneFile } from '../../support/zip';
import { waitFor } from '../../support/waitFor';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ctx(signal?: AbortSignal): CliContext & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += c));
  stderr.on('data', (c) => (e += c));
  return { stdout, stderr, env: {}, isTTY: false, signal, out: () => o, err: () => e };
}

const ticks = syntheticTicks({ symbol: 'BTCUSDT', count: 3000, seed: 31, firstId: 7_000_000, meanGapMs: 200 });
const csvRow = (t: (typeof ticks)[number]) =>
  `${t.tradeId},${t.price},${t.size},${(t.price * t.size).toFixed(4)},${t.ts},${t.isBuyerMaker}`;

async function call(fn: typeof runImport, args: string[]) {
  const c = ctx();
  let code: number;
  try {
    code = await fn(args, c);
  } catch (err) {
    // main() maps UsageError to 2 and anything else to 1; mirror that here
    code =
      (err as Error).constructor.name === 'UsageError' || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? 2
        : 1;
    c.stderr.write((err as Error).message + '\n');
  }
  await new Promise((r) => setImmediate(r));
  return { code, out: c.out(), err: c.err() };
}

describe('tickscope import / export / record', () => {
  const db = join(dir, 'cli.db');

  it('imports a header CSV, a header-less zip and a gzipped log idempotently, counting rejects', async () => {
    const a = join(dir, 'BTCUSDT-trades-2024-08-08.csv');
    writeFileSync(
      a,
      [
        'id,price,qty,quote_qty,time,is_buyer_maker',
        ...ticks.slice(0, 1000).map(csvRow),
        '7000999999,0,1,0,1723161256000,true',
        '1,2',
      ].join('\n') + '\n',
    );
    const z = join(dir, 'BTCUSDT-trades-2024-08-09.zip');
    writeFileSync(
      z,
      zipOneFile('BTCUSDT-trades-2024-08-09.csv', Buffer.from(ticks.slice(500, 2000).map(csvRow).join('\n'))),
    );
    const g = join(dir, 'recording.jsonl.gz');
    const lines = ticks.slice(1500).map((t, i) => `${1723161256000000000n + BigInt(i)} ${tickToFrame(t)}`);
    lines.push(
      '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}',
      'garbage',
    );
    writeFileSync(g, gzipSync(lines.join('\n')));

    const r = await call(runImport, [a, z, g, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.files.map((f: { newTicks: number }) => f.newTicks)).toEqual([1000, 1000, 1000]);
    expect(rep.files.map((f: { alreadyPresent: number }) => f.alreadyPresent)).toEqual([0, 500, 500]);
    expect(rep.files[0].rejectReasons).toEqual({
      'non-positive price': { count: 1, firstLine: 1002 },
      'expected 6 columns, got 2': { count: 1, firstLine: 1003 },
    });
    expect(rep.files[2].rejectReasons).toEqual({ 'malformed JSON': { count: 1, firstLine: 1502 } });
    expect(rep.files[2].ignored).toBe(1);
    const again = await call(runImport, [a, '--db', db]);
    expect(again.out).toContain('0 new, 1000 already present, 2 rejected');

    const store = openStore(db);
    for (const tf of ['1s', '1m', '1h'] as const) {
      const ref = naiveBars(ticks, tf === '1s' ? 1000 : tf === '1m' ? 60_000 : 3_600_000);
      const bars = store.getBars({ symbol: 'BTCUSDT', tf });
      expect(bars.map((b) => [b.ts, b.open, b.close, b.trades])).toEqual(
        [...ref].map(([ts, r2]) => [ts, r2.open, r2.close, r2.trades]),
      );
    }
    store.close();
  });

  it('exports ticks and bars in the documented columns', async () => {
    const csv = await call(runExport, ['ticks', '--symbol', 'btcusdt', '--db', db]);
    expect(csv.code).toBe(0);
    const rows = csv.out.trim().split('\n');
    expect(rows[0]).toBe('ts,symbol,trade_id,price,size,is_buyer_maker');
    expect(rows).toHaveLength(3001);
    const t0 = ticks[0]!;
    expect(rows[1]).toBe(`${t0.ts},BTCUSDT,${t0.tradeId},${t0.price},${t0.size},${t0.isBuyerMaker}`);
    const from = ticks[10]!.ts;
    const to = new Date(ticks[20]!.ts).toISOString();
    const jsonl = await call(runExport, [
      'ticks',
      '--symbol',
      'BTCUSDT',
      '--from',
      String(from),
      '--to',
      to,
      '--format',
      'jsonl',
      '--db',
      db,
    ]);
    const objs = jsonl.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(objs[0])).toEqual(['symbol', 'ts', 'price', 'size', 'tradeId', 'isBuyerMaker']);
    expect(objs.every((o: { ts: number }) => o.ts >= from && o.ts <= ticks[20]!.ts)).toBe(true);
    const json = await call(runExport, ['ticks', '--symbol', 'BTCUSDT', '--format', 'json', '--db', db]);
    expect(JSON.parse(json.out)).toHaveLength(3000);
    const out = join(dir, 'bars.csv');
    const bars = await call(runExport, ['bars', '--symbol', 'BTCUSDT', '--tf', '1m', '--out', out, '--db', db]);
    expect(bars.code).toBe(0);
    const barRows = readFileSync(out, 'utf8').trim().split('\n');
    expect(barRows[0]).toBe('ts,open,high,low,close,volume,quote_volume,trades,vwap,buy_volume');
    expect(barRows.length - 1).toBe(naiveBars(ticks, 60_000).size);
    const barsJson = await call(runExport, [
      'bars',
      '--symbol',
      'BTCUSDT',
      '--tf',
      '5m',
      '--format',
      'json',
      '--db',
      db,
    ]);
    expect(JSON.parse(barsJson.out)[0]).toMatchObject({ symbol: 'BTCUSDT', tf: '5m' });
  });

  it('exits 2 on bad usage and 1 on runtime failures with one clear line', async () => {
    expect((await call(runExport, ['bars', '--symbol', 'BTCUSDT', '--db', db])).code).toBe(2);
    expect((await call(runExport, ['ticks', '--symbol', 'BTCUSDT', '--format', 'xml', '--db', db])).err).toContain(
      '--format: "xml"',
    );
    expect((await call(runExport, ['ticks', '--symbol', 'BTCUSDT', '--from', 'yesterday', '--db', db])).code).toBe(2);
    expect((await call(runImport, ['--db', db])).code).toBe(2);
    const missing = await call(runImport, [join(dir, 'nope.csv'), '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.csv: no such file');
    const noKind = join(dir, 'XRPUSDT-2024.csv');
    writeFileSync(noKind, '1,2,3,4,5,true\n');
    const r = await call(runImport, [noKind, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('pass --kind');
    expect((await call(runRecord, ['--db', db])).code).toBe(2);
    expect((await call(runRecord, ['--symbols', 'btc-usdt', '--db', db])).code).toBe(2);
  });

  it('records from the fake server until signalled, then flushes and exits 0', async () => {
    const rec = syntheticTicks({ symbol: 'ETHUSDT', count: 500, seed: 41, firstId: 1, meanGapMs: 10 });
    const fake = await startFakeBinance({ trades: tradesFromTicks(rec), dropAfter: [200], lostPerDrop: 30 });
    try {
      const recDb = join(dir, 'rec.db');
      const controller = new AbortController();
      const c = ctx(controller.signal);
      const done = runRecord(
        ['--symbols', 'ethusdt', '--ws-url', fake.wsUrl, '--rest-url', fake.restUrl, '--db', recDb, '--json'],
        c,
      );
      await fake.finished;
      const reader = openStore(recDb);
      await waitFor(() => reader.countTicks({ symbol: 'ETHUSDT' }) === 500, 'record stored everything');
      reader.close();
      controller.abort();
      expect(await done).toBe(0);
      const summary = JSON.parse(c.out());
      expect(summary.symbols[0]).toMatchObject({
        symbol: 'ETHUSDT',
        ticksStored: 500,
        gapsFound: 1,
        gapsFilled: 1,
        unfilledGaps: 0,
      });
    } finally {
      await fake.close();
    }
  });

  it('main() dispatches help for the market commands when registered', async () => {
    const c = ctx();
    const code = await main(['help'], c);
    expect(code).toBe(0);
  });
});
