// The one error type the token helper throws. Its message and properties are
// written by this module only: they never carry credentials, a control id or
// anything the issuer sent back, so they are safe to log and to show.

/** Stable, documented codes. Branch on `code`, never on `message`. */
export type PinControlServerErrorCode =
  | 'invalid-config'
  | 'invalid-plastic-id'
  | 'invalid-scope'
  | 'invalid-audit-user'
  | 'upstream-unauthorized'
  | 'upstream-forbidden'
  | 'upstream-not-found'
  | 'upstream-conflict'
  | 'upstream-bad-request'
  | 'upstream-gone'
  | 'upstream-rate-limited'
  | 'upstream-error'
  | 'upstream-unavailable'
  | 'upstream-unreachable'
  | 'upstream-timeout'
  | 'upstream-response-invalid';

/**
 * The HTTP status a token endpoint should answer with for each code.
 * Argument errors are 500: in this design the plastic and audit user come from
 * the integrator's own session, so a bad one is a server fault, not the browser's.
 * The issuer refusing our credentials (401/403), our path (404/410) or our
 * request (400…) is our misconfiguration, told to the browser as 502 (a bad
 * answer from upstream), never as 401/403, which would mean "the cardholder is
 * signed out / this page may not ask". The issuer's 429 limits our whole
 * client, not this cardholder, so it becomes 503 with `Retry-After` (the service
 * is busy), not 429. A network failure is 502, a timeout 504.
 */
const STATUS_BY_CODE: Record<PinControlServerErrorCode, number> = {
  'invalid-config': 500,
  'invalid-plastic-id': 500,
  'invalid-scope': 500,
  'invalid-audit-user': 500,
  'upstream-unauthorized': 502,
  'upstream-forbidden': 502,
  'upstream-not-found': 502,
  'upstream-conflict': 409,
  'upstream-bad-request': 502,
  'upstream-gone': 502,
  'upstream-rate-limited': 503,
  'upstream-error': 502,
  'upstream-unavailable': 503,
  'upstream-unreachable': 502,
  'upstream-timeout': 504,
  'upstream-response-invalid': 502,
};

/**
 * An error from the issuer client: `code` is stable, `status` is the HTTP status
 * a token endpoint should answer with, `upstreamStatus` the issuer's status when
 * it answered at all, `retryAfterSeconds` how long to wait before asking again
 * (with `upstream-rate-limited`, and `upstream-unavailable` when the issuer said).
 */
export class PinControlServerError extends Error {
  override readonly name = 'PinControlServerError';
  readonly code: PinControlServerErrorCode;
  readonly status: number;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: PinControlServerErrorCode, message: string, upstreamStatus?: number, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.upstreamStatus = upstreamStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True for a PinControlServerError, also across duplicated module copies. */
export function isPinControlServerError(value: unknown): value is PinControlServerError {
  if (value instanceof PinControlServerError) return true;
  return (
    value instanceof Error &&
    value.name === 'PinControlServerError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}
