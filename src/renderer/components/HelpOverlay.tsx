export const SHORTCUTS: [string, string][] = [
  ['?', 'show / hide this help'],
  ['o  Ctrl/⌘ O', 'source: live, demo, replay, disconnect'],
  ['e  Ctrl/⌘ E', 'export ticks, bars or the analytics series'],
  ['/', 'search the Y symbol (Enter picks the first match)'],
  ['s', 'switch pair / single-symbol mode'],
  ['x', 'swap Y and X'],
  ['[  ]', 'previous / next timeframe'],
  [',  .', 'smaller / larger rolling window'],
  ['+  −', 'zoom in / out (mouse wheel too)'],
  ['←  →', 'pan left / right (or drag a chart)'],
  ['0', 'reset zoom (show everything)'],
  ['t', 'toggle dark / light theme'],
  ['a', 'show the alerts panel / the stats'],
  ['b', 'backtest the pair on screen (parameters in the sidebar) / back to the charts'],
  ['c', 'pair scanner: rank every pair of a universe by cointegration / back to the charts'],
  ['w', 'show the watchlist (every followed pair; click a row to open it) / the stats'],
  ['W  (Shift+W)', 'add the pair on screen to the watchlist'],
  ['Esc', 'close a dialog or menu, leave a search box'],
];

/** The keyboard shortcuts, listed where the trader can find them. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="overlay" data-testid="help-overlay" onClick={onClose}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()} role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Charts share one time axis: zoom or hover on any panel and the others follow. Click an alert toast to see
          where it fired.
        </p>
        <p className="muted">
          Stretches without data (e.g. two recordings weeks apart) are cut out of the time axis and marked with their
          length; double-click a chart or the time axis to show the recording under the cursor whole, again to show
          everything.
        </p>
        <p className="muted">
          Drag the bar under a panel to resize it (double-click: back to its share); Panels, under the charts, chooses
          which are shown.
        </p>
        <button onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
