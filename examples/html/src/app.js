// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// Wires the page's <pin-control>: every event into the list, the mode switch,
// Set PIN enabled only by pin-valid, and the token provider. Listeners go on
// before the token source, so not one event is missed.
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
  pin.mode = 'set';
  switchToSet.disabled = true;
  forgetPinValid();
});
setPin.addEventListener('click', () => pin.setPin());

// The control id comes from this site's own endpoint (server.mjs); setting the
// provider starts the flow.
pin.tokenProvider = async ({ scope, signal }) => {
  const response = await fetch('/api/pin-control/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope }),
    signal,
  });
  // The status (and a 429's Retry-After) tell the element why: signed out,
  // rate limited… Without them every failure would read as "no connection".
  if (!response.ok) {
    throw Object.assign(new Error(`The token endpoint answered ${response.status}.`), {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
    });
  }
  return response.json();
};
