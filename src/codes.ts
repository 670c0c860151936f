// The stable codes of the element's events, as values (for the package entry
// and tests). A module of its own: the element imports only their types, so
// these arrays stay out of what a page loads to run it.

/**
 * Stable `code` values of `pin-control-error`: what stopped the flow. Branch on
 * these, never on `message`.
 */
export const ERROR_CODES = [
  'token-request-failed',
  'token-response-invalid',
  'token-timeout',
  'frame-unresponsive',
  'frame-origin-refused',
  'retries-exhausted',
] as const;

/** The codes of a failed token request: these carry `detail.reason`. */
export const TOKEN_ERROR_CODES = ['token-request-failed', 'token-response-invalid', 'token-timeout'] as const;

/**
 * What made a retry necessary: `detail.cause` of `retries-exhausted`. Not codes
 * of their own: while retries last they restart the flow without an event.
 */
export const RETRY_CAUSES = ['set-pin-error', 'token-expired', 'frame-load-timeout'] as const;

/**
 * Why a token request failed: `detail.reason` of the token codes. Decided from
 * the token endpoint's HTTP status (or a `tokenProvider`'s thrown `status`):
 * 401 `unauthorized`, 403 `forbidden`, 409 `conflict`, 429 `rate-limited`,
 * 408 and 504 `timeout`, any other status `unavailable`; no answer at all
 * `network`; no answer in `token-timeout` ms `timeout`; a 2xx body that is not
 * `{id, pinFrameURL}` `invalid-response`.
 */
export const TOKEN_FAILURE_REASONS = [
  'unauthorized',
  'forbidden',
  'conflict',
  'rate-limited',
  'unavailable',
  'network',
  'timeout',
  'invalid-response',
] as const;
