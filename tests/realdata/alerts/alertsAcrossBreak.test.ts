import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignPair, pairAnalytics } from '../../../src/core/analytics';
import { importFiles } from '../../../src/engine/import/importFiles';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { crossTimes } from '../../support/crossings';
import { barsFromTradesCsv, haveRecordings, recordingsDir, type CsvBar } from '../../support/realdataBars';

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present)
  console.warn(`alerts-across-a-break real-data suite skipped: no recordings at ${dir}; set TICKSCOPE_DATA_DIR`);

const PERIODS = ['20240718T2357-20240719T0005', '20240808T2354-20240809T0000'] as const;
const csv = (sym: string, period: string) => join(dir, 'binance-um', `${sym}-um-${period}-trades.csv`);
const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 60 } as const;

/** The rules of the report plus a crossing of each kind a hole could fake. */
const RULES = [
  {
    id: 'chg',
    name: 'ETH -0.1% in 60 s',
    kind: 'change',
    symbol: 'ETHUSDT',
    tf: '1s',
    lookback: 60,
    op: 'below',
    level: -0.1,
  },
  { id: 'px', name: 'ETH crosses 3000', kind: 'price', symbol: 'ETHUSDT', tf: '1s', op: 'crosses', level: 3000 },
  { id: 'z', name: 'z crosses ±1.5', kind: 'zscore', pair, op: 'crosses', k: 1.5 },
  { id: 'corr', name: 'correlation crosses 0.5', kind: 'correlation', pair, op: 'crosses', level: 0.5 },
  { id: 'adf', name: 'ADF p crosses 0.05', kind: 'adf', pair, op: 'crosses', level: 0.05 },
];

interface Fired {
  ruleId: string;
  ts: number;
  value: number;
}

/**
 * Both recordings, three weeks apart, in one database: before, `alerts test` fired
 * "ETHUSDT change over 60×1s is below −0.1%: −21.6%" (and a price crossing, a z crossing,
 * ADF on windows spanning the hole) at the first bar after it. Now every rule fires exactly
 * as it does on each recording alone, and the z crossings are those of the rolling series
 * computed on each side of the hole.
 */
describe.skipIf(!present)('alerts test over two recordings three weeks apart fires nothing across the hole', () => {
  let tmp: string;
  const replay = async (name: string, periods: readonly string[]): Promise<Fired[]> => {
    const db = join(tmp, `${name}.db`);
    const store = openStore(db);
    try {
      const files = periods.flatMap((p) => [csv('BTCUSDT', p), csv('ETHUSDT', p)]);
      expect((await importFiles(files, { store, timeframes: ['1s'] })).rejected).toBe(0);
    } finally {
      store.close();
    }
    const r = await runCli(['alerts', 'test', '--rules', join(tmp, 'rules.json'), '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Fired);
  };
  let both: Fired[];
  let early: Fired[];
  let late: Fired[];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tickscope-alerts-break-'));
    writeFileSync(join(tmp, 'rules.json'), JSON.stringify({ rules: RULES }));
    both = await replay('both', PERIODS);
    early = await replay('early', [PERIODS[0]]);
    late = await replay('late', [PERIODS[1]]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('fires exactly what each recording fires on its own', () => {
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(both).toEqual([...early, ...late]);
  });

  it('nothing fires on a value reaching back over the hole', () => {
    const eth = barsFromTradesCsv(csv('ETHUSDT', PERIODS[1]), 'ETHUSDT');
    const resume = eth[0]!.ts;
    const at = (id: string) => both.filter((f) => f.ruleId === id && f.ts >= resume).map((f) => f.ts);
    // A 60-bar change first exists 60 s after the first bar; a W-point window W − 1 points on.
    expect(at('chg').every((t) => t >= resume + 60_000)).toBe(true);
    expect(at('px')).not.toContain(resume);
    for (const id of ['z', 'corr', 'adf']) expect(Math.min(...at(id))).toBeGreaterThan(resume);
  });

  it('z crossings are those of the rolling z computed on each side of the hole (independent expectation)', () => {
    const sides: { btc: CsvBar[]; eth: CsvBar[] }[] = PERIODS.map((p) => ({
      btc: barsFromTradesCsv(csv('BTCUSDT', p), 'BTCUSDT'),
      eth: barsFromTradesCsv(csv('ETHUSDT', p), 'ETHUSDT'),
    }));
    const expected: number[] = [];
    for (const { btc, eth } of sides) {
      const zs: { ts: number; v: number }[] = [];
      for (const ts of alignPair(btc, eth).ts) {
        const a = pairAnalytics(btc, eth, pair.window, { to: ts });
        if (a.ok && a.value.spread) zs.push({ ts, v: a.value.spread.z });
      }
      expected.push(...[...new Set([...crossTimes(zs, 1.5), ...crossTimes(zs, -1.5)])].sort((a, b) => a - b));
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(both.filter((f) => f.ruleId === 'z').map((f) => f.ts)).toEqual(expected);
  });
});
