import { describe, expect, it } from 'vitest';
import { fontPx, LINE_HEIGHT_PROBE, withEmWideProbe } from '../../../src/renderer/charts/textMetrics';

describe('text metrics given to ECharts', () => {
  // What Chromium measures here, where no font has CJK glyphs: a 4 px box for the probe.
  const noCjkFont = (text: string) => ({ width: text === LINE_HEIGHT_PROBE ? 4 : text.length * 7 });

  it('answers the line-height probe with at least one em, as any CJK font would', () => {
    const measure = withEmWideProbe(noCjkFont);
    expect(measure(LINE_HEIGHT_PROBE, '12px sans-serif').width).toBe(12);
    expect(measure(LINE_HEIGHT_PROBE, 'bold 11px Inter, sans-serif').width).toBe(11);
    // A real CJK glyph's width is kept.
    expect(withEmWideProbe(() => ({ width: 12.5 }))(LINE_HEIGHT_PROBE, '12px sans-serif').width).toBe(12.5);
  });

  it('leaves every other text as measured', () => {
    expect(withEmWideProbe(noCjkFont)('63,850.0', '12px sans-serif').width).toBe(56);
  });

  it('reads the size from canvas font strings, 12 px when there is none', () => {
    expect(fontPx('italic 600 10.5px serif')).toBe(10.5);
    expect(fontPx(undefined)).toBe(12);
  });
});
