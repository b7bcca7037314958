import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { ExportRequest, ExportResult } from '../../shared/contract';
import { seriesFromStore } from '../analytics/series';
import type { SqliteTickStore } from '../store/sqliteStore';
import { ChunkedWriter } from './chunkedWriter';
import { exportBars, exportTicks } from './exportData';

/** One export, ready to stream to whatever the transport chose (a file, an HTTP download). */
export interface ExportJob {
  readonly id: string;
  readonly request: ExportRequest;
  readonly fileName: string;
  run(out: NodeJS.WritableStream, onProgress?: (rows: number) => void): Promise<number>;
}

/** Where a transport delivers exports: Electron's save dialog, or a browser download. */
export interface ExportTarget {
  deliver(job: ExportJob, progress: (rows: number, done: boolean, error?: string, path?: string) => void): Promise<ExportResult>;
}

export const SERIES_CSV_HEADER = 'ts,y,x,alpha,beta,r2,spread,spread_std,z,correlation,kalman_beta,kalman_alpha';

function stamp(ms: number | undefined): string {
  return ms === undefined ? '' : `-${new Date(ms).toISOString().replace(/[:.]/g, '').slice(0, 15)}`;
}

export function exportFileName(req: ExportRequest): string {
  const range = `${stamp(req.from)}${req.to !== undefined ? `_to${stamp(req.to)}` : ''}`;
  if (req.kind === 'ticks') return `${req.symbol}-ticks${range}.${req.format}`;
  if (req.kind === 'bars') return `${req.symbol}-${req.tf}-bars${range}.${req.format}`;
  return `${req.pair.y}-${req.pair.x}-${req.pair.tf}-w${req.pair.window}-series${range}.csv`;
}

export function createExportJob(store: SqliteTickStore, request: ExportRequest, id: string): ExportJob {
  return {
    id,
    request,
    fileName: exportFileName(request),
    async run(out, onProgress) {
      switch (request.kind) {
        case 'ticks':
          return exportTicks(store, out, { symbol: request.symbol, from: request.from, to: request.to, format: request.format, onProgress });
        case 'bars':
          return exportBars(store, out, { symbol: request.symbol, tf: request.tf, from: request.from, to: request.to, format: request.format, onProgress });
        case 'series': {
          const { points } = seriesFromStore(store, request.pair, { from: request.from ?? 0, to: request.to });
          const w = new ChunkedWriter(out);
          await w.write(SERIES_CSV_HEADER + '\n');
          const cell = (v: number | null) => (v === null ? '' : String(v));
          for (const p of points) {
            await w.write(
              [p.ts, p.y, p.x, p.alpha, p.beta, p.r2, p.spread, p.spreadStd, p.z, p.correlation, p.kalmanBeta, p.kalmanAlpha].map(cell).join(',') + '\n',
            );
          }
          await w.flush();
          onProgress?.(points.length);
          return points.length;
        }
      }
    },
  };
}

/**
 * Writes a job to `path` through a temporary file renamed at the end, so the chosen path
 * holds either the whole export or nothing: never a half-written file.
 */
export async function exportToFile(job: ExportJob, path: string, onProgress?: (rows: number) => void): Promise<number> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  try {
    const rows = await job.run(out, onProgress);
    out.end();
    await once(out, 'close');
    renameSync(partial, path);
    return rows;
  } catch (err) {
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}
