// `pin-control/bundle` has types: the class, the tag and the events.
import { PinControl } from 'pin-control/bundle';

const element: PinControl = document.createElement('pin-control');
document.body.addEventListener('pin-valid', (event) => console.log(event.detail.valid, element.state));
// @ts-expect-error: pin-control-error's detail has `code`
document.body.addEventListener('pin-control-error', (event) => event.detail.codee);
