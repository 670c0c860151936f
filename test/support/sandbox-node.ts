// Node-side helpers for the sandbox tests: start a real sandbox on a free
// port with its log lines captured, and call its API.
import { basicAuthorization } from '../../sandbox/auth.js';
import { loadSeed } from '../../sandbox/seed.js';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../sandbox/server.js';

export const DEMO = loadSeed({}).credentials;
export const DEMO_AUTH = basicAuthorization(DEMO.username, DEMO.password);

export interface TestSandbox extends RunningSandbox {
  /** Every log line so far. */
  logs: string[];
  /** POST /pincontrol/v2/plastic/{plasticId}; every part overridable. */
  mint(plasticId: string, scope: unknown, options?: MintOptions): Promise<Response>;
  /** Mints and returns the id, failing the test unless the answer is 201. */
  mintId(plasticId: string, scope: 'VIEW_PIN' | 'SET_PIN'): Promise<string>;
  /** POST to the frame page's own API, as its script does. */
  frameApi(action: 'check' | 'view' | 'set', body: unknown): Promise<Response>;
}

export interface MintOptions {
  authorization?: string | null;
  contentType?: string | null;
  auditUser?: string | null;
  body?: string;
}

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const logs: string[] = [];
  const sandbox = await startSandbox({ port: 0, log: (line) => logs.push(line), ...options });
  const mint = (plasticId: string, scope: unknown, opts: MintOptions = {}) => {
    const headers: Record<string, string> = {};
    const authorization = opts.authorization === undefined ? DEMO_AUTH : opts.authorization;
    if (authorization !== null) headers.Authorization = authorization;
    const contentType = opts.contentType === undefined ? 'application/json' : opts.contentType;
    if (contentType !== null) headers['Content-Type'] = contentType;
    const auditUser = opts.auditUser === undefined ? 'test-runner' : opts.auditUser;
    const query = auditUser === null ? '' : `?auditUser=${encodeURIComponent(auditUser)}`;
    return fetch(`${sandbox.origin}/pincontrol/v2/plastic/${plasticId}${query}`, {
      method: 'POST',
      headers,
      body: opts.body ?? JSON.stringify({ scope }),
    });
  };
  return {
    ...sandbox,
    logs,
    mint,
    async mintId(plasticId, scope) {
      const response = await mint(plasticId, scope);
      if (response.status !== 201) throw new Error(`mint answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    frameApi: (action, body) =>
      fetch(`${sandbox.origin}/pincontrol/v2/frame/api/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

/** Seed plastics (sandbox/seed.json). */
export const PRODUCED = '1000000000000001';
export const PRODUCED_PIN = '4821';
export const NOT_PRODUCED = '2000000000000001';
export const ALSO_NOT_PRODUCED = '2000000000000002';
