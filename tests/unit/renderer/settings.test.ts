import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '../../../src/renderer/settings/settings';

function memory(initial?: string) {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set('tickscope.settings.v1', initial);
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('persisted panel layout', () => {
  it('hidden panels and dragged heights survive a save and a load', () => {
    const store = memory();
    const chosen: Settings = {
      ...DEFAULT_SETTINGS,
      hidden: ['normalised', 'hedge'],
      heights: { candles: 320, zscore: 140 },
    };
    saveSettings(chosen, store);
    const back = loadSettings(store);
    expect(back.hidden).toEqual(['normalised', 'hedge']);
    expect(back.heights).toEqual({ candles: 320, zscore: 140 });
  });

  it('keeps only heights of known panels within bounds (a bad value falls back to the shared space)', () => {
    const saved = JSON.stringify({
      heights: { candles: 250.4, zscore: 'tall', spread: -5, hedge: 1e9, nonsense: 200, correlation: 90 },
    });
    expect(loadSettings(memory(saved)).heights).toEqual({ candles: 250, correlation: 90 });
    expect(loadSettings(memory(JSON.stringify({ heights: [300] }))).heights).toEqual({});
    expect(loadSettings(memory('{not json')).heights).toEqual({});
  });

  it('settings saved before panels could be resized load with no heights', () => {
    expect(loadSettings(memory(JSON.stringify({ mode: 'pair', hidden: ['spread'] }))).heights).toEqual({});
  });
});
