// The issuer's stage 1: mint a control id for one plastic. Server side only:
// the credentials never leave this module except in the Authorization header.
import { authorizationHeader, type IssuerCredentials } from './authorization.js';
import { parseIssuerBaseUrl } from './base-url.js';
import { PinControlServerError, type PinControlServerErrorCode } from './errors.js';
import { invalidFields, issuerResponseSchema, validIssuerResponse } from './issuer-response.js';
import { readBodyText } from '../read-body.js';
import { parseRetryAfter } from '../retry-after.js';
import { CONTROL_ID_LIFETIME_MS } from '../control-id.js';
import { isScope, type Scope } from '../scope.js';
import { CONTROL_CHARACTERS } from './control-characters.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** The wait passed on when the issuer answers 429 without a usable Retry-After. */
export const DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS = 10;
const MAX_RESPONSE_BYTES = 64 * 1024;
/** The upstream request's body per scope, built once. */
const SCOPE_BODIES: Record<Scope, string> = { VIEW_PIN: '{"scope":"VIEW_PIN"}', SET_PIN: '{"scope":"SET_PIN"}' };

export interface IssuerClientOptions {
  /** The issuer API base, e.g. `https://api.issuer.example`. `http:` only for localhost. */
  baseUrl: string;
  /** Basic (RFC 7617, UTF-8) or bearer credentials. Kept server side. */
  credentials: IssuerCredentials;
  /** The `key` agreed with the issuer; added to `pinFrameURL` when the issuer left it out. */
  key?: string;
  /** Abort the upstream call after this long (default 10 000 ms). */
  timeoutMs?: number;
  /** A fetch implementation (default `globalThis.fetch`); tests inject one. */
  fetch?: typeof fetch;
  /** The clock for `expiresAt` (default `Date.now`). */
  now?: () => number;
}

export interface ControlIdRequest {
  /** The card's plastic id: digits only (a big integer, so pass a string or bigint). */
  plasticId: string | bigint;
  scope: Scope;
  /** Who asked, for the issuer's audit log. */
  auditUser: string;
}

export interface ControlId {
  /** The control id: valid 30 s, single use. A secret: do not log it. */
  id: string;
  /** The desktop frame URL, with `key` when one is configured. */
  pinFrameURL: string;
  /** The mobile webview URL, when the issuer sent one. */
  pinURL: string | undefined;
  /** Epoch ms after which the id must be treated as expired (request time + 30 s). */
  expiresAt: number;
}

export interface IssuerClient {
  /** Mints a control id. Makes exactly one POST and never retries it. */
  requestControlId(request: ControlIdRequest): Promise<ControlId>;
}

/**
 * Creates a client for the issuer's PIN Control API
 * (`POST {baseUrl}/pincontrol/v2/plastic/{plasticId}?auditUser=…`).
 *
 * Checks the configuration at once and throws `PinControlServerError`
 * (`invalid-config`) for an `http:` base URL outside localhost, bad credentials,
 * an empty key or a bad timeout. Every failure of `requestControlId` is a
 * `PinControlServerError` whose message names no credential, id or upstream body.
 */
export function createIssuerClient(options: IssuerClientOptions): IssuerClient {
  const base = parseIssuerBaseUrl(options.baseUrl);
  const authorization = authorizationHeader(options.credentials);
  const key = options.key;
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    throw new PinControlServerError('invalid-config', 'The key must be a non-empty string when given.');
  }
  // `key=…` as URLSearchParams writes it, for a frame URL with no query to add it to.
  const keyQuery = key === undefined ? undefined : `?${new URLSearchParams([['key', key]]).toString()}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new PinControlServerError('invalid-config', 'timeoutMs must be a positive number.');
  }
  if (typeof (options.fetch ?? globalThis.fetch) !== 'function') {
    throw new PinControlServerError('invalid-config', 'No fetch implementation is available; pass one as `fetch`.');
  }
  // Called through globalThis: some runtimes (workers) refuse a detached fetch.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;

  async function requestControlId({ plasticId, scope, auditUser }: ControlIdRequest): Promise<ControlId> {
    const plastic = checkPlasticId(plasticId);
    if (!isScope(scope)) {
      throw new PinControlServerError('invalid-scope', 'The scope must be VIEW_PIN or SET_PIN.');
    }
    checkAuditUser(auditUser);

    const url = `${base}/pincontrol/v2/plastic/${plastic}?auditUser=${encodeURIComponent(auditUser)}`;
    const requestedAt = now();
    const deadline = new AbortController();
    // The answer and its body, read under one deadline: the timer aborts the
    // fetch and settles the call itself, even if the fetch ignores its signal.
    const exchange = async (): Promise<ControlId> => {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
        body: SCOPE_BODIES[scope],
        // A redirect would resend the POST (and maybe the credentials) elsewhere.
        redirect: 'manual',
        signal: deadline.signal,
      });
      if (response.status !== 201 && response.status !== 200) {
        // The body is not read: it must not end up in an error or a log.
        void response.body?.cancel().catch(() => {});
        throw errorForStatus(response.status, parseRetryAfter(response.headers.get('retry-after'), now()));
      }
      const body = await readBodyText(response.body, MAX_RESPONSE_BYTES);
      return toControlId(body.ok ? body.text : null, response.status, requestedAt, key, keyQuery);
    };
    return new Promise<ControlId>((resolve, reject) => {
      const timer = setTimeout(() => {
        deadline.abort();
        reject(new PinControlServerError('upstream-timeout', `The issuer did not answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      exchange().then(
        (controlId) => {
          clearTimeout(timer);
          resolve(controlId);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (error instanceof PinControlServerError) reject(error);
          else if (deadline.signal.aborted) {
            reject(new PinControlServerError('upstream-timeout', `The issuer did not answer within ${timeoutMs} ms.`));
          } else {
            reject(new PinControlServerError('upstream-unreachable', `Could not reach the issuer${networkErrorCode(error)}.`));
          }
        },
      );
    });
  }

  return { requestControlId };
}

function checkPlasticId(plasticId: string | bigint): string {
  const text = typeof plasticId === 'bigint' ? plasticId.toString() : plasticId;
  if (typeof text !== 'string' || !/^\d{1,40}$/.test(text)) {
    throw new PinControlServerError('invalid-plastic-id', 'The plastic id must be digits only (a string or a bigint).');
  }
  return text;
}

function checkAuditUser(auditUser: string): void {
  if (typeof auditUser !== 'string' || auditUser.trim() === '' || auditUser.length > 256 || CONTROL_CHARACTERS.test(auditUser)) {
    throw new PinControlServerError('invalid-audit-user', 'auditUser must be 1–256 characters without control characters.');
  }
}

/**
 * The issuer's refusal as a coded error. Only the status and a number read
 * from Retry-After are kept: no body, no other header.
 */
function errorForStatus(status: number, retryAfter: number | undefined): PinControlServerError {
  const [code, what] = describeStatus(status);
  let wait: number | undefined;
  if (code === 'upstream-rate-limited') wait = retryAfter ?? DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS;
  else if (code === 'upstream-unavailable') wait = retryAfter;
  return new PinControlServerError(code, `${what} (HTTP ${status}).`, status, wait);
}

function describeStatus(status: number): [PinControlServerErrorCode, string] {
  if (status === 401) return ['upstream-unauthorized', 'The issuer refused our credentials'];
  if (status === 403) return ['upstream-forbidden', 'The issuer refused our client this operation'];
  if (status === 404) return ['upstream-not-found', 'The issuer does not know this plastic or path'];
  if (status === 409) return ['upstream-conflict', 'The issuer refused this operation for the plastic in its current state'];
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    return ['upstream-bad-request', 'The issuer refused the request as malformed'];
  }
  if (status === 410) return ['upstream-gone', 'The issuer says this endpoint is gone'];
  if (status === 429) return ['upstream-rate-limited', 'The issuer is limiting our requests'];
  if (status === 502 || status === 503 || status === 504) return ['upstream-unavailable', 'The issuer is unavailable'];
  // 500, a redirect (status 0 or 3xx under redirect: 'manual'), anything else.
  return ['upstream-error', 'The issuer answered with an unexpected status'];
}

function toControlId(
  text: string | null,
  status: number,
  requestedAt: number,
  key: string | undefined,
  keyQuery: string | undefined,
): ControlId {
  let json: unknown;
  try {
    if (text === null) throw new Error('unreadable');
    json = JSON.parse(text);
  } catch {
    throw new PinControlServerError('upstream-response-invalid', 'The issuer answered with a body that is not JSON.', status);
  }
  // The common, valid answer takes the fast path (same rules, the frame URL
  // parsed once); anything else goes through the schema, which names the bad fields.
  const valid = validIssuerResponse(json);
  if (!valid) {
    const parsed = issuerResponseSchema.safeParse(json);
    throw new PinControlServerError(
      'upstream-response-invalid',
      `The issuer's answer is missing or has invalid fields: ${parsed.success ? '(root)' : invalidFields(parsed.error)}.`,
      status,
    );
  }
  const frameUrl = valid.frameUrl;
  let pinFrameURL = frameUrl.href;
  if (key !== undefined) {
    // The usual frame URL has no query and no fragment: the key is appended
    // as text, exactly what searchParams.set() would write, without building
    // URLSearchParams and re-serializing the URL per request.
    if (keyQuery !== undefined && !pinFrameURL.includes('?') && !pinFrameURL.includes('#')) pinFrameURL += keyQuery;
    else if (!frameUrl.searchParams.has('key')) {
      frameUrl.searchParams.set('key', key);
      pinFrameURL = frameUrl.href;
    }
  }
  return {
    id: valid.id,
    pinFrameURL,
    pinURL: valid.pinURL,
    expiresAt: requestedAt + CONTROL_ID_LIFETIME_MS,
  };
}

/** A system error code such as ECONNREFUSED helps operators and holds no secret. */
function networkErrorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : '';
}
