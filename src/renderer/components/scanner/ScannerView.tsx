import { useState } from 'react';
import type { ScanPair } from '../../../shared/contract';
import type { Timeframe } from '../../../shared/market';
import type { Palette } from '../../charts/echartsSetup';
import type { ExportState } from '../../hooks/useExport';
import type { ScannerState } from '../../hooks/useScanner';
import { formatClock, formatDateTime } from '../../lib/format';
import '../../styles/scanner.css';
import { ScanFormBar } from './ScanFormBar';
import { ScanScatter } from './ScanScatter';
import { ScanTable } from './ScanTable';

interface Props {
  sc: ScannerState;
  palette: Palette;
  /** Shows the pair in the charts, y on x as the scan chose, on the scan's timeframe. */
  onOpen: (row: ScanPair, tf: Timeframe) => void;
  /** Adds a pair to the watchlist; absent: no watchlist here (the button is not shown). */
  onWatch?: (row: ScanPair) => void;
  watched?: ReadonlySet<string>;
  /** Exports the saved scan's table (export.run, kind scan). */
  onExport: () => void;
  exportState: ExportState;
  onClose: () => void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The pair scanner (../shared/specs/scanner.md): the form and progress on top, then the last
 * saved scan of the database in use: what it scanned and when, the ranked table (significant
 * rows marked) beside the half-life vs q scatter, and the pairs it could not test.
 */
export function ScannerView({ sc, palette, onOpen, onWatch, watched, onExport, exportState, onClose }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const r = sc.result;
  const significant = r ? r.pairs.filter((p) => p.significant).length : 0;
  const universeLabel = r
    ? r.request.universe.kind === 'watchlist'
      ? 'the watchlist'
      : r.request.universe.kind === 'all'
        ? 'all stored symbols'
        : 'a list'
    : '';
  return (
    <section className="sc-view" data-testid="scanner-view">
      <ScanFormBar sc={sc} hasWatchlist={onWatch !== undefined} onClose={onClose} />
      {!r ? (
        <div className="sc-empty">
          <p>
            Rank every pair of a universe by cointegration: Engle–Granger both ways, Benjamini–Hochberg q over all pairs
            tested.
          </p>
          <p className="muted">
            Set the universe and range above and press Scan. The last scan is kept in the database and shown here next
            time. Press c to go back to the charts.
          </p>
        </div>
      ) : (
        <>
          <header className="sc-head">
            <span className="sc-title" data-testid="scan-summary">
              <b>{fmt(significant)}</b> significant of <b>{fmt(r.tested)}</b> pairs tested · {fmt(r.universe.length)}{' '}
              symbols ({universeLabel}) · {r.tf} · {formatClock(r.from, true)} – {formatClock(r.to, true)} · FDR{' '}
              {r.request.fdr}
            </span>
            <span className="muted small" data-testid="scan-ran-at">
              ran {formatDateTime(r.ranAt)} in {(r.elapsedMs / 1000).toFixed(1)} s
            </span>
            <button
              type="button"
              data-testid="scan-export"
              disabled={exportState.phase === 'running'}
              onClick={onExport}
              title="The ranked table as CSV (the Parquet scan table's columns)"
            >
              Export CSV
            </button>
            {exportState.phase !== 'idle' && (
              <span className="muted small" data-testid="scan-export-state">
                {exportState.phase === 'running'
                  ? 'exporting…'
                  : exportState.phase === 'done'
                    ? exportState.message
                    : exportState.phase === 'failed'
                      ? exportState.message
                      : 'export cancelled'}
              </span>
            )}
          </header>
          <div className="sc-body">
            <ScanTable
              pairs={r.pairs}
              selected={selected}
              onOpen={(row) => onOpen(row, r.tf)}
              onWatch={onWatch}
              watched={watched}
            />
            <ScanScatter
              pairs={r.pairs}
              fdr={r.request.fdr}
              palette={palette}
              selected={selected}
              onSelect={setSelected}
            />
          </div>
          {r.excluded.length > 0 && (
            <details className="sc-excluded" data-testid="scan-excluded">
              <summary>
                {fmt(r.excluded.length)} pair{r.excluded.length > 1 ? 's' : ''} not tested (coverage or points)
              </summary>
              <ul className="small">
                {r.excluded.slice(0, 500).map((e) => (
                  <li key={`${e.a}|${e.b}`}>
                    {e.a} / {e.b}: <span className="muted">{e.reason}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
