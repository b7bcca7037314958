import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanUniverse, syntheticUniverse, type SymbolSeries } from '../../../src/core/scanner';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store/sqliteStore';
import type { ApiResult } from '../../../src/shared/contract';
import type { RequestArg, ResponseOf, ScanFinish, ScanProgress, ScanResultView } from '../../../src/shared/contract';
import { writeUniverseBars } from '../../support/universeDb';

// scanner.run through the engine's dispatcher, as the dashboard calls it: progress, the
// finish, the saved result read back (also after the engine is reopened on the same file),
// cancel, and the refusals. Each step waits for the event it needs, never on a clock.
const MIN = 60_000;
const START = Date.UTC(2024, 7, 8);
const dir = mkdtempSync(join(tmpdir(), 'tickscope-scanner-channel-'));
const db = join(dir, 'scan.db');
/** Small: 6 symbols (15 pairs), two planted cointegrated pairs. */
const small = syntheticUniverse({
  seed: 11,
  symbols: 6,
  bars: 400,
  tfMs: MIN,
  start: START,
  planted: 2,
  missing: 0.01,
});
/** Large enough that a cancel after the first progress lands mid-scan (1,770 pairs). */
const large = syntheticUniverse({
  seed: 12,
  symbols: 60,
  bars: 1200,
  tfMs: MIN,
  start: START,
  planted: 3,
  missing: 0.01,
});
const renamed: SymbolSeries[] = large.series.map((s) => ({ ...s, symbol: s.symbol.replace(/^S/, 'L') }));
let engine: Engine;

beforeAll(async () => {
  const store = openStore(db);
  writeUniverseBars(store, small.series, '1m');
  writeUniverseBars(store, renamed, '5m');
  // One symbol with a single 15m bar: a universe of one on that timeframe.
  writeUniverseBars(store, [{ symbol: 'LONEUSDT', ts: [START], close: [1] }], '15m');
  store.close();
  engine = await Engine.open({ dbPath: db, source: { kind: 'none' } });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function call<C extends 'scanner.run' | 'scanner.cancel' | 'scanner.getResult'>(
  channel: C,
  arg: RequestArg<C>,
): Promise<ApiResult<ResponseOf<C>>> {
  return (await engine.dispatcher.dispatch(channel, arg)) as ApiResult<ResponseOf<C>>;
}

async function ok<C extends 'scanner.run' | 'scanner.cancel' | 'scanner.getResult'>(
  channel: C,
  arg: RequestArg<C>,
): Promise<ResponseOf<C>> {
  const r = await call(channel, arg);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.result;
}

/** Every scanner push from now on; `finished(id)` settles on that scan's finish. */
function recordPushes(hub: Engine['hub'], onProgress?: (p: ScanProgress) => void) {
  const progress: ScanProgress[] = [];
  const finishes: ScanFinish[] = [];
  const waiting = new Map<string, (f: ScanFinish) => void>();
  const sub = hub.subscribe((event, payload) => {
    if (event === 'scanner.onDidProgress') {
      progress.push(payload as ScanProgress);
      onProgress?.(payload as ScanProgress);
    }
    if (event === 'scanner.onDidFinish') {
      const f = payload as ScanFinish;
      finishes.push(f);
      waiting.get(f.id)?.(f);
    }
  });
  const finished = (id: string) => {
    const seen = finishes.find((f) => f.id === id);
    return seen ? Promise.resolve(seen) : new Promise<ScanFinish>((r) => waiting.set(id, r));
  };
  return { progress, finishes, finished, dispose: () => sub.dispose() };
}

describe('scanner.run through the engine', () => {
  let saved: ScanResultView;

  it('scans a universe with progress, saves the ranked table and answers it from getResult', async () => {
    expect(await ok('scanner.getResult', {})).toEqual({ result: null, running: null });
    const pushes = recordPushes(engine.hub);
    const { id } = await ok('scanner.run', { universe: { kind: 'all' }, tf: '1m', bars: 400, minPoints: 200 });
    const finish = await pushes.finished(id);
    pushes.dispose();
    const expected = scanUniverse(small.series, { minCoverage: 0.9, minPoints: 200, fdr: 0.05 });
    expect(finish).toEqual({
      id,
      status: 'done',
      tested: expected.tested,
      significant: expected.pairs.filter((p) => p.significant).length,
    });
    expect(expected.pairs.filter((p) => p.significant).length).toBeGreaterThanOrEqual(2);

    // Progress: pairs done of 15, never going back, the last before the finish.
    const mine = pushes.progress.filter((p) => p.id === id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((p) => p.total === 15)).toBe(true);
    expect(mine.at(-1)).toEqual({ id, phase: 'ranking', done: 15, total: 15 });
    expect(mine.map((p) => p.done)).toEqual([...mine.map((p) => p.done)].sort((a, b) => a - b));
    expect(pushes.finishes.filter((f) => f.id === id)).toHaveLength(1);

    const { result, running } = await ok('scanner.getResult', {});
    expect(running).toBeNull();
    if (!result) throw new Error('no saved result');
    expect(result.pairs).toEqual(expected.pairs);
    expect(result.excluded).toEqual(expected.excluded);
    expect(result.tested).toBe(expected.tested);
    expect(result.universe).toEqual(small.series.map((s) => s.symbol).sort());
    expect([result.tf, result.from, result.to]).toEqual(['1m', START, START + 400 * MIN]);
    expect(result.request).toEqual({
      universe: { kind: 'all' },
      tf: '1m',
      bars: 400,
      minCoverage: 0.9,
      minPoints: 200,
      fdr: 0.05,
    });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(result.ranAt).toBeGreaterThan(START);
    saved = result;
  });

  it('cancels a running scan: one cancelled finish, nothing saved, the previous result kept', async () => {
    let id = '';
    let cancelled: Promise<ResponseOf<'scanner.cancel'>> | null = null;
    // Cancel as soon as the scan reports its first pairs done: it is then surely mid-scan.
    const pushes = recordPushes(engine.hub, (p) => {
      if (p.id === id && p.done > 0 && !cancelled) cancelled = ok('scanner.cancel', { id });
    });
    ({ id } = await ok('scanner.run', { universe: { kind: 'all' }, tf: '5m', minPoints: 200 }));
    // A second scan while one runs is refused: a scan already takes every core.
    const second = await call('scanner.run', { universe: { kind: 'all' }, tf: '1m' });
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message: 'scanner.run: a scan is running (it uses every core); cancel it or wait for it to finish',
      },
    });
    expect((await ok('scanner.getResult', {})).running).toBe(id);
    const finish = await pushes.finished(id);
    pushes.dispose();
    expect(finish).toEqual({ id, status: 'cancelled' });
    expect(await cancelled).toEqual({ cancelled: true });
    expect(pushes.finishes.filter((f) => f.id === id)).toHaveLength(1);
    const mine = pushes.progress.filter((p) => p.id === id);
    expect(mine.at(-1)!.done).toBeLessThan(1770);
    expect(mine.every((p) => p.total === 1770)).toBe(true);
    // Cancelling again, or a scan that is not running: nothing to cancel.
    expect(await ok('scanner.cancel', { id })).toEqual({ cancelled: false });
    expect(await ok('scanner.getResult', {})).toEqual({ result: saved, running: null });
  });

  it('refuses bad input with one clear line each', async () => {
    const refused = async (arg: RequestArg<'scanner.run'>) => {
      const r = await call('scanner.run', arg);
      if (r.ok) throw new Error('accepted');
      return r.error;
    };
    expect(await refused({ universe: { kind: 'list', symbols: ['S000USDT', 'NOPEUSDT'] }, tf: '1m' })).toEqual({
      code: 'bad_request',
      message: `scanner.run: unknown symbol NOPEUSDT: nothing stored for it in ${db}`,
    });
    expect((await refused({ universe: { kind: 'list', symbols: ['S000USDT', 'S000USDT'] }, tf: '1m' })).message).toBe(
      'scanner.run: universe.symbols: a scan needs at least two different symbols',
    );
    expect((await refused({ universe: { kind: 'all' }, tf: '15m' })).message).toBe(
      'scanner.run: a scan needs at least two symbols; only LONEUSDT has 15m bars in [2024-07-24T00:15:00.000Z, 2024-08-08T00:15:00.000Z)',
    );
    expect(
      (await refused({ universe: { kind: 'all' }, tf: '1m', from: START - 100 * MIN, to: START })).message,
    ).toMatch(/^scanner.run: no 1m bars of any symbol in \[2024-08-07T22:20/);
    expect((await refused({ universe: { kind: 'all' }, tf: '1m', from: START })).message).toBe(
      'scanner.run: to: from and to go together (or give bars)',
    );
    expect((await refused({ universe: { kind: 'all' }, tf: '1m', fdr: 0 })).message).toBe(
      'scanner.run: fdr: fdr must be in (0, 1]',
    );
    expect((await refused({ universe: { kind: 'watchlist' }, tf: '1m' })).message).toBe(
      'scanner.run: the watchlist has no symbols; a scan needs at least two',
    );
    expect((await call('scanner.run', { universe: { kind: 'all' }, tf: '1m', extra: 1 } as never)).ok).toBe(false);
    // Nothing was started by any of them.
    expect((await ok('scanner.getResult', {})).running).toBeNull();
  });

  it('a scan running when its database goes away (engine stop, demo swap) is reported failed; reopening shows the last scan', async () => {
    let id = '';
    let stopped: Promise<void> | null = null;
    const pushes = recordPushes(engine.hub, (p) => {
      if (p.id === id && p.done > 0 && !stopped) stopped = engine.stop();
    });
    ({ id } = await ok('scanner.run', { universe: { kind: 'all' }, tf: '5m', minPoints: 200 }));
    expect(await pushes.finished(id)).toEqual({
      id,
      status: 'failed',
      error: 'the database in use changed (the demo started or stopped, or the engine is stopping); nothing was saved',
    });
    await stopped;
    pushes.dispose();
    engine = await Engine.open({ dbPath: db, source: { kind: 'none' } });
    expect(await ok('scanner.getResult', {})).toEqual({ result: saved, running: null });
  });

  it('scans the watchlist universe: both legs of every watched pair', async () => {
    const added = await engine.dispatcher.dispatch('watchlist.add', {
      y: 'S003USDT',
      x: 'S001USDT',
      tf: '1m',
      window: 100,
    });
    expect(added.ok).toBe(true);
    const pushes = recordPushes(engine.hub);
    const { id } = await ok('scanner.run', { universe: { kind: 'watchlist' }, tf: '1m', bars: 400 });
    expect(await pushes.finished(id)).toMatchObject({ id, status: 'done', tested: 1 });
    pushes.dispose();
    const { result } = await ok('scanner.getResult', {});
    expect(result?.universe).toEqual(['S001USDT', 'S003USDT']);
    expect(result?.request.universe).toEqual({ kind: 'watchlist' });
    expect(result?.pairs.map((p) => [p.a, p.b])).toEqual([['S001USDT', 'S003USDT']]);
  });
});
