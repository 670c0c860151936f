// A real redis-server (Debian's package) for the tests and the bench: one
// process per call on a free 127.0.0.1 port, no persistence, stopped by its
// pid. Nothing is skipped when the binary is missing: starting fails with a
// message that says how to install it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const HOW_TO_GET_REDIS =
  'redis-server was not found. The Redis rate-limit tests and bench need a real one: ' +
  'on Debian or Ubuntu run `apt-get install -y redis-server` (.ci/run does), or set REDIS_SERVER to its path.';

export interface RunningRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop()). */
  restart(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER, else `redis-server` on PATH; throws HOW_TO_GET_REDIS when there is none. */
export function redisServerBinary(binary = process.env.REDIS_SERVER || 'redis-server'): string {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0 || !/Redis server/i.test(probe.stdout)) throw new Error(HOW_TO_GET_REDIS);
  return binary;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not get ready on port ${port} within 10 s: ${output.slice(-500)}`)),
      10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}) before it was ready: ${output.slice(-500)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts redis-server on a free loopback port; throws with HOW_TO_GET_REDIS when it is not installed. */
export async function startRedisServer(options: { binary?: string } = {}): Promise<RunningRedis> {
  const binary = redisServerBinary(options.binary);
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(binary, port);
      break;
    } catch (error) {
      if (attempt >= 2) throw error; // the port was taken in between: try another
    }
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child) await stopChild(child);
    },
    async restart() {
      if (child) await stopChild(child);
      child = await launch(binary, port);
    },
  };
}
