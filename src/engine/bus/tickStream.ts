import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { TICK_STREAM, TICK_SUBJECTS } from '../../core/bus/tickMessage';

/** ../shared/specs/tick-bus.md: file storage, retention by age, 2-minute duplicate window. */
export const DUPLICATE_WINDOW_MS = 120_000;
export const DEFAULT_MAX_AGE_DAYS = 7;
const NS_PER_MS = 1_000_000;

export class BusConfigError extends Error {}

export interface TickStreamOptions {
  /** Create the stream when it is missing (recorders); consumers only check. */
  readonly create: boolean;
  readonly replicas?: number;
  readonly maxAgeDays?: number;
}

/**
 * Creates the TICKS stream with the spec's settings, or checks an existing one. A stream
 * with other settings is never changed behind the operator's back: it is refused with the
 * differences named, since deduplication (the duplicate window) and durability (file
 * storage) are what the desk relies on.
 */
export async function ensureTickStream(jsm: JetStreamManager, opts: TickStreamOptions): Promise<StreamConfig> {
  let existing: StreamConfig | null = null;
  try {
    existing = (await jsm.streams.info(TICK_STREAM)).config;
  } catch (err) {
    if (!/not found/i.test((err as Error).message ?? '')) throw err;
  }
  if (!existing) {
    if (!opts.create)
      throw new BusConfigError(`the server has no ${TICK_STREAM} stream yet: start a recorder with --publish first`);
    const info = await jsm.streams.add({
      name: TICK_STREAM,
      subjects: [TICK_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: (opts.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS) * 86_400_000 * NS_PER_MS,
      duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
      num_replicas: opts.replicas ?? 1,
    });
    return info.config;
  }
  const problems = streamProblems(existing, opts);
  if (problems.length)
    throw new BusConfigError(`stream ${TICK_STREAM} exists with other settings: ${problems.join('; ')}`);
  return existing;
}

/** What differs from the spec in an existing stream's configuration (empty: usable). */
export function streamProblems(
  c: Pick<StreamConfig, 'subjects' | 'storage' | 'duplicate_window' | 'retention' | 'num_replicas'>,
  opts: Pick<TickStreamOptions, 'replicas'> = {},
): string[] {
  const out: string[] = [];
  if (!(c.subjects ?? []).includes(TICK_SUBJECTS))
    out.push(`subjects ${JSON.stringify(c.subjects ?? [])} (want ["${TICK_SUBJECTS}"])`);
  if (c.storage !== StorageType.File) out.push(`storage ${c.storage} (want file)`);
  if (c.retention !== RetentionPolicy.Limits)
    out.push(`retention ${c.retention} (want limits: consumers read, they do not remove)`);
  const dup = (c.duplicate_window ?? 0) / NS_PER_MS;
  if (dup < DUPLICATE_WINDOW_MS)
    out.push(`duplicate window ${dup / 1000} s (want ${DUPLICATE_WINDOW_MS / 1000} s or more)`);
  if (opts.replicas !== undefined && c.num_replicas !== opts.replicas)
    out.push(`replicas ${c.num_replicas} (want ${opts.replicas})`);
  return out;
}
