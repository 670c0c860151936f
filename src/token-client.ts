// Gets a control id from the integrator's endpoint (or its tokenProvider),
// with a timeout, a size cap and schema validation. Never throws: every
// failure is a stable code with a reason (why), the HTTP status when there was
// one, and a wait when the endpoint named one. The classification is pure.
import { DEV_MODE } from './dev-mode.js';
import { hintRefusal } from './dev-hints.js';
import type { TokenErrorCode, TokenFailureReason } from './events.js';
import { readBodyText } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import { MAX_TOKEN_RESPONSE_BYTES, parseTokenResponse, type Scope, type TokenResponse } from './protocol.js';

/**
 * `({scope, signal}) => {id, pinFrameURL}`. When it fails, it may throw an
 * error that says why: `status` (the HTTP status your endpoint answered) and,
 * for 429, `retryAfter` (seconds, or the `Retry-After` header's text), e.g.
 * `Object.assign(new Error('token'), {status: res.status, retryAfter: res.headers.get('retry-after')})`.
 * An error with a `response` holding `status` and `headers` (ky's HTTPError,
 * axios's error) is read the same way. Anything else thrown counts as `network`.
 */
export type TokenProvider = (request: { scope: Scope; signal: AbortSignal }) => Promise<TokenResponse> | TokenResponse;

/** A failed token request: what (`code`), why (`reason`), the status and the wait when known. */
export interface TokenFailure {
  code: TokenErrorCode;
  reason: TokenFailureReason;
  status?: number;
  retryAfter?: number;
}

/**
 * A failed token request's fields for pin-control-error's detail: reason, and
 * status and wait only when known (a failure never holds them as undefined).
 */
export const tokenFailure = ({ ok: _ok, code: _code, ...fields }: TokenFailure & { ok?: false }) => fields;

export type TokenResult = { ok: true; token: TokenResponse } | ({ ok: false } & TokenFailure) | { ok: false; code: 'aborted' };

export interface TokenRequest {
  scope: Scope;
  /** Aborts everything (disconnect, restart). */
  signal: AbortSignal;
  timeoutMs: number;
  url?: string | null | undefined;
  provider?: TokenProvider | null | undefined;
  fetch?: typeof fetch;
  /** The clock for an HTTP-date `Retry-After` (default `Date.now`). */
  now?: () => number;
}

/** The wait assumed when a 429 names none. */
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 10;

const REASON_BY_STATUS: Record<number, TokenFailureReason> = {
  401: 'unauthorized',
  403: 'forbidden',
  409: 'conflict',
  429: 'rate-limited',
  408: 'timeout',
  504: 'timeout',
};

/**
 * Why a non-2xx answer failed, from its status alone. Any other status is
 * `unavailable`: 5xx, and a 4xx the element never causes itself (404, 405,
 * 400…: a wrong token-url or endpoint; the status in the detail says which).
 */
export const reasonForStatus = (status: number): TokenFailureReason => REASON_BY_STATUS[status] ?? 'unavailable';

/**
 * A non-2xx answer as a failure. `retryAfter` comes from the `Retry-After`
 * value for 429 (else {@link DEFAULT_RATE_LIMIT_WAIT_SECONDS}) and for any other
 * `unavailable` answer that sent one.
 */
export function failureForStatus(status: number, retryAfter?: string | number | null, now: number = Date.now()): TokenFailure {
  const reason = reasonForStatus(status);
  const failure: TokenFailure = { code: 'token-request-failed', reason, status };
  const wait = typeof retryAfter === 'number' ? parseRetryAfter(String(Math.ceil(retryAfter)), now) : parseRetryAfter(retryAfter, now);
  if (reason === 'rate-limited') failure.retryAfter = wait ?? DEFAULT_RATE_LIMIT_WAIT_SECONDS;
  else if (reason === 'unavailable' && wait !== undefined) failure.retryAfter = wait;
  return failure;
}

/**
 * What a `tokenProvider`'s throw means: an HTTP status when the error carries
 * one (its own `status`/`retryAfter`, or a `response` with `status`/`headers`),
 * `timeout` for a `TimeoutError`, otherwise `network`.
 */
export function failureForThrown(error: unknown, now: number = Date.now()): TokenFailure {
  const own = error as { status?: unknown; retryAfter?: unknown; name?: unknown; response?: unknown } | null;
  if (own && typeof own === 'object') {
    if (isErrorStatus(own.status)) return failureForStatus(own.status, retryAfterOf(own.retryAfter), now);
    const response = own.response as { status?: unknown; headers?: unknown } | null | undefined;
    if (response && typeof response === 'object' && isErrorStatus(response.status)) {
      return failureForStatus(response.status, headerOf(response.headers, 'retry-after'), now);
    }
    if (own.name === 'TimeoutError') return { code: 'token-request-failed', reason: 'timeout' };
  }
  return { code: 'token-request-failed', reason: 'network' };
}

/**
 * The element's retry rule: may a retry succeed? Never for `unauthorized`
 * (sign in first), `forbidden` (this page may not ask) or `conflict` (the card
 * is in the wrong state); `rate-limited` only after `retryAfter`; the rest
 * (`unavailable`, `network`, `timeout`, `invalid-response`) at once, or after
 * `retryAfter` when the server named one.
 */
export function mayRetry(reason: TokenFailureReason): boolean {
  return reason !== 'unauthorized' && reason !== 'forbidden' && reason !== 'conflict';
}

const isErrorStatus = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 300 && value <= 599;

function retryAfterOf(value: unknown): string | number | undefined {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  const value: unknown = typeof get === 'function' ? get.call(headers, name) : (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A failure met while reading the endpoint's answer (thrown inside obtain()). */
class TokenError extends Error {
  constructor(readonly failure: TokenFailure) {
    super(failure.code);
  }
}

export async function requestToken(request: TokenRequest): Promise<TokenResult> {
  const { signal } = request;
  const now = request.now ?? Date.now;
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
    const { data, status } = await Promise.race([obtain(request, controller.signal, now), aborted]);
    const token = parseTokenResponse(data);
    if (token) return { ok: true, token };
    return { ok: false, code: 'token-response-invalid', reason: 'invalid-response', ...(status === undefined ? {} : { status }) };
  } catch (error) {
    if (signal.aborted) return { ok: false, code: 'aborted' };
    if (timedOut) return { ok: false, code: 'token-timeout', reason: 'timeout' };
    if (error instanceof TokenError) return { ok: false, ...error.failure };
    // The provider threw (the URL path throws TokenError or a fetch TypeError).
    return { ok: false, ...(request.provider ? failureForThrown(error, now()) : { code: 'token-request-failed', reason: 'network' }) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

async function obtain(request: TokenRequest, signal: AbortSignal, now: () => number): Promise<{ data: unknown; status?: number }> {
  if (request.provider) return { data: await request.provider({ scope: request.scope, signal }) };
  if (!request.url) throw new TokenError({ code: 'token-request-failed', reason: 'unavailable' });
  const response = await (request.fetch ?? fetch)(request.url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope: request.scope }),
    cache: 'no-store',
    signal,
  });
  const { status } = response;
  if (!response.ok) {
    // The body is not read: the element has no use for it, whatever it says
    // (the development build prints pin-control/server's reason).
    await (DEV_MODE ? hintRefusal(request.url, response) : response.body?.cancel().catch(() => {}));
    throw new TokenError(failureForStatus(status, response.headers.get('retry-after'), now()));
  }
  const text = await readCapped(response, MAX_TOKEN_RESPONSE_BYTES);
  try {
    return { data: JSON.parse(text) as unknown, status };
  } catch {
    throw invalidAnswer(status);
  }
}

// Made only when it is thrown: an Error captures a stack, which a good answer need not pay for.
const invalidAnswer = (status: number) => new TokenError({ code: 'token-response-invalid', reason: 'invalid-response', status });

/** Reads a body as text, refusing it once it passes `max` bytes (declared or read). */
async function readCapped(response: Response, max: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => {});
    throw invalidAnswer(response.status);
  }
  const body = await readBodyText(response.body, max);
  if (!body.ok) throw invalidAnswer(response.status);
  return body.text;
}
