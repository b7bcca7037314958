import type { PairAnalyticsJson, RollingPoint } from '../../../shared/contract/analytics';

type Issue = { reason: string; message: string };

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v !== 'object') return true;
  return Object.values(v as Record<string, unknown>).every(allFinite);
}

/**
 * Last line of defence before a figure leaves the engine: the math already reports failures
 * as null + issue, but a NaN/Infinity that slipped through would make the event fail the
 * contract check and vanish, so any group holding one becomes null with an issue instead.
 */
export function sanitizeAnalytics(value: PairAnalyticsJson, issues: Record<string, Issue>): PairAnalyticsJson {
  const out: Record<string, unknown> = { ...value };
  const note = (key: string): null => {
    issues[key] ??= { reason: 'degenerate_input', message: 'the computation produced a non-finite value' };
    return null;
  };
  for (const key of ['ols', 'spread', 'correlation', 'adf', 'coint', 'halfLife', 'kalman'] as const) {
    if (!allFinite(value[key])) out[key] = note(key);
  }
  const stats: PairAnalyticsJson['stats'] = {};
  for (const [sym, s] of Object.entries(value.stats)) stats[sym] = allFinite(s) ? s : note(`stats.${sym}`);
  out.stats = stats;
  out.robust = {
    theilSen: allFinite(value.robust.theilSen) ? value.robust.theilSen : note('robust.theilSen'),
    huber: allFinite(value.robust.huber) ? value.robust.huber : note('robust.huber'),
  };
  return out as PairAnalyticsJson;
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Rolling points never carry NaN: an undefined figure is null (charts leave a gap). */
export function sanitizePoint(p: RollingPoint): RollingPoint {
  return {
    ts: p.ts,
    y: p.y,
    x: p.x,
    alpha: finite(p.alpha),
    beta: finite(p.beta),
    r2: finite(p.r2),
    spread: finite(p.spread),
    spreadStd: finite(p.spreadStd),
    z: finite(p.z),
    correlation: finite(p.correlation),
    kalmanBeta: finite(p.kalmanBeta),
    kalmanAlpha: finite(p.kalmanAlpha),
  };
}
