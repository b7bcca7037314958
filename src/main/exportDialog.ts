import { dialog, type BrowserWindow } from 'electron';
import type { ExportJob, ExportTarget } from '../engine/export/exportJob';
import { exportToFile } from '../engine/export/exportJob';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  jsonl: { name: 'JSON Lines', extensions: ['jsonl'] },
  parquet: { name: 'Parquet', extensions: ['parquet'] },
};

/** Exports in the desktop app go through the native save dialog, then stream to the file. */
export function saveDialogTarget(window: () => BrowserWindow | null): ExportTarget {
  return {
    async deliver(job: ExportJob, progress) {
      const ext = job.fileName.slice(job.fileName.lastIndexOf('.') + 1);
      const win = window();
      const options = { title: 'Export', defaultPath: job.fileName, filters: [FILTERS[ext] ?? FILTERS.csv] };
      const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { status: 'cancelled', id: job.id };
      try {
        const rows = await exportToFile(job, choice.filePath, (n) => progress(n, false));
        progress(rows, true, undefined, choice.filePath);
        return { status: 'saved', id: job.id, path: choice.filePath, rows };
      } catch (err) {
        progress(0, true, err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
  };
}
