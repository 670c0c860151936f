// The browser-facing token endpoint as a web-standard handler (Request →
// Response): the same function serves Node, Next.js route handlers, Hono, Deno
// and workers. The browser asks for a scope; the plastic and the audit user
// come from the server's own session; the answer is only {id, pinFrameURL}.
//
// Every check and decision lives in one core (`createTokenCore`), which reads
// a request through two small functions (its head, a bounded body read) and
// answers a plain record. `createTokenHandler` is the core over Fetch's
// Request/Response; `createNodeTokenHandler` (node-handler.ts) the same core
// over Node's IncomingMessage/ServerResponse, without building web objects.
import { consoleAudit, sessionLabel, type AuditRecord } from './audit.js';
import { isPinControlServerError, PinControlServerError } from './errors.js';
import type { IssuerClient } from './issuer-client.js';
import { rateLimitSettings, type RateLimitDecision, type RateLimitOptions } from './rate-limit.js';
import {
  checkContentType,
  checkCrossSiteProtections,
  checkDeclaredLength,
  checkMethod,
  MAX_BODY_BYTES,
  tooLarge,
  type Refusal,
  type RequestHead,
} from './request-checks.js';
import { MAX_RETRY_AFTER_SECONDS } from '../retry-after.js';
import type { BodyText } from '../read-body.js';
import { readRequestText } from './request-body.js';
import { errorAnswer, jsonAnswer, toResponse, type Answer } from './responses.js';
import type { Scope } from '../scope.js';
import { sha256Hex } from './session-hash.js';
import { parseTokenRequest } from './token-request.js';

/** What the integrator's session says about the signed-in caller. */
export interface TokenSession {
  /** Identifies the session for rate limiting; only a hash of it is audited. */
  sessionId: string;
  /** The caller's own card, decided server side (never taken from the request). */
  plasticId: string | bigint;
  /** Who is asking, for the issuer's audit log. */
  auditUser: string;
}

/** `R` is the request type the adapter hands to `getSession`: a Fetch `Request` for `createTokenHandler`. */
export interface TokenHandlerOptions<R = Request> {
  /** The issuer client (or anything with the same `requestControlId`). */
  client: Pick<IssuerClient, 'requestControlId'>;
  /** Exact origins allowed to call, e.g. `['https://bank.example']`. No wildcards. */
  allowedOrigins: readonly string[];
  /** Resolves the caller's session from the request (cookies, headers); `null` when signed out. Must not read the body. */
  getSession: (request: R) => Promise<TokenSession | null> | TokenSession | null;
  /**
   * Per-session limit: `{store?, limit?, windowMs?, failOpen?}`, default 10
   * requests a minute counted in this process's memory. Behind several
   * instances pass a shared store, e.g. `createRedisRateLimitStore` from
   * `pin-control/server/redis`. A store that fails answers 503
   * `rate-limit-unavailable` unless `failOpen: true`.
   */
  rateLimit?: RateLimitOptions;
  /** Receives one record per request (default: a JSON line via `console.info`). */
  audit?: (record: AuditRecord) => void;
  /** The custom header the element sends, `[name, value]` (default `['x-requested-with', 'pin-control']`). */
  requiredHeader?: readonly [string, string];
  /** The clock, epoch ms (default `Date.now`); used by the audit and the default in-memory rate-limit store. */
  now?: () => number;
}

const OPTION_KEYS = new Set(['client', 'allowedOrigins', 'getSession', 'rateLimit', 'audit', 'requiredHeader', 'now']);
const DEFAULT_REQUIRED_HEADER = ['x-requested-with', 'pin-control'] as const;
/** Session-id hashes kept per handler (the oldest is dropped beyond). */
const SESSION_HASH_CACHE_SIZE = 1024;
/** How long the browser is asked to wait when the rate-limit store is down. */
const STORE_DOWN_RETRY_AFTER_SECONDS = 5;

/**
 * What the browser is told for each upstream failure: the status and our own
 * code (see PinControlServerError), a fixed message that names nothing of our
 * configuration, and `Retry-After` when a wait is known. Nothing the issuer
 * sent (body, headers, id) is passed on.
 */
const PUBLIC_UPSTREAM_MESSAGES: Record<number, string> = {
  502: 'The card service failed.',
  503: 'The card service is unavailable; try again later.',
  504: 'The card service did not answer in time.',
};

/** The issuer's 409 says the card is in the wrong state for the scope: named per scope, so the page can say which. */
const CONFLICT_BY_SCOPE: Record<Scope, { code: string; message: string }> = {
  SET_PIN: { code: 'pin-not-settable', message: "This card's PIN cannot be set in its current state." },
  VIEW_PIN: { code: 'pin-not-viewable', message: "This card's PIN cannot be shown in its current state." },
};

/**
 * What the endpoint takes: a Fetch `Request`, or the event a framework hands a
 * route, which carries it as `request` (SvelteKit, Astro, SolidStart) or as
 * `req` (h3 2). Handed such an event, the endpoint once read no method on it
 * and answered every POST with 405 "Use POST.".
 */
export type TokenHandlerInput = Request | { readonly request: Request } | { readonly req: Request };

/** What the endpoint reads of a Request: an h3 1 event has a method and headers, but no body to read. */
const isRequest = (value: unknown): value is Request =>
  typeof (value as Request | undefined)?.method === 'string' &&
  typeof (value as Request).headers?.get === 'function' &&
  typeof (value as Request).arrayBuffer === 'function';

function requestOf(input: TokenHandlerInput): Request {
  if (isRequest(input)) return input;
  const carried = (input as { request?: unknown } | null)?.request ?? (input as { req?: unknown } | null)?.req;
  if (isRequest(carried)) return carried;
  throw new PinControlServerError(
    'invalid-config',
    `The token handler takes a Fetch Request, or an event that carries one as request or req; ${whatItGot(input)}`,
  );
}

/** The wiring mistakes seen in real apps, each with its one-line fix. */
function whatItGot(input: unknown): string {
  const value = input as { node?: { req?: unknown }; req?: { raw?: unknown }; rawHeaders?: unknown } | null;
  if (value?.node?.req) return 'it got an h3 1 event (Nuxt, Nitro 2): pass tokenHandler(toWebRequest(event)).';
  if (isRequest(value?.req?.raw)) return "it got Hono's context: pass tokenHandler(c.req.raw).";
  if (Array.isArray(value?.rawHeaders)) return "it got Node's IncomingMessage: use createNodeTokenHandler from pin-control/server.";
  return `it got ${value === null ? 'null' : typeof value}.`;
}

/**
 * Creates the token endpoint: `(request: Request) => Promise<Response>`, which
 * also takes a route event that carries the request (`TokenHandlerInput`), so
 * `export const POST = tokenHandler` works in SvelteKit as in Next.js, and
 * `app.post(path, tokenHandler)` in h3 2.
 *
 * Answers 200 `{id, pinFrameURL}` to a same-site POST of `{"scope": "VIEW_PIN" |
 * "SET_PIN"}` from an allowed origin with the custom header and a session;
 * otherwise a coded `{error: {code, message}}` with 400, 401, 403, 405, 409,
 * 413, 415, 429, 500, 502, 503 or 504 (README: "Errors the token endpoint
 * answers" lists each code). 429 (this session's limit) and 503 from the
 * issuer's own limit carry `Retry-After`. Every answer has `Cache-Control: no-store`.
 * Throws `PinControlServerError` (`invalid-config`) for every bad option; the
 * handler rejects with one only when handed something else than a request,
 * naming the fix (an h3 1 event: `toWebRequest(event)`).
 */
export function createTokenHandler(options: TokenHandlerOptions): (input: TokenHandlerInput) => Promise<Response> {
  const core = createTokenCore<Request>(options, {
    name: 'createTokenHandler',
    // A Request is its own head: `method` and `headers.get` as the checks read them.
    head: (request) => request,
    readBody: readRequestText,
  });
  return async function handleTokenRequest(input: TokenHandlerInput): Promise<Response> {
    const request = requestOf(input);
    return toResponse(await core(request, () => request.signal?.aborted === true));
  };
}

/** How an adapter shows the core a request of its own type. */
export interface TokenRequestAdapter<R> {
  /** The factory's name, for configuration errors. */
  name: string;
  /** The method and the header values, with Fetch's semantics (see `RequestHead`). */
  head: (request: R) => RequestHead;
  /** The body as UTF-8 text, reading at most a little past `maxBytes`. */
  readBody: (request: R, maxBytes: number) => Promise<BodyText>;
}

/**
 * The token endpoint's checks and decisions, whatever the server's request
 * type: `(request, gone?) => Promise<Answer>`, where `gone()` says the client
 * has hung up. Never rejects: an unknown failure is a 500 `internal-error`
 * answer. Throws `PinControlServerError`
 * (`invalid-config`) for every bad option.
 */
export function createTokenCore<R>(
  options: TokenHandlerOptions<R>,
  adapter: TokenRequestAdapter<R>,
): (request: R, gone?: () => boolean) => Promise<Answer> {
  const factory = adapter.name;
  if (options === null || typeof options !== 'object') {
    throw new PinControlServerError('invalid-config', `${factory} needs an options object.`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new PinControlServerError('invalid-config', `${factory} has no option ${JSON.stringify(key)}.`);
    }
  }
  const { client, getSession, audit = consoleAudit, now = Date.now } = options;
  if (typeof client?.requestControlId !== 'function' || typeof getSession !== 'function') {
    throw new PinControlServerError('invalid-config', `${factory} needs a client and a getSession callback.`);
  }
  if (typeof audit !== 'function') throw new PinControlServerError('invalid-config', 'audit must be a function.');
  if (typeof now !== 'function') throw new PinControlServerError('invalid-config', 'now must be a function returning epoch ms.');
  const allowedOrigins = parseAllowedOrigins(options.allowedOrigins);
  const requiredHeader = parseRequiredHeader(options.requiredHeader ?? DEFAULT_REQUIRED_HEADER);
  const rateLimit = rateLimitSettings(options.rateLimit, now);
  // The hashes of recently seen session ids: a session asks a few times in a
  // row (view, retry, set), and hashing is a good part of our own cost. Only
  // in this process's memory, which holds the ids anyway (the request's
  // cookie, the integrator's session store); never written anywhere.
  const sessionHashes = new Map<string, string>();
  const remember = (sessionId: string, hash: string) => {
    if (sessionHashes.size >= SESSION_HASH_CACHE_SIZE) sessionHashes.delete(sessionHashes.keys().next().value!);
    sessionHashes.set(sessionId, hash);
  };

  const { head, readBody } = adapter;

  return async function answerTokenRequest(request: R, gone: () => boolean = () => false): Promise<Answer> {
    const startedAt = now();
    const record: AuditRecord = {
      time: new Date(startedAt).toISOString(),
      event: 'pin-control.token',
      outcome: 'internal-error',
      status: 500,
      scope: null,
      session: null,
      durationMs: 0,
    };
    let response: Answer;
    try {
      response = await answer(request, record, gone);
    } catch {
      if (gone()) {
        response = clientGone(record); // e.g. a body that broke off: no server fault
      } else {
        // Unknown failures (a throwing getSession, a bug): nothing about them is echoed.
        response = errorAnswer(500, 'internal-error', 'The token could not be issued.');
        record.outcome = 'internal-error';
      }
    }
    record.status = response.status;
    record.durationMs = Math.max(0, now() - startedAt);
    writeAudit(audit, record);
    return response;
  };

  async function answer(request: R, record: AuditRecord, gone: () => boolean): Promise<Answer> {
    const refused = (refusal: Refusal): Answer => {
      record.outcome = refusal.code;
      return errorAnswer(refusal.status, refusal.code, refusal.message, refusal.headers);
    };

    const requestHead = head(request);
    const early =
      checkMethod(requestHead) ??
      checkCrossSiteProtections(requestHead, allowedOrigins, requiredHeader) ??
      checkContentType(requestHead) ??
      checkDeclaredLength(requestHead);
    if (early) return refused(early);

    const session = await getSession(request);
    if (!session) return refused({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    if (typeof session.sessionId !== 'string' || session.sessionId === '') {
      throw new Error('getSession returned a session without a sessionId');
    }
    // One hash of the id: all of it keys the limit, its start labels the audit.
    let sessionHash = sessionHashes.get(session.sessionId);
    if (sessionHash === undefined) {
      const hashed = sha256Hex(session.sessionId);
      sessionHash = typeof hashed === 'string' ? hashed : await hashed;
      remember(session.sessionId, sessionHash);
    }
    record.session = sessionLabel(sessionHash);

    const taken = takeRateLimit(sessionHash, record);
    const decision = taken instanceof Promise ? await taken : taken;
    if (decision === 'store-down') {
      return refused({
        status: 503,
        code: 'rate-limit-unavailable',
        message: 'The PIN service is busy; try again in a moment.',
        headers: { 'retry-after': String(STORE_DOWN_RETRY_AFTER_SECONDS) },
      });
    }
    if (!decision.allowed) {
      return refused({
        status: 429,
        code: 'rate-limited',
        message: 'Too many PIN requests; wait a moment.',
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      });
    }

    const body = await readBody(request, MAX_BODY_BYTES);
    if (!body.ok) {
      return refused(body.reason === 'too-large' ? tooLarge() : { status: 400, code: 'invalid-body', message: 'The body is not UTF-8.' });
    }
    const parsed = parseTokenRequest(body.text);
    if ('code' in parsed) return refused(parsed);
    record.scope = parsed.scope;

    // Nobody would receive the id: the issuer is not asked to mint one.
    if (gone()) return clientGone(record);
    return issue(session, parsed.scope, record);
  }

  /**
   * The store's decision, or `store-down` when it failed and the limit fails
   * closed. A synchronous store (the in-memory one) is answered without a
   * promise: one await fewer per request.
   */
  type Taken = RateLimitDecision | 'store-down';
  function takeRateLimit(sessionHash: string, record: AuditRecord): Taken | Promise<Taken> {
    let taken: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      taken = rateLimit.store.take(sessionHash, rateLimit.limit, rateLimit.windowMs);
    } catch {
      return storeFailed(record);
    }
    if (typeof (taken as Partial<PromiseLike<unknown>> | null)?.then === 'function') {
      return Promise.resolve(taken).then(
        (decision) => decided(decision, record),
        () => storeFailed(record),
      );
    }
    return decided(taken as RateLimitDecision, record);
  }

  function storeFailed(record: AuditRecord): Taken {
    // Nothing of the store's error is kept: it could name hosts or keys.
    if (!rateLimit.failOpen) return 'store-down';
    record.rateLimit = 'store-unavailable';
    return { allowed: true, remaining: 0 };
  }

  function decided(decision: RateLimitDecision, record: AuditRecord): Taken {
    let allowed: unknown;
    try {
      allowed = decision?.allowed;
    } catch {
      return storeFailed(record);
    }
    if (allowed !== true && allowed !== false) return storeFailed(record);
    if (allowed) return decision;
    const wait = Number((decision as { retryAfterSeconds: unknown }).retryAfterSeconds);
    const retryAfterSeconds = Number.isFinite(wait) ? Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(wait))) : 1;
    return { allowed: false, retryAfterSeconds };
  }

  async function issue(session: TokenSession, scope: Scope, record: AuditRecord): Promise<Answer> {
    try {
      const { id, pinFrameURL } = await client.requestControlId({
        plasticId: session.plasticId,
        scope,
        auditUser: session.auditUser,
      });
      record.outcome = 'issued';
      return jsonAnswer(200, { id, pinFrameURL });
    } catch (error) {
      if (!isPinControlServerError(error)) throw error;
      if (error.upstreamStatus !== undefined) record.upstreamStatus = error.upstreamStatus;
      if (error.code === 'upstream-conflict') {
        const conflict = CONFLICT_BY_SCOPE[scope];
        record.outcome = conflict.code;
        return errorAnswer(409, conflict.code, conflict.message);
      }
      record.outcome = error.code;
      const publicMessage = PUBLIC_UPSTREAM_MESSAGES[error.status];
      if (!error.code.startsWith('upstream-') || publicMessage === undefined) {
        // invalid-plastic-id and friends: the session's data is wrong; a server fault.
        return errorAnswer(500, 'internal-error', 'The token could not be issued.');
      }
      const wait = error.retryAfterSeconds;
      const headers =
        typeof wait === 'number' && Number.isFinite(wait)
          ? { 'retry-after': String(Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(wait)))) }
          : undefined;
      return errorAnswer(error.status, error.code, publicMessage, headers);
    }
  }
}

/**
 * The client hung up before its answer: 499 (the status nginx logs for it),
 * which nobody reads; the audit says `client-gone`, not a server fault.
 */
function clientGone(record: AuditRecord): Answer {
  record.outcome = 'client-gone';
  return errorAnswer(499, 'client-gone', 'The client closed the request before it was answered.');
}

function parseAllowedOrigins(origins: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new PinControlServerError('invalid-config', 'allowedOrigins needs at least one origin.');
  }
  // Array.isArray above narrows `origins` to any[]: restore the declared type.
  for (const origin of origins as readonly string[]) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    // Exactly scheme://host[:port], as browsers send it: no path, no trailing slash, no "null".
    if (parsed !== origin || parsed === 'null') {
      throw new PinControlServerError(
        'invalid-config',
        `allowedOrigins: ${JSON.stringify(origin)} is not an origin like https://bank.example.`,
      );
    }
  }
  return new Set(origins);
}

// RFC 9110 field-name (a token) and a field value without control characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

function parseRequiredHeader(header: readonly [string, string]): readonly [string, string] {
  if (!Array.isArray(header) || header.length !== 2) {
    throw new PinControlServerError('invalid-config', 'requiredHeader must be [name, value].');
  }
  const [name, value] = header as unknown[];
  if (typeof name !== 'string' || !HEADER_NAME.test(name) || typeof value !== 'string' || !HEADER_VALUE.test(value)) {
    throw new PinControlServerError('invalid-config', 'requiredHeader needs a header name (a token) and a visible ASCII value.');
  }
  return [name.toLowerCase(), value];
}

function writeAudit(audit: (record: AuditRecord) => void, record: AuditRecord): void {
  try {
    audit({ ...record });
  } catch {
    // A failing audit sink must not turn an answer into a crash; it says nothing secret either.
    console.error('pin-control: the audit callback threw');
  }
}
