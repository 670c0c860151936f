// The package's only side effect: registers <pin-control>.
import { PinControl } from './pin-control.js';

PinControl.define();

export { PinControl };
