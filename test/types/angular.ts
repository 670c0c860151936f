// Angular types `$event` through the DOM's event maps: one
// `import 'pin-control/define'` brings the element's events into
// `GlobalEventHandlersEventMap` and the tag into `HTMLElementTagNameMap`.
import 'pin-control/define';

const element = document.createElement('pin-control');
element.addEventListener('pin-valid', (event) => console.log(event.detail.valid satisfies boolean));
element.addEventListener('pin-control-error', (event) => console.log(event.detail.code));
element.setPin();
// @ts-expect-error: pin-valid's detail has `valid`
element.addEventListener('pin-valid', (event) => event.detail.validd);
// @ts-expect-error: mode is 'view' | 'set'
element.mode = 'edit';
