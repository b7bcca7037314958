import type { RequestChannel } from '../../shared/contract';

/** The reads a read worker answers: the ones whose answers can be a day of bars. */
export const READ_CHANNELS = ['market.getBars', 'market.getBarOverview'] as const satisfies readonly RequestChannel[];
export type ReadChannel = (typeof READ_CHANNELS)[number];

export interface ReadWorkerInit {
  dbPath: string;
  nativeBinding?: string;
  /** Set for tsx runtimes: the bootstrap imports this entry (see analytics/workerBootstrap.mjs). */
  tsEntry?: string;
}

export interface ReadRequest {
  id: number;
  channel: ReadChannel;
  /** The request payload, already validated by the dispatcher. */
  arg: unknown;
}

export type ReadResponse = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };
