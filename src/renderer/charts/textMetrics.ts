/**
 * zrender sizes a line of text by the width of one CJK ideograph ('国'), which every CJK
 * font draws exactly one em wide. Where no installed font has CJK glyphs (many Linux
 * desktops) the browser measures a narrow fallback box instead, every label is taken to be
 * ~4 px tall, and ECharts' hideOverlap keeps value labels that overlap on screen. The probe
 * is answered as a CJK font would: at least one em.
 */
export const LINE_HEIGHT_PROBE = '国';

type Measure = (text: string, font?: string) => { width: number };

/** The font size in CSS pixels of a canvas font string ("bold 11px sans-serif" → 11). */
export function fontPx(font: string | undefined): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return m ? Number(m[1]) : 12;
}

export function withEmWideProbe(measure: Measure): Measure {
  return (text, font) => {
    const m = measure(text, font);
    return text === LINE_HEIGHT_PROBE && m.width < fontPx(font) ? { width: fontPx(font) } : m;
  };
}
