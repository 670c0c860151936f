// One audit record per token request. It says who (a hash of the session id),
// what (scope), and how it ended; never the control id, credentials, cookies
// or any header value.
import type { Scope } from '../scope.js';

export interface AuditRecord {
  /** ISO 8601 time the request arrived. */
  time: string;
  event: 'pin-control.token';
  /** `issued`, or the error code answered (`origin-refused`, `rate-limited`, `upstream-timeout`, `client-gone`, …). */
  outcome: string;
  /** The HTTP status answered. */
  status: number;
  /** The scope asked for, once the body was read and valid. */
  scope: Scope | null;
  /**
   * The first 16 hex digits of SHA-256 of the session id, once there is a
   * session. Enough to correlate one session's requests; a session id is itself
   * a bearer secret, so it is never written as is.
   */
  session: string | null;
  /** The issuer's status when it answered with an error. */
  upstreamStatus?: number;
  /**
   * `store-unavailable` when the rate-limit store failed and `failOpen` let
   * the request through without a limit (absent otherwise).
   */
  rateLimit?: 'store-unavailable';
  durationMs: number;
}

/** The default sink: one JSON line on stdout. */
export function consoleAudit(record: AuditRecord): void {
  console.info(JSON.stringify(record));
}

/** The audit label of a session: the first 16 hex digits of the SHA-256 of its id. */
export function sessionLabel(sessionHash: string): string {
  return sessionHash.slice(0, 16);
}
