import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICK_STREAM, tickSubject } from '../../../src/core/bus/tickMessage';
import {
  mergeByEventTime,
  startFakeBinance,
  tradesFromTicks,
  type FakeBinance,
  type FakeTrade,
} from '../../support/fakeBinance';
import { NATS_SKIP_REASON, natsServerBinary, startNats, type NatsFixture } from '../../support/natsServer';
import { REPO_ROOT } from '../../support/serveProcess';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const haveNats = natsServerBinary() !== null;
if (!haveNats) console.warn(`tick bus CLI tests skipped: ${NATS_SKIP_REASON}`);

interface Running {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Every process started here, killed at the end whatever a failed wait left running. */
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function tickscope(args: string[]): Running {
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/tickscope.mjs'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, stderr: () => err, stdout: () => out, exited };
}

/** Stored trade ids per symbol, read on a fresh connection (the writer may still be running). */
function storedIds(path: string, symbol: string): number[] {
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'ticks'").get()) return [];
    const sym = db.prepare('SELECT id FROM symbols WHERE name = ?').pluck().get(symbol) as number | undefined;
    return sym === undefined
      ? []
      : (db.prepare('SELECT trade_id FROM ticks WHERE sym = ? ORDER BY trade_id').pluck().all(sym) as number[]);
  } finally {
    db.close();
  }
}

async function streamCounts(url: string): Promise<{ total: number; subjects: Record<string, number> }> {
  const nc = await connect({ servers: url });
  try {
    const info = await (await jetstreamManager(nc)).streams.info(TICK_STREAM, { subjects_filter: '>' });
    return { total: info.state.messages, subjects: info.state.subjects ?? {} };
  } catch {
    return { total: 0, subjects: {} };
  } finally {
    await nc.close();
  }
}

describe.skipIf(!haveNats)(
  'tickscope record --publish / --source nats:// (real processes, nats-server and fake Binance on loopback)',
  () => {
    let nats: NatsFixture;
    let fake: FakeBinance;
    let dir: string;
    let market: FakeTrade[];
    const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
    beforeAll(async () => {
      nats = await startNats();
      dir = mkdtempSync(join(tmpdir(), 'tickscope-bus-cli-'));
      market = mergeByEventTime(
        tradesFromTicks(syntheticTicks({ symbol: 'BTCUSDT', count: 30_000, seed: 5, meanGapMs: 20 })),
        tradesFromTicks(
          syntheticTicks({
            symbol: 'ETHUSDT',
            count: 30_000,
            seed: 6,
            meanGapMs: 20,
            startPrice: 2600,
            firstId: 7_000_000,
          }),
        ),
      );
      fake = await startFakeBinance({ trades: market, autoplay: false, burst: 20 });
    });
    afterAll(async () => {
      await fake?.close();
      await nats?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    // Real processes start through tsx: on a loaded 2-core machine that alone can take tens of seconds.
    it(
      'two recorders publish the same trades; one SIGKILLed mid-stream loses nothing; the stream holds each trade once',
      { timeout: 400_000 },
      async () => {
        const args = (db: string) => [
          'record',
          '--symbols',
          'btcusdt,ethusdt',
          '--publish',
          nats.url,
          '--ws-url',
          fake.wsUrl,
          '--rest-url',
          fake.restUrl,
          '--db',
          join(dir, db),
        ];
        const a = tickscope(args('rec-a.db'));
        const b = tickscope(args('rec-b.db'));
        await waitFor(() => fake.openConnections() >= 2, 'both recorders connected', 60_000);
        fake.play();
        await waitFor(() => fake.published() > market.length / 5, 'a fifth of the market published', 60_000);
        a.child.kill('SIGKILL');
        expect(await a.exited).toBe(null);
        await fake.finished;
        await waitFor(
          () =>
            storedIds(join(dir, 'rec-b.db'), 'ETHUSDT').length + storedIds(join(dir, 'rec-b.db'), 'BTCUSDT').length ===
            market.length,
          'recorder B to store the whole market',
          300_000,
        );
        let counts = await streamCounts(nats.url);
        for (let i = 0; i < 600 && counts.total < market.length; i++) {
          await new Promise((r) => setTimeout(r, 100));
          counts = await streamCounts(nats.url);
        }
        expect(counts.subjects).toEqual({ [tickSubject('BTCUSDT')]: 30_000, [tickSubject('ETHUSDT')]: 30_000 });
        b.child.kill('SIGINT');
        expect(await b.exited).toBe(0);
        expect(b.stderr()).toContain(`publishing to ${nats.url}`);

        // The killed recorder restarts: what it had stored but not published goes out now, as
        // duplicates the stream already holds.
        const again = tickscope([...args('rec-a.db'), '--duration', '3s']);
        expect(await again.exited).toBe(0);
        expect(again.stderr()).not.toMatch(/not yet acknowledged/);
        expect((await streamCounts(nats.url)).total).toBe(market.length);
      },
    );

    it(
      'a desk consumer SIGKILLed mid-stream and restarted ends with every trade exactly once',
      { timeout: 400_000 },
      async () => {
        const desk = join(dir, 'desk.db');
        const consume = (extra: string[] = []) =>
          tickscope(['record', '--source', nats.url, '--symbols', 'btcusdt,ethusdt', '--db', desk, ...extra]);
        const first = consume();
        await waitFor(() => storedIds(desk, 'BTCUSDT').length > 0, 'the desk to store its first batch', 60_000);
        first.child.kill('SIGKILL');
        await first.exited;
        const before = storedIds(desk, 'BTCUSDT').length + storedIds(desk, 'ETHUSDT').length;
        expect(before).toBeGreaterThan(0);
        expect(before).toBeLessThan(market.length);

        const second = consume();
        await waitFor(
          () => storedIds(desk, 'BTCUSDT').length + storedIds(desk, 'ETHUSDT').length === market.length,
          'the restarted desk to catch up',
          300_000,
        );
        second.child.kill('SIGINT');
        expect(await second.exited).toBe(0);
        for (const symbol of SYMBOLS) {
          expect(storedIds(desk, symbol)).toEqual(market.filter((t) => t.symbol === symbol).map((t) => t.id));
        }
        const summary = second.stdout();
        expect(summary).toMatch(/BTCUSDT: \d+ ticks stored from the bus \(stream sequence \d+\), 0 rejected/);
      },
    );

    it('bad bus flags are usage errors; an unreachable bus is one line and exit 1; no password is printed', async () => {
      const usage = tickscope(['record', '--symbols', 'btcusdt', '--source', 'http://x:1']);
      expect(await usage.exited).toBe(2);
      expect(usage.stderr().trim().split('\n')).toHaveLength(1);
      const both = tickscope(['record', '--symbols', 'btcusdt', '--source', nats.url, '--publish', nats.url]);
      expect(await both.exited).toBe(2);
      const down = tickscope([
        'record',
        '--symbols',
        'btcusdt',
        '--source',
        'nats://bob:hunter2@127.0.0.1:1',
        '--db',
        join(dir, 'down.db'),
      ]);
      expect(await down.exited).toBe(1);
      expect(down.stderr()).toBe(
        'tickscope record: cannot connect to nats://***@127.0.0.1:1: connection refused (is nats-server running there?)\n',
      );
    });
  },
);
