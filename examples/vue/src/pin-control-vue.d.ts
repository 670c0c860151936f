// TEMPORARY: stands in for `pin-control/vue` (branch pkgtypes) until it is merged.
import type { DefineComponent } from 'vue';
import type {
  Messages,
  Mode,
  PinControlErrorEvent,
  PinControlSimpleEvent,
  PinValidEvent,
  TokenProvider,
} from 'pin-control';

declare module 'vue' {
  interface GlobalComponents {
    'pin-control': DefineComponent<{
      mode?: Mode;
      tokenUrl?: string;
      frameOrigins?: string;
      frameUrl?: string;
      frameKey?: string;
      label?: string;
      retries?: number;
      tokenProvider?: TokenProvider | null;
      messages?: Messages | null;
      onViewPinSuccess?: (event: PinControlSimpleEvent) => void;
      onViewPinError?: (event: PinControlSimpleEvent) => void;
      onSetPinSuccess?: (event: PinControlSimpleEvent) => void;
      onSetPinError?: (event: PinControlSimpleEvent) => void;
      onSetPinValidationError?: (event: PinControlSimpleEvent) => void;
      onPinValid?: (event: PinValidEvent) => void;
      onPinControlReady?: (event: PinControlSimpleEvent) => void;
      onPinControlError?: (event: PinControlErrorEvent) => void;
    }>;
  }
}
