// The sandbox: a local, offline stand-in for the issuer's PIN Control
// service. `createSandboxApp` wires the routes; `startSandbox` listens on a
// port (0 for any free one) and tells where.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { ClientCredentials } from './auth.js';
import { frameScript } from './assets.js';
import { parseFrameOrigins } from './frame-origins.js';
import { CONTROL_ID_LIFETIME_MS } from '../src/control-id.js';
import { ControlIdStore } from './control-ids.js';
import { jsonError } from './http.js';
import { pageRoutes } from './page-routes.js';
import { PlasticStore } from './plastics.js';
import { COMMON_HEADERS, NON_PAGE_HEADERS } from './security-headers.js';
import { loadSeed, parseSeed, type ClientConfig, type Seed } from './seed.js';
import { tokenApi } from './token-api.js';

export type { ClientConfig, Seed } from './seed.js';

export interface SandboxConfig {
  /** Plastics, credentials and client keys; the bundled seed.json by default. */
  seed?: Seed;
  /**
   * Client keys, each with the origins allowed to frame its page; replace the
   * seed's (whose `demo` and `demo-branded` allow any loopback origin,
   * `http://localhost:*` and `http://127.0.0.1:*`).
   */
  clients?: readonly ClientConfig[];
  /**
   * More origins allowed to frame every client key's page: exact origins
   * (`https://dev.bank.example`) or any port of one host (`http://192.168.1.20:*`).
   * `npm run sandbox` fills it from `SANDBOX_FRAME_ORIGINS` and `--frame-origin`.
   * Throws on anything else.
   */
  frameOrigins?: readonly string[];
  /** API credentials; replace the seed's. */
  credentials?: ClientCredentials;
  /** Control id lifetime (default 30 000 ms). */
  tokenTtlMs?: number;
  /** The sandbox's own origin for the URLs it hands out; by default the request's. */
  publicOrigin?: string;
  /** One line per request; never the control id, a PIN or a credential. */
  log?: (line: string) => void;
  /** Clock for the control ids (ms since the epoch); for tests. */
  now?: () => number;
}

export interface StartSandboxOptions extends Omit<SandboxConfig, 'publicOrigin'> {
  /** Default 4100; 0 picks a free port (tests do, so they never collide). */
  port?: number;
  /** Default `127.0.0.1`; `localhost` makes `origin` say localhost. */
  hostname?: string;
}

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:4100`; the real port when 0 was asked for. */
  origin: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4100;
export const DEFAULT_HOSTNAME = '127.0.0.1';

function createSandboxApp(config: SandboxConfig = {}): Hono {
  const seed = config.seed ? parseSeed(config.seed) : loadSeed();
  const credentials = config.credentials ?? seed.credentials;
  const extraOrigins = parseFrameOrigins(config.frameOrigins ?? []);
  const clients = (config.clients ?? seed.clients).map((client) => ({
    ...client,
    origins: [...new Set([...client.origins, ...extraOrigins])],
  }));
  const log = config.log ?? ((line: string) => console.log(line));
  const controlIds = new ControlIdStore({ ttlMs: config.tokenTtlMs ?? CONTROL_ID_LIFETIME_MS, now: config.now });
  const plastics = new PlasticStore(seed.plastics);
  const origin = (requestUrl: string) => config.publicOrigin ?? new URL(requestUrl).origin;

  const app = new Hono();

  // One line per request: method, path (no query string, no body), status, time.
  // Control ids only ever travel in bodies, so none reaches this line.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    for (const [name, value] of Object.entries(COMMON_HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) {
      for (const [name, value] of Object.entries(NON_PAGE_HEADERS)) c.res.headers.set(name, value);
    }
    log(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  });

  app.route('/', tokenApi({ credentials, controlIds, plastics, origin }));
  app.route('/', pageRoutes({ clients, controlIds, plastics }));

  app.notFound((c) => jsonError(c, 404, 'not_found', 'No such resource.'));
  app.onError((error, c) => {
    log(`error: ${error.name}`); // not the message: it could quote a request body
    return jsonError(c, 500, 'internal_error', 'Something went wrong in the sandbox.');
  });
  return app;
}

/** Where the server can be reached: by `localhost` when it was asked for, else by the bound address. */
function originOf(hostname: string, address: AddressInfo): string {
  if (hostname === 'localhost') return `http://localhost:${address.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
  return `http://${reachable}:${address.port}`;
}

/**
 * Starts a sandbox and resolves once it listens; the frame script is bundled
 * first. Every option is optional:
 *
 * - `port` (4100; 0 for a free one) and `hostname` (`127.0.0.1`);
 * - `seed`: plastics, credentials and client keys (default `sandbox/seed.json`,
 *   with `SANDBOX_USERNAME`/`_PASSWORD`/`_BEARER_TOKEN` applied);
 * - `clients` or `credentials`: replace the seed's;
 * - `frameOrigins`: origins added to every client key (exact, or `http://host:*`);
 * - `tokenTtlMs`: control id lifetime (30 000);
 * - `log`: one line per request (default `console.log`; never an id, PIN or credential);
 * - `now`: the clock for control ids, for tests.
 *
 * ```ts
 * const sandbox = await startSandbox({ port: 0, frameOrigins: ['https://dev.bank.example'], log: () => {} });
 * // sandbox.origin is e.g. http://127.0.0.1:38411
 * await sandbox.close();
 * ```
 */
export async function startSandbox({
  port = DEFAULT_PORT,
  hostname = DEFAULT_HOSTNAME,
  ...config
}: StartSandboxOptions = {}): Promise<RunningSandbox> {
  parseFrameOrigins(config.frameOrigins ?? []); // throws before anything listens
  await frameScript();
  let app: Hono | undefined;
  const server = createAdaptorServer({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response('Starting', { status: 503 })),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = originOf(hostname, server.address() as AddressInfo);
  app = createSandboxApp({ ...config, publicOrigin: origin });
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
