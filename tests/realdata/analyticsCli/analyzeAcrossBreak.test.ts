import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/engine/import/importFiles';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { haveRecordings, recordingsDir } from '../../support/realdataBars';
import { loadFixture, type RealdataPairFixture } from '../../unit/core/analytics/fixtures';

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present)
  console.warn(
    `analyze-across-a-break real-data suite skipped: no recordings at ${join(dir, 'binance-um')}; set TICKSCOPE_DATA_DIR`,
  );
const fx = loadFixture<{ pairs: RealdataPairFixture[] }>('realdata-expected.json');

/**
 * Both recordings (three weeks apart) in one database: `analyze` must report figures from
 * one recording only, exactly those of a database holding that recording alone (which
 * analyzeRealdata.test.ts checks against statsmodels), and refuse a window that would
 * have to reach across the hole.
 */
describe.skipIf(!present)('tickscope analyze over two recordings three weeks apart', () => {
  const [early, late] = fx.pairs as [RealdataPairFixture, RealdataPairFixture];
  let tmp: string;
  const dbs = { both: '', early: '', late: '' };

  const importInto = async (path: string, periods: RealdataPairFixture[]): Promise<void> => {
    const store = openStore(path);
    try {
      const files = periods.flatMap((p) => [join(dir, 'binance-um', p.files.y), join(dir, 'binance-um', p.files.x)]);
      const report = await importFiles(files, { store, timeframes: ['1s'] });
      expect(report.rejected).toBe(0);
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tickscope-analyze-break-'));
    dbs.both = join(tmp, 'both.db');
    dbs.early = join(tmp, 'early.db');
    dbs.late = join(tmp, 'late.db');
    await importInto(dbs.both, [early, late]);
    await importInto(dbs.early, [early]);
    await importInto(dbs.late, [late]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const analyze = (db: string, window: number, to?: number) =>
    runCli([
      'analyze',
      '--y',
      late.y,
      '--x',
      late.x,
      '--tf',
      late.tf,
      '--window',
      String(window),
      '--json',
      '--db',
      db,
      ...(to === undefined ? [] : ['--to', String(to)]),
    ]);

  it('a window longer than the recording after the hole exits 1 saying how many points follow the break', async () => {
    const r = await analyze(dbs.both, 500);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const at = new Date(late.aligned.first).toISOString().replace('.000Z', 'Z');
    expect(r.stderr).toBe(
      `tickscope analyze: ${late.y} on ${late.x} ${late.tf}: only ${late.aligned.n} aligned points since the break at ${at} (window 500)\n`,
    );
  });

  it.each(late.windows.map((w) => [w.window, w.to ?? 'latest', w.to] as const))(
    'window %i ending at %s: the later recording alone',
    async (window, _label, to) => {
      const both = await analyze(dbs.both, window, to);
      const alone = await analyze(dbs.late, window, to);
      expect(both.stderr).toBe('');
      expect(both.code).toBe(0);
      const v = JSON.parse(both.stdout);
      expect(v.end).toBe(to ?? late.aligned.last);
      expect(v).toEqual(JSON.parse(alone.stdout));
    },
  );

  it.each(early.windows.map((w) => [w.window, w.to ?? early.aligned.last] as const))(
    'window %i ending at %i (before the hole): the earlier recording alone',
    async (window, to) => {
      const both = await analyze(dbs.both, window, to);
      const alone = await analyze(dbs.early, window, to);
      expect(both.code).toBe(0);
      expect(JSON.parse(both.stdout)).toEqual(JSON.parse(alone.stdout));
    },
  );
});
