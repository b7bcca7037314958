import type { Page } from '@playwright/test';

/** A box in page (CSS pixel) coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

export interface ChartLayout {
  /** The chart's canvas on the page. */
  canvas: Box;
  /** The first grid's plot area (the candles, on a candle panel) on the page. */
  plot: Box;
  /** Axis labels as painted: every label text element of an axis that is not hidden. */
  yLabels: Box[];
  xLabels: Box[];
  /** Labels of mark lines (the last-price tag, alert thresholds). */
  markLabels: Box[];
}

/**
 * Reads a chart's layout from what ECharts actually paints: the grid's rectangle from its
 * coordinate system, and each axis label from the zrender scene graph (the display list
 * the renderer draws; labels hidden to avoid overlap are `ignore`d and not in it), mapped
 * to page coordinates through the element's transform and the canvas's position. This does
 * not depend on the renderer (canvas here) or on guessing font metrics.
 */
export async function readChartLayout(page: Page, id: string): Promise<ChartLayout> {
  await page.waitForFunction((chartId) => {
    const chart = (
      window as unknown as { __tickscopeCharts?: Record<string, { getOption(): { series?: unknown[] } | undefined }> }
    ).__tickscopeCharts?.[chartId];
    return Boolean(chart?.getOption()?.series);
  }, id);
  return page.evaluate((chartId) => {
    type Rect = { x: number; y: number; width: number; height: number };
    type El = {
      type: string;
      parent: El | null;
      __hostTarget?: El;
      transform?: number[];
      style?: unknown;
      __ecComponentInfo?: { mainType: string };
    };
    const chart = (window as unknown as { __tickscopeCharts: Record<string, unknown> }).__tickscopeCharts[chartId] as {
      getDom(): HTMLElement;
      getModel(): { getComponent(type: string, i: number): { coordinateSystem: { getRect(): Rect } } };
      getZr(): { storage: { getDisplayList(update: boolean): El[] } };
    };
    const dom = chart.getDom().getBoundingClientRect();
    const at = (r: { x: number; y: number; width: number; height: number }, text = '') => ({
      x: r.x + dom.x,
      y: r.y + dom.y,
      width: r.width,
      height: r.height,
      text,
    });
    const grid = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const owner = (el: El) => {
      // A label attached to an element (a mark line's) hangs off its host, not its parent.
      for (let p: El | null | undefined = el; p; p = p.parent ?? p.__hostTarget)
        if (p.__ecComponentInfo) return p.__ecComponentInfo.mainType;
      return null;
    };
    const labels: Record<string, ReturnType<typeof at>[]> = { xAxis: [], yAxis: [], markLine: [] };
    // The label's box is measured the way the browser paints the tspan (fillText at its x, y
    // with its font, alignment and baseline): zrender's own text metrics estimate the line
    // height from the width of a CJK glyph, which is wrong where no CJK font is installed.
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const el of chart.getZr().storage.getDisplayList(true)) {
      if (el.type !== 'tspan') continue;
      const kind = owner(el);
      if (kind !== 'xAxis' && kind !== 'yAxis' && kind !== 'markLine') continue;
      const st = el.style as {
        text?: string;
        font?: string;
        x?: number;
        y?: number;
        textAlign?: CanvasTextAlign;
        textBaseline?: CanvasTextBaseline;
      };
      ctx.font = st.font ?? '12px sans-serif';
      ctx.textAlign = st.textAlign ?? 'left';
      ctx.textBaseline = st.textBaseline ?? 'alphabetic';
      const m = ctx.measureText(st.text ?? '');
      const m0 = el.transform ?? [1, 0, 0, 1, 0, 0];
      const px = (x: number, y: number) => [m0[0] * x + m0[2] * y + m0[4], m0[1] * x + m0[3] * y + m0[5]];
      const [x0, y0] = px((st.x ?? 0) - m.actualBoundingBoxLeft, (st.y ?? 0) - m.fontBoundingBoxAscent);
      const [x1, y1] = px((st.x ?? 0) + m.actualBoundingBoxRight, (st.y ?? 0) + m.fontBoundingBoxDescent);
      labels[kind].push(
        at(
          { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) },
          st.text ?? '',
        ),
      );
    }
    return {
      canvas: at({ x: 0, y: 0, width: dom.width, height: dom.height }),
      plot: at(grid),
      yLabels: labels.yAxis,
      xLabels: labels.xAxis,
      markLabels: labels.markLine,
    };
  }, id);
}

/** Pairs of boxes that overlap (touching edges do not count). */
export function overlaps(boxes: Box[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        out.push([a.text, b.text]);
    }
  return out;
}
