import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nats-server (2.9, JetStream), which .ci/run installs; null when this machine lacks it. */
export function natsServerBinary(): string | null {
  const r = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'nats-server' : null;
}

export const NATS_SKIP_REASON = 'nats-server is not installed (apt-get install nats-server; .ci/run installs it)';

/** A port free on loopback right now (the kernel's pick, released for the server to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface NatsNode {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGKILL, as a crashed machine would. */
  kill(): Promise<void>;
}

export interface NatsFixture {
  readonly nodes: NatsNode[];
  /** Every node's URL, comma-separated (what a client is given for a cluster). */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts one node and resolves once it says it is ready (JetStream included). */
async function startNode(args: string[], port: number): Promise<NatsNode> {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      log += d.toString();
      if (/Server is ready/.test(log)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`nats-server exited with ${code} before it was ready:\n${log.slice(-2000)}`)),
    );
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** One JetStream server on a loopback port with its store in a temp folder. */
export async function startNats(): Promise<NatsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-nats-'));
  const node = await startNode(['-js', '-sd', dir], await freePort());
  return {
    nodes: [node],
    url: node.url,
    stop: async () => {
      await node.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 3-node JetStream cluster on loopback (routes between all three). */
export async function startNatsCluster(size = 3): Promise<NatsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const nodes = await Promise.all(
    ports.map((port, i) =>
      startNode(
        [
          '-js',
          '-sd',
          join(dir, `n${i}`),
          '-n',
          `n${i}`,
          '--cluster_name',
          'tickscope',
          '--cluster',
          `nats://127.0.0.1:${clusterPorts[i]}`,
          '--routes',
          routes,
        ],
        port,
      ),
    ),
  );
  return {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
