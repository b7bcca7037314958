import type { ReactNode, Ref } from 'react';
import { HEDGE_METHODS, SPREAD_MODES, type HedgeMethod, type SpreadMode } from '../../shared/contract';
import { TIMEFRAMES, type Timeframe } from '../../shared/market';
import { WINDOW_CHOICES, type Settings } from '../settings/settings';
import { SymbolPicker } from './SymbolPicker';

interface Props {
  settings: Settings;
  symbols: string[];
  /** The exchange's symbols without stored data, offered after the stored ones. */
  more: string[];
  /** The source control (live, demo, replay, disconnect). */
  source: ReactNode;
  onExport: () => void;
  update: (patch: Partial<Settings>) => void;
  onHelp: () => void;
  searchRef: Ref<HTMLInputElement>;
}

/** What each spread definition means, shown as the selectors' tooltips. */
const MODE_TITLES: Record<SpreadMode, string> = {
  raw: 'raw: spread of prices, y − α − β·x (price units)',
  log: 'log: spread of ln prices, β an elasticity (log points)',
  ratio: 'ratio: ln(y/x), β fixed at 1 (no hedge to choose)',
};
const HEDGE_TITLES: Record<HedgeMethod, string> = {
  ols: 'rolling OLS: the window’s regression residuals',
  kalman: 'Kalman: the filter’s one-step forecast error (run on log prices)',
  'theil-sen': 'Theil–Sen: residuals of the window’s robust line (re-fitted every W/10 points)',
};

/** Source, pair (or single symbol), timeframe, rolling window, spread definition, band k, export, theme, help. */
export function Toolbar({ settings: s, symbols, more, source, onExport, update, onHelp, searchRef }: Props) {
  const windows: number[] = WINDOW_CHOICES.includes(s.window as (typeof WINDOW_CHOICES)[number])
    ? [...WINDOW_CHOICES]
    : [...WINDOW_CHOICES, s.window].sort((a, b) => a - b);
  return (
    <header className="toolbar">
      <span className="brand">Tickscope</span>
      {source}
      <div className="segmented" role="group" aria-label="mode">
        <button
          data-testid="mode-pair"
          className={s.mode === 'pair' ? 'on' : ''}
          onClick={() => update({ mode: 'pair' })}
          title="Pair mode (s)"
        >
          Pair
        </button>
        <button
          data-testid="mode-single"
          className={s.mode === 'single' ? 'on' : ''}
          onClick={() => update({ mode: 'single' })}
          title="Single-symbol mode (s)"
        >
          Single
        </button>
      </div>
      <SymbolPicker
        label={s.mode === 'pair' ? 'Y' : 'Symbol'}
        testId="symbol-select"
        symbols={symbols}
        more={more}
        value={s.y}
        onChange={(y) => update({ y })}
        searchRef={searchRef}
      />
      {s.mode === 'pair' && (
        <>
          <span className="on-sep" title="Y is regressed on X: y = α + β·x">
            on
          </span>
          <SymbolPicker
            label="X"
            testId="symbol-x-select"
            symbols={symbols}
            more={more}
            value={s.x}
            onChange={(x) => update({ x })}
          />
          <button
            className="icon"
            data-testid="swap-legs"
            title="Swap Y and X (x)"
            onClick={() => update({ y: s.x, x: s.y })}
          >
            ⇄
          </button>
        </>
      )}
      <label>
        TF
        <select
          data-testid="tf-select"
          value={s.tf}
          onChange={(e) => update({ tf: e.target.value as Timeframe })}
          title="Timeframe ([ and ])"
        >
          {TIMEFRAMES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      {s.mode === 'pair' && (
        <>
          <label title="Rolling window W: aligned points each figure is computed over (, and .)">
            W
            <select
              data-testid="window-select"
              value={s.window}
              onChange={(e) => update({ window: Number(e.target.value) })}
            >
              {windows.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </label>
          {/* No visible words beside these two: the toolbar must stay on one line at 1280 px. */}
          <label title={`Spread definition. ${MODE_TITLES[s.spreadMode]}`}>
            <select
              aria-label="spread"
              data-testid="spread-mode-select"
              value={s.spreadMode}
              onChange={(e) => update({ spreadMode: e.target.value as SpreadMode })}
            >
              {SPREAD_MODES.map((m) => (
                <option key={m} value={m} title={MODE_TITLES[m]}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label
            title={
              s.spreadMode === 'ratio'
                ? 'The ratio spread fixes β = 1: no hedge to choose'
                : `Hedge ratio of the spread. ${HEDGE_TITLES[s.hedge]}`
            }
          >
            <select
              aria-label="hedge"
              data-testid="hedge-select"
              value={s.spreadMode === 'ratio' ? 'ols' : s.hedge}
              disabled={s.spreadMode === 'ratio'}
              onChange={(e) => update({ hedge: e.target.value as HedgeMethod })}
            >
              {HEDGE_METHODS.map((h) => (
                <option key={h} value={h} title={HEDGE_TITLES[h]}>
                  {h === 'theil-sen' ? 'Theil–Sen' : h === 'ols' ? 'OLS' : 'Kalman'}
                </option>
              ))}
            </select>
          </label>
          <label title="Spread bands at ±k·σ and z-score thresholds at ±k">
            k
            <input
              data-testid="k-input"
              className="num"
              type="number"
              min={0.5}
              max={5}
              step={0.5}
              value={s.k}
              onChange={(e) => {
                const k = Number(e.target.value);
                if (k > 0 && k <= 10) update({ k });
              }}
            />
          </label>
        </>
      )}
      <span className="spacer" />
      <button
        data-testid="export-button"
        onClick={onExport}
        title="Export ticks, bars or the analytics series (e, Ctrl/Cmd+E)"
      >
        Export…
      </button>
      <button
        data-testid="theme-toggle"
        onClick={() => update({ theme: s.theme === 'dark' ? 'light' : 'dark' })}
        title={`Switch to the ${s.theme === 'dark' ? 'light' : 'dark'} theme (t)`}
      >
        {s.theme === 'dark' ? '☀' : '☾'}
      </button>
      <button data-testid="help-button" onClick={onHelp} title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}
