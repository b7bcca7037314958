import { describe, expect, it } from 'vitest';
import {
  alertRuleSchema,
  pairKey,
  pairSpecSchema,
  samePair,
  spreadDefinition,
  type PairSpec,
} from '../../../../src/shared/contract';

const base: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 };

describe('PairSpec carries the spread definition', () => {
  it('is optional: specs without it parse and mean raw OLS, with their old key', () => {
    expect(pairSpecSchema.parse(base)).toEqual(base);
    expect(spreadDefinition(base)).toEqual({ mode: 'raw', hedge: 'ols' });
    expect(pairKey(base)).toBe('BTCUSDT|ETHUSDT|1s|300');
    expect(pairKey({ ...base, mode: 'raw', hedge: 'ols' })).toBe(pairKey(base));
    expect(samePair(base, { ...base, mode: 'raw' })).toBe(true);
  });

  it('another definition is another pair', () => {
    expect(samePair(base, { ...base, mode: 'log' })).toBe(false);
    expect(samePair({ ...base, hedge: 'kalman' }, { ...base, hedge: 'theil-sen' })).toBe(false);
    expect(pairKey({ ...base, mode: 'log', hedge: 'theil-sen' })).toBe('BTCUSDT|ETHUSDT|1s|300|log|theil-sen');
  });

  it('rejects unknown modes and hedges with the field named', () => {
    const r = pairSpecSchema.safeParse({ ...base, mode: 'diff' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.path).toEqual(['mode']);
    expect(pairSpecSchema.safeParse({ ...base, hedge: 'huber' }).success).toBe(false);
  });

  it('an alert rule’s pair keeps it (stored rules without it still load)', () => {
    const rule = {
      id: 'r1',
      name: 'z',
      kind: 'zscore',
      pair: { ...base, mode: 'log', hedge: 'kalman' },
      op: 'crosses',
      k: 2,
    };
    const parsed = alertRuleSchema.parse(rule);
    expect(parsed).toMatchObject({ pair: { mode: 'log', hedge: 'kalman' } });
    expect(alertRuleSchema.parse({ ...rule, pair: base })).toMatchObject({ pair: base });
    expect(alertRuleSchema.safeParse({ ...rule, pair: { ...base, hedge: 'median' } }).success).toBe(false);
  });
});
