import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { SCAN_CSV_COLUMNS } from '../../../src/cli/commands/scanFormat';
import { scanUniverse } from '../../../src/core/scanner';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { writeUniverseBars } from '../../support/universeDb';
import { loadScanFixture } from '../../unit/core/scanner/scanFixture';

const c = loadScanFixture().cases.planted!;
const dir = mkdtempSync(join(tmpdir(), 'tickscope-scan-cli-'));
const db = join(dir, 'scan.db');
const from = String(c.universe.start);
const to = String(c.universe.start + c.universe.bars * 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  const store = openStore(db);
  writeUniverseBars(store, c.series, '1m');
  store.close();
  const lone = openStore(join(dir, 'lone.db'));
  writeUniverseBars(lone, c.series.slice(0, 1), '1m');
  lone.close();
});

const expected = scanUniverse(c.series, c.scan);

describe('tickscope scan', () => {
  it('prints the spec JSON document: every pair ranked, the excluded with reasons', async () => {
    const r = await runCli([
      'scan',
      '--symbols',
      'all',
      '--tf',
      '1m',
      '--from',
      from,
      '--to',
      to,
      '--json',
      '--db',
      db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual([
      'universe',
      'tf',
      'from',
      'to',
      'options',
      'tested',
      'elapsedMs',
      'pairs',
      'excluded',
    ]);
    expect(doc.universe).toHaveLength(12);
    expect([doc.tf, doc.from, doc.to, doc.tested]).toEqual(['1m', Number(from), Number(to), 45]);
    expect(doc.options).toEqual({ minCoverage: 0.9, minPoints: 200, fdr: 0.05 });
    expect(Object.keys(doc.pairs[0]).sort()).toEqual(
      [
        'a',
        'b',
        'y',
        'x',
        'n',
        'corr',
        'coint',
        'pvalue',
        'qvalue',
        'significant',
        'beta',
        'alpha',
        'halfLife',
        'zLast',
        'crossings',
      ].sort(),
    );
    expect(Object.keys(doc.pairs[0].coint)).toEqual(['ab', 'ba']);
    expect(Object.keys(doc.pairs[0].coint.ab)).toEqual(['stat', 'pvalue']);
    expect(Object.keys(doc.excluded[0])).toEqual(['a', 'b', 'reason']);
    expect(doc.pairs).toEqual(expected.pairs);
    expect(doc.excluded).toEqual(expected.excluded);
  });

  it('takes the thresholds from the flags, and prints a table by default', async () => {
    const r = await runCli([
      'scan',
      '--tf',
      '1m',
      '--from',
      from,
      '--to',
      to,
      '--min-coverage',
      '0.5',
      '--min-points',
      '100',
      '--fdr',
      '0.01',
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    const opts = { minCoverage: 0.5, minPoints: 100, fdr: 0.01 };
    const ref = scanUniverse(c.series, opts);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^scan 1m \\[.*\\): 12 symbols, 66 pairs, ${ref.tested} tested, ${ref.excluded.length} excluded, ${ref.pairs.filter((p) => p.significant).length} significant \\(q <= 0.01\\) in \\d+\\.\\d\\d s$`,
      ),
    );
    expect(lines[2]).toMatch(/^y on x\s+n\s+corr\s+p_ab\s+p_ba\s+p\s+q\s+sig/);
    expect(lines[3]!.startsWith(`${ref.pairs[0]!.y} on ${ref.pairs[0]!.x}`)).toBe(true);
  });

  it('writes CSV or the JSON document to --out, with a summary on stdout', async () => {
    const csv = join(dir, 'scan.csv');
    const r = await runCli(['scan', '--tf', '1m', '--from', from, '--to', to, '--out', csv, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scan 1m .* 45 tested, 21 excluded, 3 significant .*\nwrote .*scan\.csv\n$/);
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual([...SCAN_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 45 + 21);
    const first = expected.pairs[0]!;
    expect(rows[1]!.slice(0, 5)).toEqual([first.a, first.b, first.y, first.x, String(first.n)]);
    expect(Number(rows[1]![11])).toBe(first.qvalue);
    expect(Number(rows[1]![13])).toBe(first.beta);
    const ex = rows[46]!;
    expect([ex[0], ex[1], ex[5], ex.at(-1)]).toEqual([
      expected.excluded[0]!.a,
      expected.excluded[0]!.b,
      '',
      expected.excluded[0]!.reason,
    ]);
    const json = join(dir, 'scan.json');
    expect((await runCli(['scan', '--tf', '1m', '--from', from, '--to', to, '--out', json, '--db', db])).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).pairs).toEqual(expected.pairs);
  });

  it('fails with one line and writes nothing: unknown symbol, empty range, one symbol, no database', async () => {
    const out = join(dir, 'never.csv');
    const cases: [string[], number, RegExp][] = [
      [['--symbols', 'S000USDT,NOPEUSDT'], 1, /^tickscope scan: unknown symbol NOPEUSDT: nothing stored for it in /],
      [['--from', to, '--to', String(Number(to) + 3_600_000)], 1, /^tickscope scan: no 1m bars of any symbol in \[/],
      [['--tf', '5m'], 1, /^tickscope scan: no 5m bars stored for any symbol\n$/],
      [
        ['--symbols', 'S000USDT'],
        2,
        /^tickscope scan: --symbols: a scan needs at least two symbols \(got S000USDT\)\n$/,
      ],
      [
        ['--db', join(dir, 'lone.db')],
        1,
        /^tickscope scan: a scan needs at least two symbols; only S000USDT has 1m bars in /,
      ],
      [['--db', join(dir, 'missing.db')], 1, /^tickscope scan: no database at /],
    ];
    for (const [args, code, err] of cases) {
      const argv = ['scan', '--tf', '1m', '--out', out, '--db', db, ...args];
      const r = await runCli(argv);
      expect([r.code, r.stderr.split('\n').length], args.join(' ')).toEqual([code, 2]);
      expect(r.stderr).toMatch(err);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('rejects bad flags with exit status 2', async () => {
    const bad: [string[], RegExp][] = [
      [[], /--tf is required/],
      [['--tf', '7m'], /--tf: "7m" is not one of/],
      [['--tf', '1m', '--from', from], /--from and --to go together/],
      [['--tf', '1m', '--from', from, '--to', to, '--bars', '100'], /--bars cannot be combined/],
      [['--tf', '1m', '--from', to, '--to', from], /--from must be before --to/],
      [['--tf', '1m', '--bars', '1'], /--bars: "1" must be an integer of at least 2/],
      [['--tf', '1m', '--min-coverage', '1.5'], /--min-coverage: "1.5" must be a number in \(0, 1\]/],
      [['--tf', '1m', '--min-points', '5'], /--min-points: "5" must be an integer of at least 20/],
      [['--tf', '1m', '--fdr', '0'], /--fdr: "0" must be a number in \(0, 1\]/],
      [['--tf', '1m', '--out', 'x.txt'], /--out: "x.txt" must end in .csv or .json/],
      [['--tf', '1m', '--symbols', 'btc-usdt,ethusdt'], /--symbols: "btc-usdt" is not a symbol/],
    ];
    for (const [args, err] of bad) {
      const r = await runCli(['scan', ...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(err);
    }
  });

  it('is cancelled by the signal (Ctrl-C): exit 1, nothing written', async () => {
    const out = join(dir, 'cancelled.csv');
    const ctl = new AbortController();
    ctl.abort();
    let stderr = '';
    const sink = (append: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, done) {
          append(String(chunk));
          done();
        },
      });
    const code = await main(['scan', '--tf', '1m', '--from', from, '--to', to, '--out', out, '--db', db], {
      stdout: sink(() => undefined),
      stderr: sink((s) => (stderr += s)),
      env: {},
      isTTY: false,
      signal: ctl.signal,
    });
    expect(code).toBe(1);
    expect(stderr).toBe('tickscope scan: scan cancelled; nothing written\n');
    expect(existsSync(out)).toBe(false);
  });

  it('is listed in the help', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toMatch(/\n {2}scan {6}Screen every pair of a universe for cointegration/);
    const h = await runCli(['help', 'scan']);
    for (const flag of [
      '--symbols',
      '--tf',
      '--from',
      '--bars',
      '--min-coverage',
      '--min-points',
      '--fdr',
      '--json',
      '--out',
      '--db',
    ])
      expect(h.stdout).toContain(flag);
  });
});
