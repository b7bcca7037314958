import { useMemo, type ReactNode } from 'react';
import type { AlertRule, FiredAlert, PairSpec, RollingPoint } from '../../shared/contract';
import { timeframeMs, type Bar } from '../../shared/market';
import { CandlePanel } from '../charts/CandlePanel';
import type { Palette } from '../charts/echartsSetup';
import { LinePanel, type Level, type LineSpec } from '../charts/LinePanel';
import { TimeAxis } from '../charts/TimeAxis';
import type { Timeline } from '../charts/timeline';
import type { AnalyticsState } from '../hooks/useAnalytics';
import type { BarsState } from '../hooks/useBars';
import { chartAlerts, type FiringMark } from '../lib/chartAlerts';
import { baseAsset, formatPrice, formatStat, priceDigits } from '../lib/format';
import { formatZ } from '../lib/watchlist/watchLabels';
import { lowerBound } from '../lib/ohlcBuckets';
import type { PanelId, Settings } from '../settings/settings';
import { PanelChooser } from './PanelChooser';
import { resetZoom } from '../charts/zoomActions';
import { PanelSlot } from './PanelSlot';

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
  /** The pair on screen as analysed (null in single mode or until both legs are in). */
  spec: PairSpec | null;
  /** Alert rules and firings: each drawn on the panel of the figure it judges. */
  alerts: { rules: AlertRule[]; history: FiredAlert[] };
  /** The shown backtest's entries and exits, marked on the z panel. */
  tradeMarks?: FiringMark[];
  /** The one z on screen for the pair (lib/liveZ.ts): the z-score card and the distribution show it too. */
  liveZ: number | null;
}

const compact = (v: number) => String(Number(v.toPrecision(4)));
const pct = (v: number) => `${v.toFixed(2)}%`;

/**
 * The stacked chart panels, all on the one shared time axis, whose labels are the strip at
 * the bottom of the stack. Each panel keeps a readable plot: when the chosen panels do not
 * fit, the stack scrolls rather than squeezing them.
 */
export function Panels(props: Props) {
  const {
    settings: s,
    update,
    timeline,
    palette: p,
    yBars,
    xBars,
    analytics,
    symbolsLoaded,
    hasSymbols,
    spec,
    alerts,
    tradeMarks,
    liveZ,
  } = props;
  const pair = s.mode === 'pair';
  const tfMs = timeframeMs(s.tf);
  const yDigits = useMemo(() => priceDigits(yBars.bars.slice(-200).map((b) => b.close)), [yBars.bars]);
  const xDigits = useMemo(() => priceDigits(xBars.bars.slice(-200).map((b) => b.close)), [xBars.bars]);
  const points = analytics.points;
  const last = points[points.length - 1] as RollingPoint | undefined;
  const k = s.k;

  const visible: PanelId[] = (
    pair
      ? (['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge'] as PanelId[])
      : (['candles'] as PanelId[])
  ).filter((id) => !s.hidden.includes(id));

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

  const onChart = useMemo(() => {
    // A %-change firing is marked on the close of the bar it fired on (the last bar at or before it).
    const closeAt = (symbol: string, ts: number) => {
      const bars = symbol === s.y ? yBars.bars : xBars.bars;
      const b = bars[lowerBound(bars, ts + 1) - 1];
      return b && ts - b.ts < (yBars.overviewMs ?? tfMs) ? b.close : null;
    };
    return chartAlerts(alerts.rules, alerts.history, {
      pair: pair ? spec : null,
      y: s.y,
      x: pair ? s.x : null,
      closeAt,
    });
  }, [alerts.rules, alerts.history, pair, spec, s.y, s.x, yBars, xBars, tfMs]);
  const alertsOn = (id: 'candles' | 'candles-x' | 'spread' | 'zscore' | 'correlation') => ({
    thresholds: onChart.lines[id] ?? [],
    markers:
      id === 'zscore' && tradeMarks?.length ? [...(onChart.marks[id] ?? []), ...tradeMarks] : (onChart.marks[id] ?? []),
  });

  const lines = useMemo(() => {
    const spreadLines: LineSpec[] = [
      { id: 'spread', name: 'spread', color: p.accent, points, value: (q: RollingPoint) => q.spread },
      {
        id: 'upper',
        name: `+${k}σ`,
        color: p.band,
        points,
        value: (q: RollingPoint) => (q.spreadStd === null ? null : k * q.spreadStd),
        dashed: true,
      },
      {
        id: 'lower',
        name: `−${k}σ`,
        color: p.band,
        points,
        value: (q: RollingPoint) => (q.spreadStd === null ? null : -k * q.spreadStd),
        dashed: true,
      },
    ];
    return {
      normalised: [
        { id: 'y', name: s.y ?? 'Y', color: p.y, points: yBars.bars, value: (b: Bar) => b.close, rebase: true },
        { id: 'x', name: s.x ?? 'X', color: p.x, points: xBars.bars, value: (b: Bar) => b.close, rebase: true },
      ] as LineSpec[],
      spread: spreadLines,
      zscore: [{ id: 'z', name: 'z', color: p.accent, points, value: (q: RollingPoint) => q.z }] as LineSpec[],
      correlation: [
        { id: 'corr', name: 'corr', color: p.x, points, value: (q: RollingPoint) => q.correlation },
      ] as LineSpec[],
      hedge: [
        { id: 'ols', name: 'OLS β', color: p.y, points, value: (q: RollingPoint) => q.beta },
        { id: 'kalman', name: 'Kalman β', color: p.accent, points, value: (q: RollingPoint) => q.kalmanBeta },
      ] as LineSpec[],
    };
  }, [p, k, points, yBars.bars, xBars.bars, s.y, s.x]);

  // Grey like the spread's bands: red and green next to the z line and the amber alert
  // marks were not told apart with red-green colour blindness (palette.test.ts).
  const zLevels: Level[] = [
    { value: k, label: `+${k}`, color: p.band },
    { value: 0, label: '', color: p.band },
    { value: -k, label: `−${k}`, color: p.band },
  ];

  const hide = (id: PanelId) => (
    <button
      className="icon hide"
      title="Hide this panel (bring it back with Panels, under the charts)"
      onClick={() => update({ hidden: [...s.hidden, id] })}
    >
      ×
    </button>
  );
  const lastBar = (b: Bar[]) => b[b.length - 1];
  // Hand-set heights are the pair view's; single mode's one panel takes the whole stack.
  const slot = (id: PanelId, node: ReactNode) => (
    <PanelSlot
      key={id}
      id={id}
      height={pair ? s.heights[id] : undefined}
      grow={id === 'candles' || id === 'candles-x' ? 2 : 1}
      onResize={(h) => {
        const heights = { ...s.heights };
        if (h === null) delete heights[id];
        else heights[id] = h;
        update({ heights });
      }}
    >
      {node}
    </PanelSlot>
  );

  return (
    <main className="panels" data-count={visible.length}>
      {visible.includes('candles') &&
        slot(
          'candles',
          <CandlePanel
            id="candles"
            timeline={timeline}
            palette={p}
            bars={yBars.bars}
            barMs={yBars.overviewMs ?? tfMs}
            digits={yDigits}
            {...alertsOn('candles')}
            placeholder={barsPlaceholder(yBars, s.y)}
            header={
              <>
                <span>
                  <b style={{ color: pair ? p.y : undefined }}>{s.y ?? '—'}</b> · {s.tf} candles + volume
                  {s.y ? ` (${baseAsset(s.y)})` : ''}
                </span>
                <span className="muted">
                  <span data-testid="last-price">{formatPrice(lastBar(yBars.bars)?.close, yDigits)}</span> ·{' '}
                  <span data-testid="bar-count">{yBars.count} bars</span>
                  {yBars.overviewMs !== null && (
                    <span title="An overview is shown while the full detail loads"> · loading detail…</span>
                  )}
                </span>
                {pair && hide('candles')}
              </>
            }
          />,
        )}
      {visible.includes('candles-x') &&
        slot(
          'candles-x',
          <CandlePanel
            id="candles-x"
            timeline={timeline}
            palette={p}
            bars={xBars.bars}
            barMs={xBars.overviewMs ?? tfMs}
            digits={xDigits}
            {...alertsOn('candles-x')}
            placeholder={barsPlaceholder(xBars, s.x)}
            header={
              <>
                <span>
                  <b style={{ color: p.x }}>{s.x ?? '—'}</b> · {s.tf} candles + volume
                  {s.x ? ` (${baseAsset(s.x)})` : ''}
                </span>
                <span className="muted">
                  <span data-testid="last-price-x">{formatPrice(lastBar(xBars.bars)?.close, xDigits)}</span> ·{' '}
                  <span data-testid="bar-count-x">{xBars.count} bars</span>
                  {xBars.overviewMs !== null && (
                    <span title="An overview is shown while the full detail loads"> · loading detail…</span>
                  )}
                </span>
                {hide('candles-x')}
              </>
            }
          />,
        )}
      {visible.includes('normalised') &&
        slot(
          'normalised',
          <LinePanel
            id="normalised"
            timeline={timeline}
            palette={p}
            lines={lines.normalised}
            format={pct}
            version={`${yBars.bars.length}:${lastBar(yBars.bars)?.close}:${xBars.bars.length}:${lastBar(xBars.bars)?.close}`}
            placeholder={yBars.bars.length && xBars.bars.length ? null : 'Waiting for bars of both legs…'}
            header={
              <>
                <span>Both legs, % change from the left edge of the view</span>
                {hide('normalised')}
              </>
            }
          />,
        )}
      {visible.includes('spread') &&
        slot(
          'spread',
          <LinePanel
            id="spread"
            timeline={timeline}
            palette={p}
            lines={lines.spread}
            levels={[{ value: 0, label: '', color: p.band }]}
            {...alertsOn('spread')}
            format={compact}
            version={points}
            placeholder={analyticsPlaceholder((q) => q.spread !== null, 'spread')}
            header={
              <>
                <span>
                  Spread {spreadFormula(s)} with ±{k}σ bands <span className="muted">(W = {s.window})</span>
                </span>
                <span className="muted" data-testid="live-spread">
                  {last?.spread != null ? `${formatStat(last.spread)} (σ ${formatStat(last.spreadStd)})` : ''}
                </span>
                {hide('spread')}
              </>
            }
          />,
        )}
      {visible.includes('zscore') &&
        slot(
          'zscore',
          <LinePanel
            id="zscore"
            timeline={timeline}
            palette={p}
            lines={lines.zscore}
            levels={zLevels}
            {...alertsOn('zscore')}
            format={compact}
            version={`${points.length}:${last?.z}`}
            placeholder={analyticsPlaceholder((q) => q.z !== null, 'z-score')}
            header={
              <>
                <span>
                  z-score, thresholds ±{k} <span className="muted">(dotted lines, dots: alert rules, firings)</span>
                </span>
                <span className={`zlive ${liveZ !== null && Math.abs(liveZ) >= k ? 'hot' : ''}`} data-testid="live-z">
                  {liveZ !== null ? `live z ${formatZ(liveZ)}` : ''}
                </span>
                {hide('zscore')}
              </>
            }
          />,
        )}
      {visible.includes('correlation') &&
        slot(
          'correlation',
          <LinePanel
            id="correlation"
            timeline={timeline}
            palette={p}
            lines={lines.correlation}
            levels={[{ value: 0, label: '', color: p.band }]}
            {...alertsOn('correlation')}
            format={compact}
            version={points}
            placeholder={analyticsPlaceholder((q) => q.correlation !== null, 'correlation')}
            header={
              <>
                <span>Rolling correlation of log returns</span>
                <span className="muted">{last?.correlation != null ? formatStat(last.correlation, 3) : ''}</span>
                {hide('correlation')}
              </>
            }
          />,
        )}
      {visible.includes('hedge') &&
        slot(
          'hedge',
          <LinePanel
            id="hedge"
            timeline={timeline}
            palette={p}
            lines={lines.hedge}
            format={compact}
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
          />,
        )}
      <TimeAxis
        timeline={timeline}
        corner={
          // Beside the time strip it acts on (the toolbar has no room for it at 1280 px).
          <>
            {pair ? <PanelChooser settings={s} update={update} /> : null}
            <button
              className="reset-zoom"
              data-testid="reset-zoom"
              onClick={() => resetZoom(timeline)}
              title="Reset zoom: show everything (0)"
            >
              ⤢ All
            </button>
          </>
        }
      />
    </main>
  );
}

/** The spread panel's formula for the chosen definition (../shared/specs/analytics.md). */
export function spreadFormula(s: Pick<Settings, 'spreadMode' | 'hedge'>): string {
  if (s.spreadMode === 'ratio') return 'ln y − ln x';
  const [y, x] = s.spreadMode === 'log' ? ['ln y', 'ln x'] : ['y', 'x'];
  if (s.hedge === 'kalman')
    return s.spreadMode === 'log' ? 'ln y − (α + β·ln x), Kalman' : 'y − exp(α + β·ln x), Kalman';
  return `${y} − α − β·${x}${s.hedge === 'theil-sen' ? ', Theil–Sen' : ''}`;
}
