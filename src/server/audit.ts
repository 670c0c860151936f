// One audit record per token request. It says who (a hash of the session id),
// what (scope), and how it ended; never the control id, credentials, cookies
// or any header value.
import type { Scope } from './scope.js';

export interface AuditRecord {
  /** ISO 8601 time the request arrived. */
  time: string;
  event: 'pin-control.token';
  /** `issued`, or the error code answered (`origin-refused`, `rate-limited`, `upstream-timeout`, …). */
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
  durationMs: number;
}

/** The default sink: one JSON line on stdout. */
export function consoleAudit(record: AuditRecord): void {
  console.info(JSON.stringify(record));
}

const encoder = new TextEncoder();

/** A short, stable, one-way label for a session id. */
export async function sessionLabel(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(sessionId));
  return [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
