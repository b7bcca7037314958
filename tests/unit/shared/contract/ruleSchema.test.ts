import { describe, expect, it } from 'vitest';
import {
  alertRuleDraftSchema,
  alertRuleSchema,
  describeRuleIssues,
  parseRulesFile,
} from '../../../../src/shared/contract/alerts';
import { requests } from '../../../../src/shared/contract';

const price = { id: 'p1', name: 'BTC 60k', kind: 'price', symbol: 'btcusdt', tf: '1m', op: 'crosses', level: 60000 };
const pair = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1m', window: 60 };

function issues(input: unknown): string[] {
  const r = alertRuleSchema.safeParse(input);
  return r.success ? [] : describeRuleIssues(r.error);
}

describe('alert rule schema', () => {
  it('fills defaults and normalises symbols', () => {
    const r = alertRuleSchema.parse(price);
    expect(r).toMatchObject({ symbol: 'BTCUSDT', enabled: true, hysteresis: 0, cooldownMs: 0 });
    const c = alertRuleSchema.parse({ id: 'c', name: 'corr', kind: 'correlation', pair, level: 0.5 });
    expect(c).toMatchObject({ op: 'below' });
    expect(alertRuleSchema.parse({ id: 'g', name: 'gap', kind: 'gap', symbol: 'ethusdt' })).toMatchObject({
      seconds: 0,
    });
  });

  it.each([
    [{ ...price, level: -5 }, 'level: a price level must be > 0'],
    [{ ...price, kind: 'nope' }, 'kind: must be one of'],
    [{ ...price, id: undefined }, 'id: a rule needs an id'],
    [{ ...price, id: 'has space' }, 'id: an id is 1-64'],
    [{ ...price, name: '  ' }, 'name: a rule needs a name'],
    [{ ...price, tf: '7m' }, 'tf:'],
    [{ ...price, symbol: 'BTC-USDT' }, 'symbol: a symbol is 2-30 letters or digits'],
    [{ ...price, op: 'equals' }, 'op:'],
    [{ ...price, hysteresis: -1 }, 'hysteresis: hysteresis cannot be negative'],
    [{ ...price, cooldownMs: 1.5 }, 'cooldownMs: cooldownMs must be whole milliseconds'],
    [{ ...price, level: Number.POSITIVE_INFINITY }, 'level:'],
    [{ ...price, extra: 1 }, 'Unrecognized key: "extra"'],
    [{ id: 'z', name: 'z', kind: 'zscore', pair, op: 'crosses', k: 0 }, 'k: k must be > 0'],
    [{ id: 'z', name: 'z', kind: 'zscore', pair: { ...pair, window: 3 }, op: 'above', k: 2 }, 'pair.window:'],
    [
      { id: 'z', name: 'z', kind: 'zscore', pair: { ...pair, x: 'btcusdt' }, op: 'above', k: 2 },
      'pair.x: a pair needs two different symbols',
    ],
    [{ id: 'a', name: 'a', kind: 'adf', pair, op: 'below', level: 1.5 }, 'level: a p-value level is between 0 and 1'],
    [{ id: 'c', name: 'c', kind: 'correlation', pair, level: -2 }, 'level: a correlation level is between -1 and 1'],
    [
      { id: 'ch', name: 'ch', kind: 'change', symbol: 'BTCUSDT', tf: '1m', op: 'above', level: 2, lookback: 0 },
      'lookback: lookback is at least 1 bar',
    ],
    [{ id: 's', name: 's', kind: 'stale', symbol: 'BTCUSDT', seconds: 0 }, 'seconds: seconds must be > 0'],
  ])('refuses %j naming the field', (input, expected) => {
    const found = issues(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(expected);
  });

  it('a draft may omit the id; the saveRule request wraps it', () => {
    expect(alertRuleDraftSchema.safeParse({ ...price, id: undefined }).success).toBe(true);
    const bad = requests['alerts.saveRule'].request.safeParse({ rule: { ...price, level: 'high' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeRuleIssues(bad.error).join()).toContain('rule.level');
  });
});

describe('rules file', () => {
  it('accepts an array or {rules: [...]} (the listRules response)', () => {
    const a = parseRulesFile([price]);
    const b = parseRulesFile({ rules: [price] });
    expect(a).toEqual(b);
    expect(a.ok && a.rules[0]!.kind === 'price' && a.rules[0]!.symbol).toBe('BTCUSDT');
  });

  it('refuses the whole file, listing every bad rule by index and field, and duplicate ids', () => {
    const r = parseRulesFile({
      rules: [price, { ...price, id: 'p2', level: 0 }, { ...price }, { ...price, id: 'p3', tf: 'x' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'rules[1].level: a price level must be > 0',
      'rules[2].id: "p1" is used by an earlier rule',
      expect.stringContaining('rules[3].tf:'),
    ]);
    expect(parseRulesFile({ nope: 1 })).toEqual({
      ok: false,
      errors: ['a rules file is an array of rules or {"rules": [...]}'],
    });
  });
});
