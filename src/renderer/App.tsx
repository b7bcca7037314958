import { useEffect, useMemo, useRef, useState } from 'react';
import type { PairSpec, TickscopeApi } from '../shared/contract';
import { TIMEFRAMES, timeframeMs } from '../shared/market';
import { PALETTES } from './charts/echartsSetup';
import { Timeline } from './charts/timeline';
import { dispatchZoom, panBy, zoomBy } from './charts/zoomActions';
import { HelpOverlay } from './components/HelpOverlay';
import { Panels } from './components/Panels';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toolbar } from './components/Toolbar';
import { useAlerts } from './hooks/useAlerts';
import { useAnalytics } from './hooks/useAnalytics';
import { useBars } from './hooks/useBars';
import { useNow } from './hooks/useNow';
import { useShortcuts } from './hooks/useShortcuts';
import { useStatus } from './hooks/useStatus';
import { useSymbols } from './hooks/useSymbols';
import { WINDOW_CHOICES } from './settings/settings';
import { useSettings } from './settings/useSettings';

export function App({ api }: { api: TickscopeApi }) {
  const [settings, update] = useSettings();
  const { status, error: statusError } = useStatus(api);
  const { symbols, loaded: symbolsLoaded } = useSymbols(api);
  const [help, setHelp] = useState(false);
  const [tab, setTab] = useState<'stats' | 'alerts'>('stats');
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow(1000);
  const palette = PALETTES[settings.theme];
  const pairMode = settings.mode === 'pair';

  // Fill in legs the first time symbols are known (or when a saved symbol is gone).
  useEffect(() => {
    if (symbols.length === 0) return;
    update((s) => {
      const y = s.y && symbols.includes(s.y) ? s.y : symbols[0];
      const x = s.x && symbols.includes(s.x) && s.x !== y ? s.x : (symbols.find((c) => c !== y) ?? null);
      return y === s.y && x === s.x ? {} : { y, x };
    });
  }, [symbols, update]);

  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  const yBars = useBars(api, settings.y, settings.tf);
  const xBars = useBars(api, pairMode ? settings.x : null, settings.tf);
  const spec: PairSpec | null = useMemo(
    () => (pairMode && settings.y && settings.x && settings.y !== settings.x ? { y: settings.y, x: settings.x, tf: settings.tf, window: settings.window } : null),
    [pairMode, settings.y, settings.x, settings.tf, settings.window],
  );
  const analytics = useAnalytics(api, spec);
  const alerts = useAlerts(api);
  // Fired z-score alerts of this pair become pins on the z panel, at the bar they belong to.
  const markers = useMemo(
    () =>
      alerts.history
        .filter((a) => a.kind === 'zscore' && a.pair && spec && a.pair.y === spec.y && a.pair.x === spec.x && a.pair.tf === spec.tf)
        .map((a) => ({ ts: a.ts, value: a.value, label: a.ruleName })),
    [alerts.history, spec],
  );

  // One time axis for every panel: the union of what is loaded.
  // A new pair or timeframe starts from a fresh, whole view (and fresh chart instances).
  const viewKey = `${settings.mode}|${settings.y}|${settings.x}|${settings.tf}`;
  const timeline = useMemo(() => new Timeline(viewKey), [viewKey]);
  const tfMs = timeframeMs(settings.tf);
  const seriesList = [yBars.bars, pairMode ? xBars.bars : [], pairMode ? analytics.points : []];
  let min = Infinity;
  let max = -Infinity;
  for (const list of seriesList) {
    if (list.length === 0) continue;
    min = Math.min(min, list[0].ts);
    max = Math.max(max, list[list.length - 1].ts + tfMs);
  }
  useEffect(() => {
    if (Number.isFinite(min)) timeline.setExtent(min, max);
  }, [timeline, min, max]);

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
  useShortcuts({
    '?': () => setHelp((h) => !h),
    Escape: () => {
      setHelp(false);
      (document.activeElement as HTMLElement | null)?.blur();
    },
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
    '0': () => dispatchZoom(0, 100),
    a: () => setTab((t) => (t === 'alerts' ? 'stats' : 'alerts')),
  });

  return (
    <div className="app">
      <Toolbar settings={settings} symbols={symbols} update={update} onResetZoom={() => dispatchZoom(0, 100)} onHelp={() => setHelp(true)} searchRef={searchRef} />
      <div className="workspace">
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
          markers={markers}
        />
        <Sidebar api={api} tab={tab} setTab={setTab} settings={settings} update={update} yBars={yBars} xBars={xBars} analytics={analytics} alerts={alerts} spec={spec} now={now} />
      </div>
      <StatusBar status={status} error={statusError} now={now} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
