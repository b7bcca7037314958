import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { spreadDefinition, type FiredAlert, type PairSpec, type TickscopeApi } from '../shared/contract';
import { isDemoSymbol } from '../shared/demoSymbols';
import { TIMEFRAMES, timeframeMs } from '../shared/market';
import { PALETTES } from './charts/echartsSetup';
import { Timeline } from './charts/timeline';
import { panBy, resetZoom, zoomBy } from './charts/zoomActions';
import { BacktestForm } from './components/backtest/BacktestForm';
import { BacktestView } from './components/backtest/BacktestView';
import { ExportDialog } from './components/ExportDialog';
import { FirstRun } from './components/FirstRun';
import { HelpOverlay } from './components/HelpOverlay';
import { Panels } from './components/Panels';
import { ScannerView } from './components/scanner/ScannerView';
import { Sidebar, chosenPair, type SidebarTab } from './components/Sidebar';
import { SourceBanner } from './components/SourceBanner';
import { SourceMenu, type SourceSection } from './components/SourceMenu';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { Toolbar } from './components/Toolbar';
import { WatchlistPanel } from './components/WatchlistPanel';
import { useAlerts } from './hooks/useAlerts';
import { useBacktest } from './hooks/useBacktest';
import { analyticsKey, useAnalytics } from './hooks/useAnalytics';
import { useBars } from './hooks/useBars';
import { plotWidthIn } from './charts/plotWidth';
import { useExchangeSymbols } from './hooks/useExchangeSymbols';
import { useExport } from './hooks/useExport';
import { useNow } from './hooks/useNow';
import { useScanner } from './hooks/useScanner';
import { useShortcuts } from './hooks/useShortcuts';
import { useSourceSwitch } from './hooks/useSourceSwitch';
import { useStatus } from './hooks/useStatus';
import { useSymbols } from './hooks/useSymbols';
import { useToasts } from './hooks/useToasts';
import { useWatchlist } from './hooks/useWatchlist';
import { tradeMarkers } from './lib/backtest/zMarkers';
import { focusPatch, viewKeyOf, zoomAround, type FocusTarget } from './lib/focusWindow';
import { selectLiveZ } from './lib/liveZ';
import { findBreaks, gapsOfLegs } from './lib/timeBreaks';
import { findWatchRow } from './lib/watchlist/watchRows';
import { spreadOfSettings, WINDOW_CHOICES } from './settings/settings';
import { useSettings } from './settings/useSettings';

export function App({ api }: { api: TickscopeApi }) {
  const [settings, update] = useSettings();
  const { status, error: statusError } = useStatus(api);
  const { symbols, loaded: symbolsLoaded } = useSymbols(api);
  const exchange = useExchangeSymbols(api, status?.source ?? '');
  const more = exchange.symbols;
  // A new source streams its own symbols: show them, unless the pair on screen is among them.
  const sw = useSourceSwitch(api, (st) => {
    const names = st.symbols.map((x) => x.symbol);
    if (names.length === 0 || st.sourceError) return;
    update((s) => {
      if (s.y && names.includes(s.y) && (s.mode === 'single' || (s.x && names.includes(s.x)))) return {};
      return names.length >= 2 ? { y: names[0], x: names[1] } : { y: names[0], mode: 'single' };
    });
  });
  const exporter = useExport(api);
  const { toasts, dismiss, push: toast } = useToasts(api);
  const [sourceOpen, setSourceOpen] = useState<SourceSection | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [tab, setTab] = useState<SidebarTab>('stats');
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow(1000);
  const palette = PALETTES[settings.theme];
  const pairMode = settings.mode === 'pair';

  // Fill in legs the first time symbols are known (or when a saved symbol is gone). A leg
  // the exchange lists but we have not stored is kept: the trader may be about to connect it.
  useEffect(() => {
    if (symbols.length === 0) return;
    const known = (c: string | null) => c !== null && (symbols.includes(c) || more.includes(c));
    update((s) => {
      const y = known(s.y) ? s.y : symbols[0];
      const x = known(s.x) && s.x !== y ? s.x : (symbols.find((c) => c !== y) ?? null);
      return y === s.y && x === s.x ? {} : { y, x };
    });
  }, [symbols, more, update]);

  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  // Long series (bars, the pair's rolling series) come folded to the plot's width first.
  const workspaceRef = useRef<HTMLDivElement>(null);
  const plotWidth = useCallback(() => plotWidthIn(workspaceRef.current), []);
  const [yBars, yDetail] = useBars(api, settings.y, settings.tf, plotWidth);
  const [xBars, xDetail] = useBars(api, pairMode ? settings.x : null, settings.tf, plotWidth);
  // The pair is watched once both legs' first view is in: its analytics (the engine works
  // through every stored bar of both legs) would otherwise compete with drawing the candles.
  const legIn = (b: typeof yBars, symbol: string | null) =>
    symbol === null || (b.of === `${symbol}|${settings.tf}` && !b.loading);
  const legsIn = legIn(yBars, settings.y) && legIn(xBars, pairMode ? settings.x : null);
  const wantsPair = pairMode && settings.y !== null && settings.x !== null && settings.y !== settings.x;
  const spec: PairSpec | null = useMemo(
    () =>
      legsIn && wantsPair
        ? {
            y: settings.y!,
            x: settings.x!,
            tf: settings.tf,
            window: settings.window,
            ...spreadOfSettings({ spreadMode: settings.spreadMode, hedge: settings.hedge }),
          }
        : null,
    [legsIn, wantsPair, settings.y, settings.x, settings.tf, settings.window, settings.spreadMode, settings.hedge],
  );
  const analytics = useAnalytics(api, spec, plotWidth);
  // The bars' full detail (for zooming in) is released once the pair's analytics have
  // their first look: the engine's main thread answers in turn, and the analytics panels
  // are on screen, the detail is not.
  const pairIn = spec !== null && analytics.of === analyticsKey(spec) && !analytics.loading;
  const detailWhen = !wantsPair || pairIn;
  useEffect(() => {
    if (!detailWhen) return;
    yDetail.release();
    xDetail.release();
  }, [detailWhen, yDetail, xDetail, yBars.of, xBars.of]);
  // The demo has a database (and so rules) of its own: reload when the engine moves.
  const alerts = useAlerts(api, status?.dbPath ?? null);
  const watchError = useCallback((body: string) => toast({ level: 'error', title: 'Watchlist', body }), [toast]);
  const watch = useWatchlist(api, watchError, status?.dbPath ?? null);
  // One z on screen for the pair shown: the z card, the z panel's header and the distribution.
  const liveZ = selectLiveZ(spec, analytics.points, analytics.of, findWatchRow(watch.rows, spec)).z;
  const chosen = chosenPair(settings);
  // A watch row opens its pair the way the toolbar's pickers change it.
  // It keeps the row's spread definition, so the charts show the figures the row shows.
  const openPair = useCallback(
    (p: PairSpec) => {
      const def = spreadDefinition(p);
      update({ mode: 'pair', y: p.y, x: p.x, tf: p.tf, window: p.window, spreadMode: def.mode, hedge: def.hedge });
    },
    [update],
  );
  const backtest = useBacktest(api, settings.window);
  const scanner = useScanner(api, settings.tf, status?.dbPath ?? null);
  const btResult = backtest.result?.value ?? null;
  // The shown backtest's entries and exits, marked on the z panel beside the alert firings.
  const tradeMarks = useMemo(
    () =>
      btResult && spec && btResult.y === spec.y && btResult.x === spec.x && btResult.tf === spec.tf
        ? tradeMarkers(btResult, { long: palette.up, short: palette.down, exit: palette.muted })
        : [],
    [spec, btResult, palette],
  );

  // One time axis for every panel: the union of what is loaded.
  // A new pair or timeframe starts from a fresh, whole view (and fresh chart instances).
  const viewKey = viewKeyOf(settings);
  const timeline = useMemo(() => new Timeline(viewKey), [viewKey]);
  const tfMs = timeframeMs(settings.tf);
  // Each list with the time its last element covers (an overview's bars span more than tf).
  const seriesList: [readonly { ts: number }[], number][] = [
    [yBars.bars, yBars.overviewMs ?? tfMs],
    [pairMode ? xBars.bars : [], xBars.overviewMs ?? tfMs],
    [pairMode ? analytics.points : [], tfMs],
  ];
  let min = Infinity;
  let max = -Infinity;
  for (const [list, span] of seriesList) {
    if (list.length === 0) continue;
    min = Math.min(min, list[0].ts);
    max = Math.max(max, list[list.length - 1].ts + span);
  }
  // Holes in the data (silences, unfilled gaps of the legs shown) are cut out of the axis.
  const latestGap = status?.unfilledGaps?.latest;
  const breaks = useMemo(
    () =>
      findBreaks(
        seriesList.map(([list]) => list),
        Math.max(...seriesList.map(([, span]) => span)),
        gapsOfLegs(latestGap, [settings.y, pairMode ? settings.x : null]),
      ),
    // seriesList is rebuilt each render from these.
    [
      yBars.bars,
      xBars.bars,
      analytics.points,
      pairMode,
      yBars.overviewMs,
      xBars.overviewMs,
      tfMs,
      latestGap,
      settings.y,
      settings.x,
    ],
  );
  useEffect(() => {
    if (Number.isFinite(min)) timeline.setExtent(min, max, breaks);
  }, [timeline, min, max, breaks]);

  // Showing an alert: switch to its pair or symbol, then, once that view's bars are in,
  // zoom the shared time axis around the moment it fired.
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const [focus, setFocus] = useState<{ ts: number; key: string } | null>(null);
  const focusOn = useCallback(
    (t: FocusTarget) => {
      const patch = focusPatch(t, settingsRef.current);
      update(patch);
      setFocus({ ts: t.ts, key: viewKeyOf({ ...settingsRef.current, ...patch }) });
    },
    [update],
  );
  useEffect(() => api.on('system.onDidRequestFocus', focusOn), [api, focusOn]);
  const showAlert = useCallback((a: FiredAlert) => focusOn({ pair: a.pair, symbol: a.symbol, ts: a.ts }), [focusOn]);
  useEffect(() => {
    if (!focus || focus.key !== timeline.key || !legsIn || !timeline.ready) return;
    const { min: lo, max: hi } = timeline.window;
    const [start, end] = zoomAround(timeline.axis.toAxis(focus.ts), tfMs, lo, hi);
    timeline.setZoom(start, end);
    setFocus(null);
  }, [focus, timeline, legsIn, tfMs, min, max]);

  const stepTf = (d: number) => {
    const i = TIMEFRAMES.indexOf(settings.tf) + d;
    if (i >= 0 && i < TIMEFRAMES.length) update({ tf: TIMEFRAMES[i] });
  };
  const stepWindow = (d: number) => {
    const list = [...WINDOW_CHOICES] as number[];
    const i = list.findIndex((w) => w >= settings.window);
    const next = list[Math.min(list.length - 1, Math.max(0, (i < 0 ? list.length - 1 : i) + d))];
    update({ window: next });
  };
  const openExport = () => {
    setSourceOpen(null);
    exporter.reset();
    setExportOpen(true);
  };
  const toggleSource = () => setSourceOpen((o) => (o ? null : 'live'));
  useShortcuts({
    '?': () => setHelp((h) => !h),
    Escape: () => {
      setHelp(false);
      setSourceOpen(null);
      if (exporter.state.phase !== 'running') setExportOpen(false);
      (document.activeElement as HTMLElement | null)?.blur();
    },
    e: openExport,
    'Mod+e': openExport,
    o: toggleSource,
    'Mod+o': toggleSource,
    '/': () => searchRef.current?.focus(),
    s: () => update({ mode: pairMode ? 'single' : 'pair' }),
    x: () => update({ y: settings.x, x: settings.y }),
    t: () => update({ theme: settings.theme === 'dark' ? 'light' : 'dark' }),
    '[': () => stepTf(-1),
    ']': () => stepTf(1),
    ',': () => stepWindow(-1),
    '.': () => stepWindow(1),
    '+': () => zoomBy(timeline, 0.5),
    '=': () => zoomBy(timeline, 0.5),
    '-': () => zoomBy(timeline, 2),
    ArrowLeft: () => panBy(timeline, -0.25),
    ArrowRight: () => panBy(timeline, 0.25),
    '0': () => resetZoom(timeline),
    a: () => setTab((t) => (t === 'alerts' ? 'stats' : 'alerts')),
    b: () => setTab((t) => (t === 'backtest' ? 'stats' : 'backtest')),
    c: () => setTab((t) => (t === 'scanner' ? 'stats' : 'scanner')),
    w: () => setTab((t) => (t === 'watch' ? 'stats' : 'watch')),
    W: () => void (chosen && watch.add(chosen)),
  });

  // Live connects to the pair on screen; before anything is chosen, or while the demo's own
  // names are on screen (Binance does not list them), to the usual pair.
  const legs = [settings.y, pairMode ? settings.x : null].filter((l): l is string => Boolean(l));
  const realLegs = legs.filter((l) => !isDemoSymbol(l));
  const liveSymbols = realLegs.length ? realLegs : ['BTCUSDT', 'ETHUSDT'];
  const openReplay = () => setSourceOpen('replay');
  const noData = symbolsLoaded && symbols.length === 0;
  const backtestForm = (
    <BacktestForm
      bt={backtest}
      y={settings.y}
      x={settings.x}
      tf={settings.tf}
      pairMode={pairMode}
      visible={() => (timeline.ready ? timeline.visible() : null)}
    />
  );

  return (
    <div className="app">
      <Toolbar
        settings={settings}
        symbols={symbols}
        more={more}
        source={
          <SourceMenu status={status} sw={sw} defaultSymbols={liveSymbols} open={sourceOpen} setOpen={setSourceOpen} />
        }
        onExport={openExport}
        update={update}
        onHelp={() => setHelp(true)}
        searchRef={searchRef}
      />
      <SourceBanner status={status} sw={sw} liveSymbols={liveSymbols} onReplay={openReplay} />
      <div className="workspace" ref={workspaceRef}>
        {noData ? (
          <FirstRun status={status} sw={sw} liveSymbols={liveSymbols} onReplay={openReplay} />
        ) : tab === 'scanner' ? (
          <ScannerView
            sc={scanner}
            palette={palette}
            onOpen={(row, tf) => {
              // The pair as the scan oriented it (y on x), on the scan's timeframe, in the charts.
              update({ mode: 'pair', y: row.y, x: row.x, tf });
              setTab('stats');
            }}
            onWatch={(row) => scanner.watch(row, settings.window)}
            watched={scanner.watched}
            onExport={() => void exporter.run({ kind: 'scan', format: 'csv' }, 'the scan table')}
            exportState={exporter.state}
            onClose={() => setTab('stats')}
          />
        ) : tab === 'backtest' ? (
          <BacktestView
            api={api}
            bt={backtest}
            y={settings.y}
            x={settings.x}
            tf={settings.tf}
            window={settings.window}
            setWindow={(window) => update({ window })}
            timeline={timeline}
            palette={palette}
            points={analytics.points}
          />
        ) : (
          <Panels
            settings={settings}
            update={update}
            timeline={timeline}
            palette={palette}
            yBars={yBars}
            xBars={xBars}
            analytics={analytics}
            symbolsLoaded={symbolsLoaded}
            hasSymbols={symbols.length > 0}
            spec={spec}
            alerts={alerts}
            tradeMarks={tradeMarks}
            liveZ={liveZ}
          />
        )}
        {(noData || tab !== 'scanner') && (
          <Sidebar
            api={api}
            tab={tab}
            setTab={setTab}
            settings={settings}
            yBars={yBars}
            xBars={xBars}
            analytics={analytics}
            alerts={alerts}
            spec={spec}
            palette={palette}
            now={now}
            onShowAlert={showAlert}
            backtest={backtestForm}
            watch={
              <WatchlistPanel
                rows={watch.rows}
                loaded={watch.loaded}
                error={watch.error}
                spec={chosen}
                k={settings.k}
                onOpen={openPair}
                onAdd={watch.add}
                onRemove={watch.remove}
              />
            }
            watchCount={watch.rows.length}
            liveZ={liveZ}
            onWatch={watch.add}
          />
        )}
      </div>
      <StatusBar status={status} error={statusError} now={now} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {exportOpen && (
        <ExportDialog
          legs={legs}
          symbols={symbols}
          tf={settings.tf}
          spec={spec}
          visible={timeline.ready && !noData ? timeline.visible() : null}
          state={exporter.state}
          run={(req, what) => void exporter.run(req, what)}
          onClose={() => setExportOpen(false)}
        />
      )}
      <Toasts toasts={toasts} dismiss={dismiss} onAlert={showAlert} />
    </div>
  );
}
