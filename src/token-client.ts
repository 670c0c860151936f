// Gets a control id from the integrator's endpoint (or its tokenProvider),
// with a timeout, a size cap and schema validation. Never throws: every
// failure is a stable code.
import { readBodyText } from './read-body.js';
import { MAX_TOKEN_RESPONSE_BYTES, parseTokenResponse, type Scope, type TokenResponse } from './protocol.js';

export type TokenProvider = (request: { scope: Scope; signal: AbortSignal }) => Promise<TokenResponse> | TokenResponse;

export type TokenResult =
  | { ok: true; token: TokenResponse }
  | { ok: false; code: 'token-request-failed' | 'token-response-invalid' | 'token-timeout' }
  | { ok: false; code: 'aborted' };

export interface TokenRequest {
  scope: Scope;
  /** Aborts everything (disconnect, restart). */
  signal: AbortSignal;
  timeoutMs: number;
  url?: string | null | undefined;
  provider?: TokenProvider | null | undefined;
  fetch?: typeof fetch;
}

class TokenError extends Error {
  constructor(readonly code: 'token-request-failed' | 'token-response-invalid') {
    super(code);
  }
}

export async function requestToken(request: TokenRequest): Promise<TokenResult> {
  const { signal } = request;
  if (signal.aborted) return { ok: false, code: 'aborted' };
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  // A provider that ignores its signal is raced against it.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
  );
  aborted.catch(() => {});
  try {
    const data = await Promise.race([obtain(request, controller.signal), aborted]);
    const token = parseTokenResponse(data);
    return token ? { ok: true, token } : { ok: false, code: 'token-response-invalid' };
  } catch (error) {
    if (signal.aborted) return { ok: false, code: 'aborted' };
    if (timedOut) return { ok: false, code: 'token-timeout' };
    return { ok: false, code: error instanceof TokenError ? error.code : 'token-request-failed' };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

async function obtain(request: TokenRequest, signal: AbortSignal): Promise<unknown> {
  if (request.provider) return request.provider({ scope: request.scope, signal });
  if (!request.url) throw new TokenError('token-request-failed');
  const response = await (request.fetch ?? fetch)(request.url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope: request.scope }),
    cache: 'no-store',
    signal,
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new TokenError('token-request-failed');
  }
  const text = await readCapped(response, MAX_TOKEN_RESPONSE_BYTES);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TokenError('token-response-invalid');
  }
}

/** Reads a body as text, refusing it once it passes `max` bytes (declared or read). */
async function readCapped(response: Response, max: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => {});
    throw new TokenError('token-response-invalid');
  }
  const body = await readBodyText(response.body, max);
  if (!body.ok) throw new TokenError('token-response-invalid');
  return body.text;
}
