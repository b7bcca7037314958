import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { Engine } from '../../../src/engine/engine';
import { tickToFrame } from '../../support/syntheticTrades';

let dir: string;
let recording: string;
let engine: Engine | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-grants-'));
  recording = join(dir, 'rec.jsonl');
  const start = Date.UTC(2024, 6, 18, 23, 0);
  writeFileSync(
    recording,
    new CointegratedPairSim({ seed: 2, startMs: start })
      .advance(start + 10_000)
      .map((t) => tickToFrame(t))
      .join('\n'),
  );
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

const open = async (source: Parameters<typeof Engine.open>[0]['source'] = { kind: 'none' }) =>
  (engine = await Engine.open({ dbPath: join(dir, 'e.db'), source }));

describe('replay reads only files the user granted', () => {
  it('refuses a path that was not granted, the same way whether or not it exists', async () => {
    const e = await open();
    const existing = await e.dispatcher.dispatch('system.setSource', { kind: 'replay', files: [recording] });
    const missing = await e.dispatcher.dispatch('system.setSource', {
      kind: 'replay',
      files: [join(dir, 'nope.jsonl')],
    });
    expect(existing).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const text = (r: typeof existing, path: string) => (r.ok ? '' : r.error.message.replace(path, '<path>'));
    expect(text(existing, recording)).toBe(text(missing, join(dir, 'nope.jsonl')));
    expect(text(existing, recording)).toBe(
      'system.setSource: replay of <path> was not granted: name it on the command line (tickscope serve --source replay FILE…)',
    );
    expect(e.status().source).toBe('none');
  });

  it('a granted file replays, under any spelling of its path', async () => {
    const e = await open();
    e.grantReplayFiles([recording]);
    expect(await e.dispatcher.dispatch('system.listReplayFiles', {})).toEqual({
      ok: true,
      result: { files: [recording], canPick: false },
    });
    const r = await e.dispatcher.dispatch('system.setSource', {
      kind: 'replay',
      files: [relative(process.cwd(), recording)],
    });
    expect(r).toMatchObject({ ok: true, result: { source: 'replay', sourceError: null } });
    // One granted file does not open the others.
    const other = await e.dispatcher.dispatch('system.setSource', {
      kind: 'replay',
      files: [recording, join(dir, 'e.db')],
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('files the engine was started with (the command line) are granted', async () => {
    const e = await open({ kind: 'replay', files: [recording] });
    expect(await e.dispatcher.dispatch('system.listReplayFiles', {})).toMatchObject({
      ok: true,
      result: { files: [recording] },
    });
    expect(await e.dispatcher.dispatch('system.setSource', { kind: 'replay', files: [recording] })).toMatchObject({
      ok: true,
      result: { source: 'replay' },
    });
  });

  it('the file dialog grants what the user chose; without one, picking is refused', async () => {
    const e = await open();
    expect(await e.dispatcher.dispatch('system.pickReplayFiles', {})).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/no file dialog in a browser/) },
    });
    let answer: string[] = [];
    e.setReplayPicker(async () => answer);
    expect(await e.dispatcher.dispatch('system.pickReplayFiles', {})).toEqual({ ok: true, result: { files: [] } }); // cancelled
    answer = [recording];
    expect(await e.dispatcher.dispatch('system.pickReplayFiles', {})).toEqual({
      ok: true,
      result: { files: [recording] },
    });
    expect(await e.dispatcher.dispatch('system.listReplayFiles', {})).toEqual({
      ok: true,
      result: { files: [recording], canPick: true },
    });
    expect(await e.dispatcher.dispatch('system.setSource', { kind: 'replay', files: [recording] })).toMatchObject({
      ok: true,
      result: { source: 'replay' },
    });
  });
});
