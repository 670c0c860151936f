// The package's only side effect: registers <pin-control>.
import { PinControl } from './pin-control.js';

PinControl.define();

export { PinControl };
// Type-only: keeps events.d.ts (its `GlobalEventHandlersEventMap`
// augmentation) reachable from `pin-control/define` and `pin-control/bundle`,
// so Angular's `$event` and `addEventListener` are typed with one import.
export type { PinControlErrorEvent, PinControlEventMap, PinValidEvent } from './events.js';
// For the single-file bundle's language modules (lang/fi.js imports it from the bundle).
export { registerTexts } from './texts.js';
