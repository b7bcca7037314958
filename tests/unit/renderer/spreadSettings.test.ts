import { describe, expect, it } from 'vitest';
import { pairKey } from '../../../src/shared/contract';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  spreadOfSettings,
} from '../../../src/renderer/settings/settings';

function memory(initial?: string) {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set('tickscope.settings.v1', initial);
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('the spread selector’s settings', () => {
  it('default to raw OLS, also for settings saved before the selector existed', () => {
    expect([DEFAULT_SETTINGS.spreadMode, DEFAULT_SETTINGS.hedge]).toEqual(['raw', 'ols']);
    const old = loadSettings(memory(JSON.stringify({ mode: 'pair', window: 600 })));
    expect([old.spreadMode, old.hedge, old.window]).toEqual(['raw', 'ols', 600]);
  });

  it('survive a save and a load; unknown values fall back to the default', () => {
    const store = memory();
    saveSettings({ ...DEFAULT_SETTINGS, spreadMode: 'log', hedge: 'theil-sen' }, store);
    expect(loadSettings(store)).toMatchObject({ spreadMode: 'log', hedge: 'theil-sen' });
    const bad = loadSettings(memory(JSON.stringify({ spreadMode: 'diff', hedge: 'huber' })));
    expect([bad.spreadMode, bad.hedge]).toEqual(['raw', 'ols']);
  });

  it('add nothing to the watched PairSpec for raw OLS, so its key is the one it always was', () => {
    const base = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 300 };
    expect(spreadOfSettings({ spreadMode: 'raw', hedge: 'ols' })).toEqual({});
    expect(pairKey({ ...base, ...spreadOfSettings(DEFAULT_SETTINGS) })).toBe('BTCUSDT|ETHUSDT|1s|300');
    expect(spreadOfSettings({ spreadMode: 'log', hedge: 'kalman' })).toEqual({ mode: 'log', hedge: 'kalman' });
    expect(pairKey({ ...base, ...spreadOfSettings({ spreadMode: 'log', hedge: 'kalman' }) })).toBe(
      'BTCUSDT|ETHUSDT|1s|300|log|kalman',
    );
  });

  it('ratio mode carries no hedge: the hedge kept for the other modes does not split the pair', () => {
    expect(spreadOfSettings({ spreadMode: 'ratio', hedge: 'kalman' })).toEqual({ mode: 'ratio' });
    const base = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 300 };
    expect(pairKey({ ...base, mode: 'ratio', hedge: 'kalman' })).toBe(pairKey({ ...base, mode: 'ratio' }));
  });
});
