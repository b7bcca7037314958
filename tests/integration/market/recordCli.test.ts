import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as runRecord } from '../../../src/cli/commands/record';
import { main } from '../../../src/cli/main';
import type { CliContext } from '../../../src/cli/context';
import { openStore } from '../../../src/engine/store';
import { startFakeBinance, tradesFromTicks } from '../../support/fakeBinance';
import { REPO_ROOT } from '../../support/serveProcess';
import { syntheticTicks } from '../../support/syntheticTrades';
import { waitFor } from '../../support/waitFor';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on: connecting to it is refused at once (no route). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Runs the real entry point the way `npx tickscope` does; `onStderr` may signal it. */
function tickscope(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/tickscope.mjs'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => {
    stderr += c;
    onStderr?.(stderr, child);
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (status) => done({ status, stdout, stderr })),
  );
}

function ctx(signal?: AbortSignal): CliContext & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += c));
  stderr.on('data', (c) => (e += c));
  return { stdout, stderr, env: {}, isTTY: false, signal, out: () => o, err: () => e };
}

const lines = (text: string) => text.trimEnd().split('\n');

describe('tickscope record when Binance cannot be reached', () => {
  it('keeps retrying, says what it waits for, and exits 1 with one clear line when --duration ends', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const r = await tickscope([
      'record',
      '--symbols',
      'btcusdt,ethusdt',
      '--duration',
      '2s',
      '--ws-url',
      `ws://127.0.0.1:${port}`,
      '--rest-url',
      base,
      '--db',
      join(dir, 'offline.db'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err.at(-1)).toBe(`tickscope record: never reached Binance at ${base} in 2 s`);
    const waiting = err.slice(0, -1);
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    for (const line of waiting)
      expect(line).toMatch(
        new RegExp(
          `^tickscope record: cannot reach ${base}/fapi/v1/exchangeInfo: ECONNREFUSED; retrying in [0-9.]+ s$`,
        ),
      );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops on SIGINT while waiting, with the same one line', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    let signalled = false;
    const r = await tickscope(
      [
        'record',
        '--symbols',
        'btcusdt',
        '--ws-url',
        `ws://127.0.0.1:${port}`,
        '--rest-url',
        base,
        '--db',
        join(dir, 'offline2.db'),
      ],
      (text, child) => {
        if (!signalled && text.includes('cannot reach')) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(signalled).toBe(true);
    expect(r.status).toBe(1);
    expect(lines(r.stderr).at(-1)).toMatch(
      new RegExp(`^tickscope record: never reached Binance at ${base} in [0-9.]+ s$`),
    );
  });

  it('documents its exit statuses', async () => {
    const c = ctx();
    expect(await main(['help', 'record'], c)).toBe(0);
    expect(c.out()).toMatch(
      /Exit status:\n\s+0 .*\n[\s\S]*\n\s+1 [\s\S]*never reached Binance[\s\S]*\n\s+2\s+bad usage/,
    );
  });
});

describe('tickscope record before it exits', () => {
  it('fetches over REST the trades published during a last disconnect the stream never came back from', async () => {
    const rec = syntheticTicks({
      symbol: 'ETHUSDT',
      count: 600,
      seed: 61,
      firstId: 1,
      meanGapMs: 10,
      startPrice: 3000,
    });
    // One stream connection only: after the cut every reconnect is refused.
    const fake = await startFakeBinance({
      trades: tradesFromTicks(rec),
      dropAfter: [449],
      lostPerDrop: 150,
      lossMayEndTimeline: true,
      maxConnections: 1,
    });
    try {
      const db = join(dir, 'last.db');
      const controller = new AbortController();
      const c = ctx(controller.signal);
      const done = runRecord(
        ['--symbols', 'ethusdt', '--ws-url', fake.wsUrl, '--rest-url', fake.restUrl, '--db', db, '--json'],
        c,
      );
      await fake.finished;
      // A fresh reader each time: a store caches its symbol ids when it opens.
      const stored = (): number => {
        const reader = openStore(db);
        try {
          return reader.countTicks({ symbol: 'ETHUSDT' });
        } finally {
          reader.close();
        }
      };
      const refusedLine = new RegExp(
        `cannot reach ${fake.wsUrl}/market/stream\\?streams=ethusdt@aggTrade: .+; retrying in [0-9.]+ s`,
      );
      await waitFor(
        () => refusedLine.test(c.err()) && stored() === 450,
        'the live part stored, a reconnect refused and said so',
      );
      controller.abort();
      expect(await done).toBe(0);
      expect(stored()).toBe(600);
      expect(JSON.parse(c.out()).symbols[0]).toMatchObject({
        symbol: 'ETHUSDT',
        ticksStored: 600,
        gapsFound: 1,
        gapsFilled: 1,
        unfilledGaps: 0,
      });
    } finally {
      await fake.close();
    }
  });
});
