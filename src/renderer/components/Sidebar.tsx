import { useMemo, useRef, type ReactNode } from 'react';
import type { FiredAlert, PairSpec, TickscopeApi } from '../../shared/contract';
import type { AlertsState } from '../hooks/useAlerts';
import type { AnalyticsState } from '../hooks/useAnalytics';
import type { BarsState } from '../hooks/useBars';
import { priceDigits } from '../lib/format';
import { legStats } from '../lib/legStats';
import { zHistogram } from '../lib/zHistogram';
import type { Palette } from '../charts/echartsSetup';
import { spreadOfSettings, type Settings } from '../settings/settings';
import { AlertsPanel } from './AlertsPanel';
import { StatsPanel, type LegInfo } from './StatsPanel';

interface Props {
  api: TickscopeApi;
  tab: SidebarTab;
  setTab: (t: SidebarTab) => void;
  settings: Settings;
  yBars: BarsState;
  xBars: BarsState;
  analytics: AnalyticsState;
  alerts: AlertsState;
  spec: PairSpec | null;
  palette: Palette;
  now: number;
  onShowAlert: (a: FiredAlert) => void;
  /** The backtest's parameters (its results take the charts' place while this tab is open). */
  backtest: ReactNode;
  /** The watchlist panel (every followed pair, one row each). */
  watch: ReactNode;
  /** Rows of the watchlist, for the tab's count. */
  watchCount: number;
  /** The one z on screen for the pair shown (lib/liveZ.ts): the card and the distribution show it. */
  liveZ: number | null;
  /** Adds a pair to the watchlist (the alert form's "watch this pair"). */
  onWatch: (pair: PairSpec) => Promise<boolean>;
}

/** scanner: the scanner view takes the whole workspace, this column included. */
export type SidebarTab = 'stats' | 'alerts' | 'watch' | 'backtest' | 'scanner';

/** Stats cards, the alerts panel, the watchlist, or the backtest's parameters. */
export function Sidebar(props: Props) {
  const {
    api,
    tab,
    setTab,
    settings: s,
    yBars,
    xBars,
    analytics,
    alerts,
    spec,
    palette,
    now,
    onShowAlert,
    backtest,
  } = props;
  const { watch, watchCount, liveZ, onWatch } = props;
  const pair = s.mode === 'pair';
  const snap = analytics.snapshot;
  const legs: LegInfo[] = useMemo(() => {
    const out: LegInfo[] = [];
    const add = (symbol: string | null, bars: BarsState) => {
      if (!symbol) return;
      const digits = priceDigits(bars.bars.slice(-200).map((b) => b.close));
      // In pair mode the engine's snapshot is the source of truth (same window as the pair).
      const ok = pair && snap?.ok ? snap : null;
      const fromEngine = ok?.value.stats[symbol];
      if (ok && fromEngine !== undefined)
        out.push({
          symbol,
          digits,
          stats: fromEngine,
          origin: `engine, last ${ok.value.n} aligned points`,
          computedAt: ok.computedAt,
        });
      // The overview's folded bars would give other figures than the stored bars.
      else if (bars.overviewMs !== null)
        out.push({ symbol, digits, stats: null, origin: `loading the stored ${s.tf} bars…`, computedAt: null });
      else
        out.push({
          symbol,
          digits,
          stats: legStats(bars.bars, s.window),
          origin: `last ${Math.min(s.window, bars.bars.length)} ${s.tf} bars`,
          computedAt: bars.bars.length ? now : null,
        });
    };
    add(s.y, yBars);
    if (pair) add(s.x, xBars);
    return out;
    // `now` only matters when the figures are computed here; recomputing each second is cheap.
  }, [pair, snap, s.y, s.x, s.window, s.tf, yBars, xBars, now]);

  // Re-binned on the clock's tick, not on every push (a day's distribution barely moves),
  // and at once when the pair or its loaded series changes.
  const points = useRef(analytics.points);
  points.current = analytics.points;
  // A thinned first look keeps each fold's extremes: binned, its tails would look heavy.
  const thinned = analytics.thinned;
  const zDist = useMemo(
    () => (pair && !thinned ? zHistogram(points.current, s.k) : null),
    [pair, thinned, s.k, now, analytics.of, analytics.loading],
  );

  const stats = (
    <StatsPanel
      legs={legs}
      pair={pair}
      snapshot={snap}
      loading={analytics.loading}
      error={analytics.error}
      now={now}
      zDist={zDist}
      liveZ={liveZ}
      k={s.k}
      palette={palette}
    />
  );
  const alertsPanel = (
    <AlertsPanel
      api={api}
      alerts={alerts}
      spec={chosenPair(s) ?? spec}
      pairMode={pair}
      symbol={s.y}
      tf={s.tf}
      k={s.k}
      onShow={onShowAlert}
      onWatch={onWatch}
    />
  );
  const alertsTitle = `Alerts${alerts.history.length ? ` (${alerts.history.length})` : ''}`;

  // Single mode has one leg's card: on its own it left the column all but empty, so the
  // symbol's alerts (price and % change rules, their firings) share the column with it.
  // The watchlist (w) takes the column in single mode too: its rows open a pair.
  if (!pair) {
    return (
      <aside className="sidebar" data-testid="sidebar-single">
        <div className="sidebar-body">
          {tab === 'watch' ? (
            <>
              <h3 className="sidebar-heading">Watchlist (w: back)</h3>
              {watch}
            </>
          ) : (
            <>
              {stats}
              <h3 className="sidebar-heading">{alertsTitle}</h3>
              {alertsPanel}
            </>
          )}
        </div>
      </aside>
    );
  }
  return (
    <aside className="sidebar">
      <div className="tabs" role="tablist">
        <button data-testid="tab-stats" className={tab === 'stats' ? 'on' : ''} onClick={() => setTab('stats')}>
          Stats
        </button>
        <button
          data-testid="tab-alerts"
          className={tab === 'alerts' ? 'on' : ''}
          onClick={() => setTab('alerts')}
          title="Alerts (a)"
        >
          {alertsTitle}
        </button>
        <button
          data-testid="tab-watch"
          className={tab === 'watch' ? 'on' : ''}
          onClick={() => setTab('watch')}
          title="Watchlist: every followed pair (w)"
        >
          Watch{watchCount ? ` (${watchCount})` : ''}
        </button>
        <button
          data-testid="tab-backtest"
          className={tab === 'backtest' ? 'on' : ''}
          onClick={() => setTab(tab === 'backtest' ? 'stats' : 'backtest')}
          title="Backtest the pair on screen (b)"
        >
          Backtest
        </button>
        <button
          data-testid="tab-scanner"
          onClick={() => setTab('scanner')}
          title="Pair scanner: rank every pair of a universe by cointegration (c)"
        >
          Scan
        </button>
      </div>
      <div className="sidebar-body">
        {tab === 'backtest' ? backtest : tab === 'stats' ? stats : tab === 'watch' ? watch : alertsPanel}
      </div>
    </aside>
  );
}

/**
 * The pair a new rule watches: the one chosen in the toolbar, whether or not its bars have
 * loaded yet (a rule judges future data; saving must not wait for the charts).
 */
export function chosenPair(s: Settings): PairSpec | null {
  if (s.mode !== 'pair' || !s.y || !s.x || s.y === s.x) return null;
  // With the spread definition on screen: the pair watched or alerted is the pair shown.
  return { y: s.y, x: s.x, tf: s.tf, window: s.window, ...spreadOfSettings(s) };
}
