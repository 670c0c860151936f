// Shared fakes for the token helper's tests (test/node/server/).
import { createIssuerClient, type IssuerClientOptions } from '../../src/server/index.js';

export const CONTROL_ID = 'ctl_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const FRAME_URL = 'https://pin.issuer.example/pincontrol/v2/frame';
export const PAGE_ORIGIN = 'https://bank.example';

export interface FetchCall {
  url: string;
  init: RequestInit;
}

/** A fetch that records its calls and answers with `respond`. */
export function fakeFetch(respond: (call: FetchCall) => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    return respond(call);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A JSON (or raw text) answer from the issuer. */
export function issuerReply(
  status: number,
  body: unknown = { id: CONTROL_ID, pinURL: 'https://pin.issuer.example/pincontrol/v2/webview', pinFrameURL: FRAME_URL },
): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json' } });
}

/** A fetch that never answers; it rejects only when its signal aborts. */
export function hangingFetch() {
  return fakeFetch(
    ({ init }) =>
      new Promise<Response>((_, reject) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as fetch does: it rejects with the signal's reason
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
      }),
  );
}

export function testClient(fetch: typeof globalThis.fetch, overrides: Partial<IssuerClientOptions> = {}) {
  return createIssuerClient({
    baseUrl: 'https://api.issuer.example',
    credentials: { username: 'bank-backend', password: 'open sesame' },
    fetch,
    ...overrides,
  });
}

export interface TokenRequestInit {
  method?: string;
  headers?: Record<string, string | null>;
  body?: string | null;
}

/** The headers a browser's token request from the page carries (no session cookie). */
export const BROWSER_TOKEN_HEADERS = {
  origin: PAGE_ORIGIN,
  'x-requested-with': 'pin-control',
  'content-type': 'application/json',
  'sec-fetch-site': 'same-origin',
} as const;

/** A browser request to the token endpoint: valid unless overridden (`null` removes a header). */
export function tokenRequest({ method = 'POST', headers = {}, body = '{"scope":"VIEW_PIN"}' }: TokenRequestInit = {}): Request {
  const merged: Record<string, string | null> = {
    ...BROWSER_TOKEN_HEADERS,
    cookie: 'session=s3cr3t-session-cookie',
    ...headers,
  };
  const finalHeaders = new Headers();
  for (const [name, value] of Object.entries(merged)) if (value !== null) finalHeaders.set(name, value);
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== null;
  return new Request('https://bank.example/api/pin-control/token', {
    method,
    headers: finalHeaders,
    body: hasBody ? body : null,
  });
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

/** Replaces console.* with collectors; call `restore()` afterwards. */
export function captureConsole() {
  const lines: string[] = [];
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const originals = methods.map((name) => [name, console[name]] as const);
  for (const name of methods) {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspectable(arg))).join(' '));
    };
  }
  return {
    lines,
    restore() {
      for (const [name, original] of originals) console[name] = original;
    },
  };
}

function inspectable(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${JSON.stringify(value)} ${String(value.stack)}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number; upstreamStatus?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

export async function readJson(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}
