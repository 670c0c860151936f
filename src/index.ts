// The package entry: the class, its events, codes and types. No side effects;
// import `pin-control/define` (or call PinControl.define()) to register the tag.
export { PinControl } from './pin-control.js';
export {
  ERROR_CODES,
  RETRY_CAUSES,
  TOKEN_ERROR_CODES,
  TOKEN_FAILURE_REASONS,
  createPinControlEvent,
  type ErrorCode,
  type PinControlErrorCode,
  type PinControlErrorDetail,
  type PinControlErrorEvent,
  type PinControlEventMap,
  type PinControlEventName,
  type PinControlReadyDetail,
  type PinControlReadyEvent,
  type PinControlSimpleEvent,
  type PinValidDetail,
  type PinValidEvent,
  type RestartCause,
  type RetryCause,
  type TokenErrorCode,
  type TokenFailureReason,
} from './events.js';
export type { FlowState } from './flow.js';
export type { Callback, FrameMessage, Mode, Scope, Theme, TokenResponse } from './protocol.js';
export type { Language, Messages, TextKey, Texts } from './texts.js';
export type { TokenFailure, TokenProvider } from './token-client.js';
