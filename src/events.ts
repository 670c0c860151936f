// The element's DOM events: one per frame callback plus its own ready/error.
// None carries the control id or a PIN.
import type { ERROR_CODES, RETRY_CAUSES, TOKEN_ERROR_CODES, TOKEN_FAILURE_REASONS } from './codes.js';

export { ERROR_CODES, RETRY_CAUSES, TOKEN_ERROR_CODES, TOKEN_FAILURE_REASONS } from './codes.js';

export type ErrorCode = (typeof ERROR_CODES)[number];
/** The same union under its first name. */
export type PinControlErrorCode = ErrorCode;

export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[number];

export type RetryCause = (typeof RETRY_CAUSES)[number];

/**
 * Why the element started over by itself: a retry cause, or (view mode) a
 * frame that never answered the hand-over. `detail.restart` of the
 * `pin-control-ready` that follows.
 */
export type RestartCause = RetryCause | 'frame-unresponsive';

export type TokenFailureReason = (typeof TOKEN_FAILURE_REASONS)[number];

export interface PinControlErrorDetail {
  code: ErrorCode;
  /** A short localized sentence for people; match on `code` and `reason`, not on this. */
  message: string;
  /** With `retries-exhausted`: the failure that used up the last retry. */
  cause?: RetryCause;
  /** With the token codes: why the request failed. */
  reason?: TokenFailureReason;
  /** With the token codes, when the endpoint answered: its HTTP status. */
  status?: number;
  /**
   * Seconds to wait before asking again: with `rate-limited` always (the
   * endpoint's `Retry-After`, else 10), with `unavailable` when the endpoint
   * sent `Retry-After`. The element offers its retry button only after it.
   */
  retryAfter?: number;
}

export interface PinControlReadyDetail {
  /**
   * null for a run the page started (first load, an input change, `restart()`);
   * else why the element retried with a fresh id. In set mode `token-expired`
   * and `set-pin-error` also show the expiry notice.
   */
  restart: RestartCause | null;
}

export interface PinValidDetail {
  valid: boolean;
}

export type PinControlErrorEvent = CustomEvent<PinControlErrorDetail>;
export type PinValidEvent = CustomEvent<PinValidDetail>;
export type PinControlReadyEvent = CustomEvent<PinControlReadyDetail>;
export type PinControlSimpleEvent = CustomEvent<null>;

export interface PinControlEventMap {
  'view-pin-success': PinControlSimpleEvent;
  'view-pin-error': PinControlSimpleEvent;
  'set-pin-success': PinControlSimpleEvent;
  'set-pin-error': PinControlSimpleEvent;
  'set-pin-validation-error': PinControlSimpleEvent;
  'pin-valid': PinValidEvent;
  'pin-control-ready': PinControlReadyEvent;
  'pin-control-error': PinControlErrorEvent;
}
export type PinControlEventName = keyof PinControlEventMap;

declare global {
  // Typed `addEventListener('pin-valid', …)` on any element: the same map.
  interface GlobalEventHandlersEventMap extends PinControlEventMap {}
}

type DetailOf<K extends PinControlEventName> = PinControlEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Builds one of the element's events: bubbling and composed, so a page can listen above shadow roots. */
export function createPinControlEvent<K extends PinControlEventName>(name: K, detail: DetailOf<K>): PinControlEventMap[K] {
  return new CustomEvent(name, { bubbles: true, composed: true, detail }) as unknown as PinControlEventMap[K];
}
