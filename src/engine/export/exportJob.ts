import { spreadDefinition, type ExportRequest, type ExportResult } from '../../shared/contract';
import { seriesFromStore } from '../analytics/series';
import { openStore, type SqliteTickStore } from '../store/sqliteStore';
import { latestScanResult } from '../scanner/scanResults';
import { ChunkedWriter } from './chunkedWriter';
import { exportBars, exportTicks } from './exportData';
import { exportScan } from './scanExport';
import { writeWholeFile } from './wholeFile';

// Callers from before the move import it from here.
export { writeWholeFile };

/** One export, ready to stream to whatever the transport chose (a file, an HTTP download). */
export interface ExportJob {
  readonly id: string;
  readonly request: ExportRequest;
  readonly fileName: string;
  run(out: NodeJS.WritableStream, onProgress?: (rows: number) => void): Promise<number>;
}

/** Where a transport delivers exports: Electron's save dialog, or a browser download. */
export interface ExportTarget {
  deliver(
    job: ExportJob,
    progress: (rows: number, done: boolean, error?: string, path?: string) => void,
  ): Promise<ExportResult>;
}

/** The last two columns name the spread definition the spread, spread_std and z follow
 * (../shared/specs/analytics.md); they come last so older readers' column indices hold. */
export const SERIES_CSV_HEADER =
  'ts,y,x,alpha,beta,r2,spread,spread_std,z,correlation,kalman_beta,kalman_alpha,spread_mode,hedge';

function stamp(ms: number | undefined): string {
  return ms === undefined ? '' : `-${new Date(ms).toISOString().replace(/[:.]/g, '').slice(0, 15)}`;
}

export function exportFileName(req: ExportRequest, now: () => number = Date.now): string {
  if (req.kind === 'scan') return `scan${stamp(now())}.${req.format}`;
  const range = `${stamp(req.from)}${req.to !== undefined ? `_to${stamp(req.to)}` : ''}`;
  if (req.kind === 'ticks') return `${req.symbol}-ticks${range}.${req.format}`;
  if (req.kind === 'bars') return `${req.symbol}-${req.tf}-bars${range}.${req.format}`;
  // The spread definition is named when it is not the default raw OLS (as pairKey does).
  const def = spreadDefinition(req.pair);
  const named =
    def.mode === 'raw' && def.hedge === 'ols' ? '' : `-${def.mode}${def.mode === 'ratio' ? '' : `-${def.hedge}`}`;
  return `${req.pair.y}-${req.pair.x}-${req.pair.tf}-w${req.pair.window}${named}-series${range}.csv`;
}

/** Gives a job the store it reads, and takes it back when the job ends. */
export type ExportReader = () => { store: SqliteTickStore; release(): void };

/**
 * Each export reads on a read-only connection of its own. A better-sqlite3 connection with
 * an open cursor is busy: every other statement on it fails ("database connection is
 * busy") until the cursor ends, and an export's cursor lives as long as its reader is slow.
 * On the engine's connection a browser download stopped ingestion (ticks lost, alert saves
 * failing) while it streamed, and for good once abandoned. WAL lets this reader see one
 * consistent snapshot while the engine keeps writing. An in-memory database cannot be
 * opened twice, so it is shared (tests only).
 */
export function ownReadConnection(store: SqliteTickStore, nativeBinding?: string): ExportReader {
  if (store.path === ':memory:') return () => ({ store, release: () => undefined });
  return () => {
    const reader = openStore(store.path, { readonly: true, nativeBinding });
    return { store: reader, release: () => reader.close() };
  };
}

export function createExportJob(read: ExportReader, request: ExportRequest, id: string): ExportJob {
  return {
    id,
    request,
    fileName: exportFileName(request),
    async run(out, onProgress) {
      const { store, release } = read();
      try {
        return await runRequest(store, request, out, onProgress);
      } finally {
        release();
      }
    },
  };
}

async function runRequest(
  store: SqliteTickStore,
  request: ExportRequest,
  out: NodeJS.WritableStream,
  onProgress?: (rows: number) => void,
): Promise<number> {
  switch (request.kind) {
    case 'ticks':
      return exportTicks(store, out, {
        symbol: request.symbol,
        from: request.from,
        to: request.to,
        format: request.format,
        onProgress,
      });
    case 'bars':
      return exportBars(store, out, {
        symbol: request.symbol,
        tf: request.tf,
        from: request.from,
        to: request.to,
        format: request.format,
        onProgress,
      });
    case 'scan': {
      const scan = latestScanResult(store.db);
      if (!scan) throw new Error('no scan to export: run one in the Scanner view first');
      return exportScan(scan, out, request.format, onProgress);
    }
    case 'series': {
      const { points } = seriesFromStore(store, request.pair, { from: request.from ?? 0, to: request.to });
      const w = new ChunkedWriter(out);
      try {
        await w.write(SERIES_CSV_HEADER + '\n');
        const cell = (v: number | null) => (v === null ? '' : String(v));
        const def = spreadDefinition(request.pair);
        for (const p of points) {
          const figures = [
            p.ts,
            p.y,
            p.x,
            p.alpha,
            p.beta,
            p.r2,
            p.spread,
            p.spreadStd,
            p.z,
            p.correlation,
            p.kalmanBeta,
            p.kalmanAlpha,
          ];
          await w.write(`${figures.map(cell).join(',')},${def.mode},${def.hedge}\n`);
        }
        await w.flush();
      } finally {
        w.release();
      }
      onProgress?.(points.length);
      return points.length;
    }
  }
}

/** Writes a job to `path` whole or not at all (see writeWholeFile). */
export async function exportToFile(job: ExportJob, path: string, onProgress?: (rows: number) => void): Promise<number> {
  return writeWholeFile(path, (out) => job.run(out, onProgress));
}
