// The browser-facing token endpoint as a web-standard handler (Request →
// Response): the same function serves Node, Next.js route handlers, Hono, Deno
// and workers. The browser asks for a scope; the plastic and the audit user
// come from the server's own session; the answer is only {id, pinFrameURL}.
import { consoleAudit, sessionLabel, type AuditRecord } from './audit.js';
import { isPinControlServerError, PinControlServerError } from './errors.js';
import type { IssuerClient } from './issuer-client.js';
import { createMemoryRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
import {
  checkContentType,
  checkCrossSiteProtections,
  checkDeclaredLength,
  checkMethod,
  MAX_BODY_BYTES,
  tooLarge,
  type Refusal,
} from './request-checks.js';
import { readBodyText } from '../read-body.js';
import { MAX_RETRY_AFTER_SECONDS } from '../retry-after.js';
import { errorResponse, jsonResponse } from './responses.js';
import type { Scope } from './scope.js';
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

export interface TokenHandlerOptions {
  /** The issuer client (or anything with the same `requestControlId`). */
  client: Pick<IssuerClient, 'requestControlId'>;
  /** Exact origins allowed to call, e.g. `['https://bank.example']`. No wildcards. */
  allowedOrigins: readonly string[];
  /** Resolves the caller's session from the request (cookies, headers); `null` when signed out. Must not read the body. */
  getSession: (request: Request) => Promise<TokenSession | null> | TokenSession | null;
  /**
   * Per-session limit, default 10 requests a minute. Pass `{max, windowMs}` for
   * the in-memory limiter, or your own `RateLimiter` (e.g. shared across instances).
   */
  rateLimit?: RateLimitOptions | RateLimiter;
  /** Receives one record per request (default: a JSON line via `console.info`). */
  audit?: (record: AuditRecord) => void;
  /** The custom header the element sends, `[name, value]` (default `['x-requested-with', 'pin-control']`). */
  requiredHeader?: readonly [string, string];
  /** The clock, epoch ms (default `Date.now`); used by the audit and the default rate limiter. */
  now?: () => number;
}

const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 10, windowMs: 60_000 };
const DEFAULT_REQUIRED_HEADER = ['x-requested-with', 'pin-control'] as const;

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
 * Creates the token endpoint: `(request: Request) => Promise<Response>`.
 *
 * Answers 200 `{id, pinFrameURL}` to a same-site POST of `{"scope": "VIEW_PIN" |
 * "SET_PIN"}` from an allowed origin with the custom header and a session;
 * otherwise a coded `{error: {code, message}}` with 400, 401, 403, 405, 409,
 * 413, 415, 429, 500, 502, 503 or 504 (README: "Errors the token endpoint
 * answers" lists each code). 429 (this session's limit) and 503 from the
 * issuer's own limit carry `Retry-After`. Every answer has `Cache-Control: no-store`.
 * Throws `PinControlServerError` (`invalid-config`) for bad options.
 */
export function createTokenHandler(options: TokenHandlerOptions): (request: Request) => Promise<Response> {
  const { client, getSession, audit = consoleAudit, now = Date.now } = options;
  if (typeof client?.requestControlId !== 'function' || typeof getSession !== 'function') {
    throw new PinControlServerError('invalid-config', 'createTokenHandler needs a client and a getSession callback.');
  }
  const allowedOrigins = parseAllowedOrigins(options.allowedOrigins);
  const requiredHeader = options.requiredHeader ?? DEFAULT_REQUIRED_HEADER;
  const limiter = toRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);

  return async function handleTokenRequest(request: Request): Promise<Response> {
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
    let response: Response;
    try {
      response = await answer(request, record);
    } catch {
      // Unknown failures (a throwing getSession, a bug): nothing about them is echoed.
      response = errorResponse(500, 'internal-error', 'The token could not be issued.');
      record.outcome = 'internal-error';
    }
    record.status = response.status;
    record.durationMs = Math.max(0, now() - startedAt);
    writeAudit(audit, record);
    return response;
  };

  async function answer(request: Request, record: AuditRecord): Promise<Response> {
    const refused = (refusal: Refusal): Response => {
      record.outcome = refusal.code;
      return errorResponse(refusal.status, refusal.code, refusal.message, refusal.headers);
    };

    const early =
      checkMethod(request) ??
      checkCrossSiteProtections(request, allowedOrigins, requiredHeader) ??
      checkContentType(request) ??
      checkDeclaredLength(request);
    if (early) return refused(early);

    const session = await getSession(request);
    if (!session) return refused({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    if (typeof session.sessionId !== 'string' || session.sessionId === '') {
      throw new Error('getSession returned a session without a sessionId');
    }
    record.session = await sessionLabel(session.sessionId);

    const decision = await limiter.take(session.sessionId);
    if (!decision.allowed) {
      return refused({
        status: 429,
        code: 'rate-limited',
        message: 'Too many PIN requests; wait a moment.',
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      });
    }

    const body = await readBodyText(request.body, MAX_BODY_BYTES);
    if (!body.ok) {
      return refused(body.reason === 'too-large' ? tooLarge() : { status: 400, code: 'invalid-body', message: 'The body is not UTF-8.' });
    }
    const parsed = parseTokenRequest(body.text);
    if ('code' in parsed) return refused(parsed);
    record.scope = parsed.scope;

    return issue(session, parsed.scope, record);
  }

  async function issue(session: TokenSession, scope: Scope, record: AuditRecord): Promise<Response> {
    try {
      const { id, pinFrameURL } = await client.requestControlId({
        plasticId: session.plasticId,
        scope,
        auditUser: session.auditUser,
      });
      record.outcome = 'issued';
      return jsonResponse(200, { id, pinFrameURL });
    } catch (error) {
      if (!isPinControlServerError(error)) throw error;
      if (error.upstreamStatus !== undefined) record.upstreamStatus = error.upstreamStatus;
      if (error.code === 'upstream-conflict') {
        const conflict = CONFLICT_BY_SCOPE[scope];
        record.outcome = conflict.code;
        return errorResponse(409, conflict.code, conflict.message);
      }
      record.outcome = error.code;
      const publicMessage = PUBLIC_UPSTREAM_MESSAGES[error.status];
      if (!error.code.startsWith('upstream-') || publicMessage === undefined) {
        // invalid-plastic-id and friends: the session's data is wrong; a server fault.
        return errorResponse(500, 'internal-error', 'The token could not be issued.');
      }
      const wait = error.retryAfterSeconds;
      const headers =
        typeof wait === 'number' && Number.isFinite(wait)
          ? { 'retry-after': String(Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(wait)))) }
          : undefined;
      return errorResponse(error.status, error.code, publicMessage, headers);
    }
  }
}

function parseAllowedOrigins(origins: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new PinControlServerError('invalid-config', 'allowedOrigins needs at least one origin.');
  }
  for (const origin of origins) {
    let parsed: string | undefined;
    try {
      parsed = new URL(origin).origin;
    } catch {
      parsed = undefined;
    }
    // Exactly scheme://host[:port], as browsers send it: no path, no trailing slash, no "null".
    if (parsed !== origin || parsed === 'null') {
      throw new PinControlServerError('invalid-config', `allowedOrigins: ${JSON.stringify(origin)} is not an origin like https://bank.example.`);
    }
  }
  return new Set(origins);
}

function toRateLimiter(option: RateLimitOptions | RateLimiter, now: () => number): RateLimiter {
  if ('take' in option && typeof option.take === 'function') return option;
  const { max, windowMs } = option as RateLimitOptions;
  return createMemoryRateLimiter({ max, windowMs, now });
}

function writeAudit(audit: (record: AuditRecord) => void, record: AuditRecord): void {
  try {
    audit({ ...record });
  } catch {
    // A failing audit sink must not turn an answer into a crash; it says nothing secret either.
    console.error('pin-control: the audit callback threw');
  }
}
