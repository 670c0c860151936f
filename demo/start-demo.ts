// Starts everything `npm start` runs, in-process: the sandbox (the issuer's
// stand-in) and the host page's server. Tests call it with port 0.
import { DEFAULT_PORT as DEFAULT_SANDBOX_PORT, startSandbox, type RunningSandbox } from '../sandbox/server.js';
import { loadSeed, type ClientConfig } from '../sandbox/seed.js';
import { FRAME_PATH } from '../sandbox/page-html.js';
import type { AuditRecord } from '../src/server/index.js';
import { DEFAULT_DIST_DIR, ensureDemoBuilt } from './build.js';
import { issuerSettings, usesExternalIssuer, type Env } from './config.js';
import { DEFAULT_HOST_PORT, startHostServer } from './server.js';
import type { CspViolationSummary } from './csp-reports.js';

export { DEFAULT_SANDBOX_PORT };

export interface StartDemoOptions {
  /** Default 4000; 0 picks a free port. */
  hostPort?: number;
  /** Default 4100; 0 picks a free port. */
  sandboxPort?: number;
  /** Where the built page is (built first when stale). Default demo/dist. */
  distDir?: string;
  /** Configuration (PIN_CONTROL_*); default process.env. */
  env?: Env;
  /** The host's log lines (build, CSP reports). Default console.log. */
  log?: (line: string) => void;
  /** The sandbox's request log. Default console.log with a prefix. */
  sandboxLog?: (line: string) => void;
  /** The token endpoint's audit records. Default one JSON line on stdout. */
  audit?: (record: AuditRecord) => void;
}

export interface RunningDemo {
  /** The page to open, e.g. http://localhost:4000/ */
  url: string;
  hostOrigin: string;
  /** Undefined when PIN_CONTROL_API_BASE names a real issuer. */
  sandboxOrigin: string | undefined;
  cspReports: CspViolationSummary[];
  close(): Promise<void>;
}

/** The seed's client keys, each also allowing the host's actual origin (its port may be a free one). */
function clientsAllowing(clients: readonly ClientConfig[], origin: string): ClientConfig[] {
  return clients.map((client) => ({ ...client, origins: [...new Set([...client.origins, origin])] }));
}

export async function startDemo({
  hostPort = DEFAULT_HOST_PORT,
  sandboxPort = DEFAULT_SANDBOX_PORT,
  distDir = DEFAULT_DIST_DIR,
  env = process.env,
  log = (line) => console.log(line),
  sandboxLog = (line) => console.log(`[sandbox] ${line}`),
  audit,
}: StartDemoOptions = {}): Promise<RunningDemo> {
  await ensureDemoBuilt(distDir, log);
  let sandbox: RunningSandbox | undefined;
  try {
    const host = await startHostServer({
      port: hostPort,
      configure: async (origin) => {
        const seed = loadSeed();
        if (!usesExternalIssuer(env)) {
          sandbox = await startSandbox({ port: sandboxPort, clients: clientsAllowing(seed.clients, origin), log: sandboxLog });
        }
        const { username, password } = seed.credentials;
        const issuer = issuerSettings(env, sandbox?.origin, { username, password });
        return {
          distDir,
          issuer,
          // The sandbox's frame URL is known in advance: the frame loads while the token is fetched.
          ...(sandbox ? { frameUrl: `${sandbox.origin}${FRAME_PATH}?key=${encodeURIComponent(issuer.key)}` } : {}),
          log,
          ...(audit ? { audit } : {}),
        };
      },
    });
    return {
      url: `${host.origin}/`,
      hostOrigin: host.origin,
      sandboxOrigin: sandbox?.origin,
      cspReports: host.cspReports,
      async close() {
        await Promise.all([host.close(), sandbox?.close()]);
      },
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
