// web-test-runner plugin: starts the real servers the browser tests talk to
// (two sandboxes: control ids living 30 s and SHORT_TTL_MS), and adds test
// endpoints to the test host that mint ids server-side, as an integrator's
// backend would, so that no credential reaches the browser.
import type { IncomingMessage } from 'node:http';
import type { TestRunnerPlugin } from '@web/test-runner';
import { basicAuthorization } from '../../sandbox/auth.js';
import { loadSeed, type Seed } from '../../sandbox/seed.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { SANDBOX_PORT, SHORT_TTL_MS, SHORT_TTL_SANDBOX_PORT, TEST_HOST_ORIGIN } from './env.js';
import {
  FOCUS_PAGE_COMMAND,
  FOREIGN_KEY,
  FOREIGN_ORIGIN,
  TEST_KEY,
  TOKEN_ENDPOINT,
  VIEW_PIN_ENDPOINT,
  type SandboxName,
} from './sandbox-fixtures.js';
export { TEST_HOST_PORT } from './env.js';

/** Plastics not yet produced, one per set test: a set makes a plastic produced. */
const FRESH_PLASTICS = 500;
const FRESH_PLASTIC_BASE = 3_000_000_000_000_000n;

/** The bundled seed plus many fresh plastics, and client keys for the test host. */
export function testSeed(hostOrigin: string = TEST_HOST_ORIGIN): Seed {
  const seed = loadSeed({});
  const fresh = Array.from({ length: FRESH_PLASTICS }, (_, n) => ({ plasticId: String(FRESH_PLASTIC_BASE + BigInt(n)) }));
  return {
    ...seed,
    plastics: [...seed.plastics, ...fresh],
    clients: [
      { key: TEST_KEY, origins: [hostOrigin] },
      { key: FOREIGN_KEY, origins: [FOREIGN_ORIGIN] },
    ],
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 4096) break;
  }
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface Answer {
  status: number;
  body: unknown;
}

/** The test host's side: mints ids and reads PINs back, server-side. */
export class TestTokenService {
  readonly #origins: Record<SandboxName, string>;
  readonly #authorization: string;
  #nextFreshPlastic = 0;

  constructor(origins: Record<SandboxName, string>, seed: Seed) {
    this.#origins = origins;
    this.#authorization = basicAuthorization(seed.credentials.username, seed.credentials.password);
  }

  #origin(name: unknown): string {
    return this.#origins[name === 'short' ? 'short' : 'main'];
  }

  async mint(scope: unknown, plasticId: unknown, sandbox: unknown): Promise<Answer> {
    const plastic =
      typeof plasticId === 'string'
        ? plasticId
        : scope === 'SET_PIN'
          ? String(FRESH_PLASTIC_BASE + BigInt(this.#nextFreshPlastic++))
          : '1000000000000001';
    const response = await fetch(`${this.#origin(sandbox)}/pincontrol/v2/plastic/${plastic}?auditUser=wtr`, {
      method: 'POST',
      headers: { Authorization: this.#authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ scope }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, body: response.ok ? { ...body, plasticId: plastic } : body };
  }

  async viewPin(plasticId: unknown, sandbox: unknown): Promise<Answer> {
    const token = await this.mint('VIEW_PIN', plasticId, sandbox);
    if (token.status !== 201) return token;
    const { id } = token.body as { id: string };
    const response = await fetch(`${this.#origin(sandbox)}/pincontrol/v2/frame/api/view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ controlId: id }),
    });
    return { status: response.status, body: await response.json() };
  }
}

export function testServersPlugin(): TestRunnerPlugin {
  let sandboxes: RunningSandbox[] = [];
  let tokens: TestTokenService | undefined;
  return {
    name: 'pin-control-test-servers',
    async serverStart() {
      const seed = testSeed();
      const quiet = () => {};
      sandboxes = await Promise.all([
        startSandbox({ port: SANDBOX_PORT, seed, log: quiet }),
        startSandbox({ port: SHORT_TTL_SANDBOX_PORT, seed, tokenTtlMs: SHORT_TTL_MS, log: quiet }),
      ]);
      tokens = new TestTokenService({ main: sandboxes[0]!.origin, short: sandboxes[1]!.origin }, seed);
    },
    async serverStop() {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      sandboxes = [];
    },
    // `executeServerCommand(FOCUS_PAGE_COMMAND)`: brings the test's tab to the
    // front, so that the frame's own focus() reaches its input even while
    // another test file runs in a second tab.
    async executeCommand({ command, session }) {
      if (command !== FOCUS_PAGE_COMMAND) return undefined;
      const browser = session.browser as { getPage?: (id: string) => { bringToFront(): Promise<void> } };
      if (!browser.getPage) return false;
      await browser.getPage(session.id).bringToFront();
      return true;
    },
    // The test endpoints. (`serverStart`'s `app.use` would come after the file
    // server; a serve result is always a 200, so the answer is set on the
    // context directly, and nothing after this answers a POST.)
    async serve(ctx) {
      if (ctx.method !== 'POST' || (ctx.path !== TOKEN_ENDPOINT && ctx.path !== VIEW_PIN_ENDPOINT)) return undefined;
      if (!tokens) throw new Error('The test sandboxes are not running');
      const request = await readJson(ctx.req);
      const answer =
        ctx.path === TOKEN_ENDPOINT
          ? await tokens.mint(request.scope, request.plasticId, request.sandbox)
          : await tokens.viewPin(request.plasticId, request.sandbox);
      ctx.status = answer.status;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = answer.body;
      return undefined;
    },
  };
}
