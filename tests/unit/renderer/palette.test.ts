import { describe, expect, it } from 'vitest';
import { PALETTES, type Palette } from '../../../src/renderer/charts/echartsSetup';
import { contrast, deltaE2000, simulate, type Vision } from '../../support/colourVision';

const VISIONS: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];
/** The panels' backgrounds (--panel in app.css). */
const PANEL = { dark: '#161b22', light: '#ffffff' };
/** Colours drawn together on one chart (Panels.tsx, CandlePanel, the z distribution). */
const TOGETHER: [keyof Palette, keyof Palette, string][] = [
  ['y', 'x', '% change: the two legs'],
  ['y', 'accent', 'hedge ratio: OLS β and Kalman β'],
  ['accent', 'band', 'spread and z-score: the line and its bands / thresholds'],
  ['accent', 'warn', 'spread and z-score: the line and alert rules and firings'],
  ['band', 'warn', 'bands and alert lines'],
  ['x', 'band', 'correlation: the line and zero'],
  ['x', 'warn', 'correlation: the line and alert rules and firings; z distribution: now and the tails'],
  ['up', 'down', 'candles and volume: rising and falling'],
  ['up', 'warn', 'candles and price alerts'],
  ['down', 'warn', 'candles and price alerts'],
  ['x', 'accent', 'z distribution: the bin z is in now and the others'],
];
/** CIEDE2000 between two thin lines' colours below this is hard to tell apart. */
const MIN_DELTA_E = 18;

describe.each(['dark', 'light'] as const)('the %s theme chart palette', (theme) => {
  const p = PALETTES[theme];

  it.each(VISIONS)('keeps colours that share a chart apart with %s', (vision) => {
    const close = TOGETHER.map(([a, b, where]) => ({
      where: `${a}/${b} (${where})`,
      dE: deltaE2000(simulate(p[a], vision), simulate(p[b], vision)),
    })).filter((x) => x.dE < MIN_DELTA_E);
    expect(close).toEqual([]);
  });

  it('draws every line and mark with at least 3:1 contrast against the panel', () => {
    const faint = (['y', 'x', 'accent', 'band', 'up', 'down', 'warn'] as const).filter(
      (k) => contrast(p[k], PANEL[theme]) < 3,
    );
    expect(faint).toEqual([]);
  });
});
