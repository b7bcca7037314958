import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { redactText, type BusAddress } from './busUrl';

export class BusConnectError extends Error {}

export interface BusConnectOptions {
  /** Shown in the server's connection list (`nats server report connections`). */
  readonly name: string;
  /** Keep retrying the first connection instead of failing (recorders: the server may come later). */
  readonly waitOnFirstConnect?: boolean;
  /** Connection timeout per attempt, ms (default 5000). */
  readonly timeoutMs?: number;
}

/**
 * Opens a NATS connection that reconnects forever once it has connected (a desk's server
 * restarting must not end a recorder). Errors come back as BusConnectError with one clear
 * line that names the server (credentials masked) and the cause.
 */
export async function connectBus(address: BusAddress, opts: BusConnectOptions): Promise<NatsConnection> {
  let authenticator;
  if (address.credsFile) {
    let creds: Uint8Array;
    try {
      creds = readFileSync(address.credsFile);
    } catch (err) {
      throw new BusConnectError(
        `cannot read the NATS creds file ${address.credsFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    authenticator = credsAuthenticator(creds);
  }
  try {
    return await connect({
      servers: [...address.servers],
      name: opts.name,
      ...(address.tls ? { tls: {} } : {}),
      ...(address.user !== undefined ? { user: address.user, pass: address.pass } : {}),
      ...(address.token !== undefined ? { token: address.token } : {}),
      ...(authenticator ? { authenticator } : {}),
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      waitOnFirstConnect: opts.waitOnFirstConnect ?? false,
      timeout: opts.timeoutMs ?? 5000,
    });
  } catch (err) {
    throw new BusConnectError(`cannot connect to ${address.redacted}: ${describeBusError(err)}`);
  }
}

/** One line for an error from nats.js or the socket, never echoing a credential. */
export function describeBusError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown };
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is nats-server running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (e?.name === 'AuthorizationError' || /authorization/i.test(e?.message ?? ''))
    return 'the server refused the credentials (authorization violation)';
  if (/tls/i.test(e?.message ?? '') && /not available|required/i.test(e?.message ?? ''))
    return `TLS mismatch: ${redactText(e.message ?? '')}`;
  return redactText(e?.message ?? String(err));
}

/**
 * Follows a connection's disconnects and reconnects (the client reconnects by itself) until
 * it closes: tells the owner its new state and says it in one line for the log.
 */
export async function followConnection(
  nc: NatsConnection,
  address: BusAddress,
  on: { state: (state: 'reconnecting' | 'connected') => void; event?: (message: string) => void },
): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect') {
      on.state('reconnecting');
      on.event?.(`bus: disconnected from ${address.redacted}; reconnecting`);
    } else if (s.type === 'reconnect') {
      on.state('connected');
      on.event?.(`bus: reconnected to ${address.redacted}`);
    }
  }
}
