import { describe, expect, it } from 'vitest';
import { alertRuleSchema, type AlertRuleDraft, type FiredAlert, type PairSpec } from '../../../src/shared/contract';
import { chartAlerts } from '../../../src/renderer/lib/chartAlerts';

const pair: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 100 };
const rule = (r: AlertRuleDraft) => alertRuleSchema.parse({ id: r.name.replace(/\W/g, '-'), ...r });
const fired = (a: Partial<FiredAlert> & Pick<FiredAlert, 'kind' | 'ts' | 'value' | 'ruleName'>): FiredAlert => ({
  id: 1,
  ruleId: 'r',
  firedAt: a.ts,
  threshold: 0,
  message: '',
  ...a,
});

describe('alerts drawn on the charts', () => {
  const rules = [
    rule({ name: 'z crosses 1', kind: 'zscore', pair, op: 'crosses', k: 1 }),
    rule({ name: 'z above 2.5', kind: 'zscore', pair, op: 'above', k: 2.5 }),
    rule({ name: 'z other window', kind: 'zscore', pair: { ...pair, window: 300 }, op: 'crosses', k: 3 }),
    rule({ name: 'spread over 40', kind: 'spread', pair, op: 'above', level: 40 }),
    rule({ name: 'corr under 0.5', kind: 'correlation', pair, level: 0.5 }),
    rule({ name: 'BTC 64k', kind: 'price', symbol: 'BTCUSDT', tf: '1m', op: 'crosses', level: 64_000 }),
    rule({ name: 'ETH 3.4k', kind: 'price', symbol: 'ETHUSDT', tf: '1s', op: 'below', level: 3_400 }),
    rule({ name: 'SOL 150', kind: 'price', symbol: 'SOLUSDT', tf: '1s', op: 'above', level: 150 }),
    rule({ name: 'BTC off', kind: 'price', symbol: 'BTCUSDT', tf: '1s', op: 'above', level: 70_000, enabled: false }),
    rule({ name: 'adf', kind: 'adf', pair, op: 'below', level: 0.05 }),
    rule({ name: 'stale', kind: 'stale', symbol: 'BTCUSDT', seconds: 30 }),
  ];

  it("draws each enabled rule's own threshold on the panel of the figure it judges", () => {
    const { lines } = chartAlerts(rules, [], { pair, y: 'BTCUSDT', x: 'ETHUSDT' });
    expect(lines.zscore).toEqual([
      { value: 1, label: 'z crosses 1' },
      { value: -1, label: 'z crosses 1' },
      { value: 2.5, label: 'z above 2.5' },
    ]);
    expect(lines.spread).toEqual([{ value: 40, label: 'spread over 40' }]);
    expect(lines.correlation).toEqual([{ value: 0.5, label: 'corr under 0.5' }]);
    expect(lines.candles).toEqual([{ value: 64_000, label: 'BTC 64k' }]);
    expect(lines['candles-x']).toEqual([{ value: 3_400, label: 'ETH 3.4k' }]);
  });

  it('in single mode only the symbol on screen gets its price lines; another pair view gets none', () => {
    const single = chartAlerts(rules, [], { pair: null, y: 'ETHUSDT', x: null });
    expect(single.lines).toEqual({ candles: [{ value: 3_400, label: 'ETH 3.4k' }] });
    const otherWindow = chartAlerts(rules, [], { pair: { ...pair, window: 300 }, y: 'BTCUSDT', x: 'ETHUSDT' });
    expect(otherWindow.lines.zscore).toEqual([
      { value: 3, label: 'z other window' },
      { value: -3, label: 'z other window' },
    ]);
  });

  it('marks every firing of the view at its bar and value; %-change firings at the bar close', () => {
    const history = [
      fired({ kind: 'zscore', pair, ts: 1_000, value: 1.2, ruleName: 'z crosses 1' }),
      fired({ kind: 'zscore', pair: { ...pair, tf: '1m' }, ts: 2_000, value: 1.4, ruleName: 'z 1m' }),
      fired({ kind: 'spread', pair, ts: 3_000, value: 41, ruleName: 'spread over 40' }),
      fired({ kind: 'price', symbol: 'ETHUSDT', ts: 4_000, value: 3_399.5, ruleName: 'ETH 3.4k' }),
      fired({ kind: 'change', symbol: 'BTCUSDT', ts: 5_000, value: 2.1, ruleName: 'BTC +2%' }),
      fired({ kind: 'change', symbol: 'BTCUSDT', ts: 6_000, value: 2.3, ruleName: 'BTC +2%' }),
      fired({ kind: 'stale', symbol: 'BTCUSDT', ts: 7_000, value: 31, ruleName: 'stale' }),
    ];
    const closeAt = (symbol: string, ts: number) => (symbol === 'BTCUSDT' && ts === 5_000 ? 63_900 : null);
    const { marks } = chartAlerts(rules, history, { pair, y: 'BTCUSDT', x: 'ETHUSDT', closeAt });
    expect(marks).toEqual({
      zscore: [{ ts: 1_000, value: 1.2, label: 'z crosses 1' }],
      spread: [{ ts: 3_000, value: 41, label: 'spread over 40' }],
      'candles-x': [{ ts: 4_000, value: 3_399.5, label: 'ETH 3.4k' }],
      // The bar of the second %-change firing is not loaded: nothing to put it on.
      candles: [{ ts: 5_000, value: 63_900, label: 'BTC +2%' }],
    });
  });
});
