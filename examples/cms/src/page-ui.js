// The CMS theme's one script (the snippet itself carries none): shows every
// <pin-control> event, switches view -> set and calls setPin(). Only
// textContent and properties, so it runs under Trusted Types unchanged.
// (examples/html/src/app.js does the same on a plain page; repeated on purpose:
// each example is standalone.)
const pin = document.querySelector('pin-control');
const events = document.querySelector('[data-testid="events"]');
const pinValid = document.querySelector('[data-testid="pin-valid"]');
const switchToSet = document.querySelector('[data-testid="switch-to-set"]');
const setPin = document.querySelector('[data-testid="set-pin"]');

function show(text) {
  const item = document.createElement('li');
  item.textContent = text;
  events.append(item);
}

for (const name of [
  'view-pin-success',
  'view-pin-error',
  'set-pin-success',
  'set-pin-error',
  'set-pin-validation-error',
  'pin-control-ready',
]) {
  pin.addEventListener(name, () => show(name));
}
pin.addEventListener('pin-valid', (e) => {
  show(`pin-valid: ${e.detail.valid}`);
  pinValid.value = String(e.detail.valid);
  setPin.disabled = !e.detail.valid;
});
pin.addEventListener('pin-control-error', (e) => show(`pin-control-error: ${e.detail.code}`));
// Nothing is typed in a new frame (a switch, a retry) or once the flow has failed.
const forgetPinValid = () => {
  pinValid.value = 'unknown';
  setPin.disabled = true;
};
pin.addEventListener('pin-control-ready', forgetPinValid);
pin.addEventListener('pin-control-error', forgetPinValid);

switchToSet.addEventListener('click', () => {
  pin.setAttribute('mode', 'set'); // what an editor would change in the snippet
  switchToSet.disabled = true;
  forgetPinValid();
});
setPin.addEventListener('click', () => pin.setPin());
