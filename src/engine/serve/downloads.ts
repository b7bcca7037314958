import type { ServerResponse } from 'node:http';
import type { ExportResult } from '../../shared/contract';
import { isReaderGone } from '../export/chunkedWriter';
import type { ExportJob, ExportTarget } from '../export/exportJob';

/**
 * Browser-mode exports: `export.run` registers the job and answers with a same-origin
 * URL; the first GET of that URL (token required, like the API) streams the file. Jobs
 * not fetched within `ttlMs` are dropped. A download the browser aborts stops its job at
 * once (the job reads on its own connection, so the engine never waits on a browser).
 */
export class DownloadRegistry implements ExportTarget {
  private readonly jobs = new Map<
    string,
    { job: ExportJob; progress: Parameters<ExportTarget['deliver']>[1]; expires: number }
  >();
  /** Responses still streaming, ended by close() so a paused download cannot hold up shutdown. */
  private readonly streaming = new Set<ServerResponse>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async deliver(job: ExportJob, progress: Parameters<ExportTarget['deliver']>[1]): Promise<ExportResult> {
    this.sweep();
    this.jobs.set(job.id, { job, progress, expires: this.now() + this.ttlMs });
    return { status: 'download', id: job.id, url: `/download/${encodeURIComponent(job.id)}`, fileName: job.fileName };
  }

  /** Streams a registered job to an HTTP response; false when there is no such job. */
  async serve(id: string, res: ServerResponse): Promise<boolean> {
    this.sweep();
    const entry = this.jobs.get(id);
    if (!entry) return false;
    this.jobs.delete(id);
    const { job, progress } = entry;
    res.writeHead(200, {
      'content-type': contentType(job.fileName),
      'content-disposition': `attachment; filename="${job.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    this.streaming.add(res);
    try {
      const rows = await job.run(res, (n) => progress(n, false));
      res.end();
      progress(rows, true);
    } catch (err) {
      res.destroy(err instanceof Error ? err : undefined);
      const message = isReaderGone(err)
        ? 'the download was closed before it finished'
        : err instanceof Error
          ? err.message
          : String(err);
      progress(0, true, message);
    } finally {
      this.streaming.delete(res);
    }
    return true;
  }

  /** Ends every download still streaming (their jobs stop) and forgets unfetched ones. */
  close(): void {
    for (const res of this.streaming) res.destroy();
    this.streaming.clear();
    this.jobs.clear();
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, e] of this.jobs) if (e.expires < t) this.jobs.delete(id);
  }
}

/** Text formats are UTF-8; Parquet is binary (IANA registered its type in 2024). */
function contentType(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1);
  if (ext === 'parquet') return 'application/vnd.apache.parquet';
  return `${ext === 'csv' ? 'text/csv' : ext === 'jsonl' ? 'application/x-ndjson' : 'application/json'}; charset=utf-8`;
}
