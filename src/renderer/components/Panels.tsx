import { useMemo } from 'react';
import type { RollingPoint } from '../../shared/contract';
import { timeframeMs, type Bar } from '../../shared/market';
import { CandlePanel } from '../charts/CandlePanel';
import type { Palette } from '../charts/echartsSetup';
import { LinePanel, type Level, type LineSpec } from '../charts/LinePanel';
import type { Timeline } from '../charts/timeline';
import type { AnalyticsState } from '../hooks/useAnalytics';
import type { BarsState } from '../hooks/useBars';
import { formatPrice, formatStat, priceDigits } from '../lib/format';
import type { PanelId, Settings } from '../settings/settings';

interface Props {
  settings: Settings;
  update: (patch: Partial<Settings>) => void;
  timeline: Timeline;
  palette: Palette;
  yBars: BarsState;
  xBars: BarsState;
  analytics: AnalyticsState;
  symbolsLoaded: boolean;
  hasSymbols: boolean;
  markers?: { ts: number; value: number; label: string }[];
}

const compact = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${v.toFixed(2)}%`;

/** The stacked chart panels, all on the one shared time axis. */
export function Panels({ settings: s, update, timeline, palette: p, yBars, xBars, analytics, symbolsLoaded, hasSymbols, markers = [] }: Props) {
  const pair = s.mode === 'pair';
  const tfMs = timeframeMs(s.tf);
  const yDigits = useMemo(() => priceDigits(yBars.bars.slice(-200).map((b) => b.close)), [yBars.bars]);
  const xDigits = useMemo(() => priceDigits(xBars.bars.slice(-200).map((b) => b.close)), [xBars.bars]);
  const points = analytics.points;
  const last = points[points.length - 1] as RollingPoint | undefined;
  const k = s.k;

  const visible: PanelId[] = (pair ? (['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge'] as PanelId[]) : (['candles'] as PanelId[])).filter(
    (id) => !s.hidden.includes(id),
  );
  const bottom = visible[visible.length - 1];

  const barsPlaceholder = (state: BarsState, symbol: string | null) =>
    state.error
      ? `Could not load ${symbol} bars: ${state.error}`
      : !symbolsLoaded
        ? 'Asking the engine which symbols it has…'
        : !hasSymbols
          ? 'No data yet: the engine has no trades stored. Start a feed (tickscope serve --source live|replay|demo) or import a file.'
          : state.loading
            ? `Loading ${symbol} ${s.tf} bars…`
            : state.bars.length === 0
              ? `No ${s.tf} bars for ${symbol} yet: waiting for its first trades…`
              : null;

  const analyticsPlaceholder = (has: (q: RollingPoint) => boolean, what: string) => {
    if (!s.y || !s.x) return 'Pick Y and X to analyse the pair.';
    if (s.y === s.x) return 'Y and X are the same symbol: pick two different legs.';
    if (analytics.error && points.length === 0) return `Analytics unavailable: ${analytics.error} (retrying every 5 s)`;
    // The pair is watched once both legs' bars are in (App), so their loading is ours too.
    if ((analytics.loading || yBars.loading || xBars.loading) && points.length === 0) return `Loading ${what}…`;
    if (points.length === 0) return `Waiting for aligned ${s.tf} bars of ${s.y} and ${s.x}…`;
    if (!points.some(has)) return `Need ${s.window} aligned points for the first ${what} (have ${points.length}).`;
    return null;
  };

  const lines = useMemo(() => {
    const spreadLines: LineSpec[] = [
      { id: 'spread', name: 'spread', color: p.accent, points, value: (q: RollingPoint) => q.spread },
      { id: 'upper', name: `+${k}σ`, color: p.band, points, value: (q: RollingPoint) => (q.spreadStd === null ? null : k * q.spreadStd), dashed: true },
      { id: 'lower', name: `−${k}σ`, color: p.band, points, value: (q: RollingPoint) => (q.spreadStd === null ? null : -k * q.spreadStd), dashed: true },
    ];
    return {
      normalised: [
        { id: 'y', name: s.y ?? 'Y', color: p.y, points: yBars.bars, value: (b: Bar) => b.close, rebase: true },
        { id: 'x', name: s.x ?? 'X', color: p.x, points: xBars.bars, value: (b: Bar) => b.close, rebase: true },
      ] as LineSpec[],
      spread: spreadLines,
      zscore: [{ id: 'z', name: 'z', color: p.accent, points, value: (q: RollingPoint) => q.z }] as LineSpec[],
      correlation: [{ id: 'corr', name: 'corr', color: p.x, points, value: (q: RollingPoint) => q.correlation }] as LineSpec[],
      hedge: [
        { id: 'ols', name: 'OLS β', color: p.y, points, value: (q: RollingPoint) => q.beta },
        { id: 'kalman', name: 'Kalman β', color: p.accent, points, value: (q: RollingPoint) => q.kalmanBeta },
      ] as LineSpec[],
    };
  }, [p, k, points, yBars.bars, xBars.bars, s.y, s.x]);

  const zLevels: Level[] = [
    { value: k, label: `+${k}`, color: p.down },
    { value: 0, label: '', color: p.band },
    { value: -k, label: `−${k}`, color: p.up },
  ];

  const hide = (id: PanelId) => (
    <button className="icon hide" title="Hide this panel (restore it from the sidebar)" onClick={() => update({ hidden: [...s.hidden, id] })}>
      ×
    </button>
  );
  const lastBar = (b: Bar[]) => b[b.length - 1];

  return (
    <main className="panels" data-count={visible.length}>
      {visible.includes('candles') && (
        <CandlePanel
          id="candles"
          timeline={timeline}
          palette={p}
          bars={yBars.bars}
          barMs={yBars.overviewMs ?? tfMs}
          digits={yDigits}
          showTime={bottom === 'candles'}
          placeholder={barsPlaceholder(yBars, s.y)}
          header={
            <>
              <span>
                <b style={{ color: pair ? p.y : undefined }}>{s.y ?? '—'}</b> · {s.tf} candles + volume
              </span>
              <span className="muted">
                <span data-testid="last-price">{formatPrice(lastBar(yBars.bars)?.close, yDigits)}</span> ·{' '}
                <span data-testid="bar-count">{yBars.count} bars</span>
                {yBars.overviewMs !== null && <span title="An overview is shown while the full detail loads"> · loading detail…</span>}
              </span>
              {pair && hide('candles')}
            </>
          }
        />
      )}
      {visible.includes('candles-x') && (
        <CandlePanel
          id="candles-x"
          timeline={timeline}
          palette={p}
          bars={xBars.bars}
          barMs={xBars.overviewMs ?? tfMs}
          digits={xDigits}
          showTime={bottom === 'candles-x'}
          placeholder={barsPlaceholder(xBars, s.x)}
          header={
            <>
              <span>
                <b style={{ color: p.x }}>{s.x ?? '—'}</b> · {s.tf} candles + volume
              </span>
              <span className="muted">
                <span data-testid="last-price-x">{formatPrice(lastBar(xBars.bars)?.close, xDigits)}</span> ·{' '}
                <span data-testid="bar-count-x">{xBars.count} bars</span>
                {xBars.overviewMs !== null && <span title="An overview is shown while the full detail loads"> · loading detail…</span>}
              </span>
              {hide('candles-x')}
            </>
          }
        />
      )}
      {visible.includes('normalised') && (
        <LinePanel
          id="normalised"
          timeline={timeline}
          palette={p}
          lines={lines.normalised}
          format={pct}
          showTime={bottom === 'normalised'}
          version={`${yBars.bars.length}:${lastBar(yBars.bars)?.close}:${xBars.bars.length}:${lastBar(xBars.bars)?.close}`}
          placeholder={yBars.bars.length && xBars.bars.length ? null : 'Waiting for bars of both legs…'}
          header={
            <>
              <span>Both legs, % change from the left edge of the view</span>
              {hide('normalised')}
            </>
          }
        />
      )}
      {visible.includes('spread') && (
        <LinePanel
          id="spread"
          timeline={timeline}
          palette={p}
          lines={lines.spread}
          levels={[{ value: 0, label: '', color: p.band }]}
          format={compact}
          showTime={bottom === 'spread'}
          version={points}
          placeholder={analyticsPlaceholder((q) => q.spread !== null, 'spread')}
          header={
            <>
              <span>
                Spread y − α − β·x with ±{k}σ bands <span className="muted">(W = {s.window})</span>
              </span>
              <span className="muted" data-testid="live-spread">
                {last?.spread != null ? `${formatStat(last.spread)} (σ ${formatStat(last.spreadStd)})` : ''}
              </span>
              {hide('spread')}
            </>
          }
        />
      )}
      {visible.includes('zscore') && (
        <LinePanel
          id="zscore"
          timeline={timeline}
          palette={p}
          lines={lines.zscore}
          levels={zLevels}
          markers={markers}
          format={compact}
          showTime={bottom === 'zscore'}
          version={`${points.length}:${last?.z}:${markers.length}`}
          placeholder={analyticsPlaceholder((q) => q.z !== null, 'z-score')}
          header={
            <>
              <span>
                z-score, thresholds ±{k} <span className="muted">(pins: fired alerts)</span>
              </span>
              <span className={`zlive ${last?.z != null && Math.abs(last.z) >= k ? 'hot' : ''}`} data-testid="live-z">
                {last?.z != null ? `live z ${formatStat(last.z, 2)}` : ''}
              </span>
              {hide('zscore')}
            </>
          }
        />
      )}
      {visible.includes('correlation') && (
        <LinePanel
          id="correlation"
          timeline={timeline}
          palette={p}
          lines={lines.correlation}
          levels={[{ value: 0, label: '', color: p.band }]}
          format={compact}
          showTime={bottom === 'correlation'}
          version={points}
          placeholder={analyticsPlaceholder((q) => q.correlation !== null, 'correlation')}
          header={
            <>
              <span>Rolling correlation of log returns</span>
              <span className="muted">{last?.correlation != null ? formatStat(last.correlation, 3) : ''}</span>
              {hide('correlation')}
            </>
          }
        />
      )}
      {visible.includes('hedge') && (
        <LinePanel
          id="hedge"
          timeline={timeline}
          palette={p}
          lines={lines.hedge}
          format={compact}
          showTime={bottom === 'hedge'}
          version={points}
          placeholder={analyticsPlaceholder((q) => q.beta !== null, 'hedge ratio')}
          header={
            <>
              <span>
                Hedge ratio: <b style={{ color: p.y }}>OLS β</b> vs <b style={{ color: p.accent }}>Kalman β</b>
              </span>
              <span className="muted">
                {last?.beta != null ? `${formatStat(last.beta)} / ${formatStat(last.kalmanBeta)}` : ''}
              </span>
              {hide('hedge')}
            </>
          }
        />
      )}
    </main>
  );
}
