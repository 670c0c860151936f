// The element's DOM events: one per frame callback plus its own ready/error.
// None carries the control id or a PIN.

/** Stable `code` values of `pin-control-error`. */
export const ERROR_CODES = [
  'token-request-failed',
  'token-response-invalid',
  'token-timeout',
  'frame-unresponsive',
  'frame-origin-refused',
  'frame-load-timeout',
  'token-expired',
  'retries-exhausted',
] as const;
export type PinControlErrorCode = (typeof ERROR_CODES)[number];

/** What made a retry necessary (`detail.cause` of `retries-exhausted`). */
export type RetryCause = 'set-pin-error' | 'token-expired' | 'frame-load-timeout';

export interface PinControlErrorDetail {
  code: PinControlErrorCode;
  /** A short localized sentence for people; match on `code`, not on this. */
  message: string;
  /** With `retries-exhausted`: the failure that used up the last retry. */
  cause?: RetryCause;
}

export interface PinValidDetail {
  valid: boolean;
}

export type PinControlErrorEvent = CustomEvent<PinControlErrorDetail>;
export type PinValidEvent = CustomEvent<PinValidDetail>;
export type PinControlSimpleEvent = CustomEvent<null>;

export interface PinControlEventMap {
  'view-pin-success': PinControlSimpleEvent;
  'view-pin-error': PinControlSimpleEvent;
  'set-pin-success': PinControlSimpleEvent;
  'set-pin-error': PinControlSimpleEvent;
  'set-pin-validation-error': PinControlSimpleEvent;
  'pin-valid': PinValidEvent;
  'pin-control-ready': PinControlSimpleEvent;
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
