// The Tickscope mark: four candlesticks climbing over a dark rounded square, with a faint
// price grid and a moving-average line. Drawn from signed distance fields, so every size is
// rendered directly (crisp at 16 px, smooth at 1024) with analytic anti-aliasing.

const hex = (h, a = 1) => [
  parseInt(h.slice(1, 3), 16) / 255,
  parseInt(h.slice(3, 5), 16) / 255,
  parseInt(h.slice(5, 7), 16) / 255,
  a,
];

const UP = hex('#26a69a');
const DOWN = hex('#ef5350');
const LINE = hex('#58a6ff', 0.9);
const GRID = hex('#ffffff', 0.06);
const RIM = hex('#ffffff', 0.08);
const BG_TOP = hex('#1f2937');
const BG_BOTTOM = hex('#0b0f14');

// Candles in "price" units (0 = bottom, 1 = top): x centre, open, close, low, high.
const CANDLES = [
  { x: 0.28, open: 0.31, close: 0.45, low: 0.24, high: 0.51 },
  { x: 0.43, open: 0.49, close: 0.38, low: 0.33, high: 0.56 },
  { x: 0.58, open: 0.41, close: 0.61, low: 0.36, high: 0.67 },
  { x: 0.73, open: 0.57, close: 0.75, low: 0.51, high: 0.81 },
];

function roundedBox(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(px, py, ax, ay, bx, by, halfWidth) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - halfWidth;
}

/** Straight-alpha "over". */
function over(dst, [r, g, b, a], coverage) {
  const sa = a * coverage;
  if (sa <= 0) return;
  const da = dst[3];
  const oa = sa + da * (1 - sa);
  dst[0] = (r * sa + dst[0] * da * (1 - sa)) / oa;
  dst[1] = (g * sa + dst[1] * da * (1 - sa)) / oa;
  dst[2] = (b * sa + dst[2] * da * (1 - sa)) / oa;
  dst[3] = oa;
}

/** Returns width*height*4 RGBA bytes of the mark at `size` px. */
export function renderMark(size) {
  // Below 48 px the grid and the line turn to mush: leave them out and fatten the candles.
  const detailed = size >= 48;
  const fat = detailed ? 1 : 1.35;
  const out = new Uint8Array(size * size * 4);
  const px = new Float64Array(4);
  const aa = (d) => Math.max(0, Math.min(1, 0.5 - d * size));
  const y = (price) => 1 - price; // image y grows downwards
  const closes = CANDLES.map((c) => [c.x, y((c.open + c.close) / 2)]);

  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const u = (i + 0.5) / size;
      const v = (j + 0.5) / size;
      px.fill(0);
      const bgD = roundedBox(u, v, 0.5, 0.5, 0.44, 0.44, 0.1);
      const inside = aa(bgD);
      if (inside > 0) {
        const t = (v - 0.06) / 0.88;
        const bg = BG_TOP.map((c, k) => c + (BG_BOTTOM[k] - c) * Math.max(0, Math.min(1, t)));
        over(px, bg, inside);
        // A thin light rim keeps the square readable on dark docks and taskbars.
        over(px, RIM, aa(Math.abs(bgD + 0.004) - 0.002) * (detailed ? 1 : 0));
        if (detailed) {
          for (const gy of [0.3, 0.5, 0.7]) over(px, GRID, aa(Math.abs(v - gy) - 0.002) * inside);
          for (let k = 0; k + 1 < closes.length; k++) {
            const [ax, ay] = closes[k];
            const [bx, by] = closes[k + 1];
            over(px, LINE, aa(segment(u, v, ax, ay, bx, by, 0.008)));
          }
        }
        for (const c of CANDLES) {
          const colour = c.close >= c.open ? UP : DOWN;
          const wick = roundedBox(u, v, c.x, y((c.low + c.high) / 2), 0.009 * fat, (c.high - c.low) / 2, 0.009 * fat);
          const top = Math.max(c.open, c.close);
          const bottom = Math.min(c.open, c.close);
          const body = roundedBox(u, v, c.x, y((top + bottom) / 2), 0.05 * fat, (top - bottom) / 2, 0.014);
          over(px, colour, aa(Math.min(wick, body)));
        }
      }
      const o = (j * size + i) * 4;
      out[o] = Math.round(px[0] * 255);
      out[o + 1] = Math.round(px[1] * 255);
      out[o + 2] = Math.round(px[2] * 255);
      out[o + 3] = Math.round(px[3] * 255);
    }
  }
  return out;
}
