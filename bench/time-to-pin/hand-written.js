// The baseline of "time to PIN": what an integrator writes by hand from the
// issuer's documentation, sequentially and with no framework: fetch a control
// id from the backend, create the iframe, post the operation on its `load`,
// listen for the callbacks. Served as is (plain JS) by bench/time-to-pin/host.ts.
export function handWrittenFlow(container, { mode, tokenUrl, frameOrigin, onDone = () => {} }) {
  const scope = mode === 'set' ? 'SET_PIN' : 'VIEW_PIN';
  fetch(tokenUrl, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope }),
  })
    .then((response) => {
      if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
      return response.json();
    })
    .then(({ id, pinFrameURL }) => {
      if (new URL(pinFrameURL).origin !== frameOrigin) throw new Error('unexpected frame origin');
      const iframe = document.createElement('iframe');
      iframe.src = pinFrameURL;
      iframe.title = 'Card PIN';
      iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
      iframe.referrerPolicy = 'no-referrer';
      iframe.style.cssText = 'display:block;width:100%;height:16rem;border:1px solid #c4c7cc;border-radius:.5rem';
      const onMessage = (event) => {
        if (event.origin !== frameOrigin || event.source !== iframe.contentWindow) return;
        if (event.data?.event === 'view_pin_success') onDone('view');
        if (event.data?.event === 'view_pin_error' || event.data?.event === 'set_pin_error') onDone('error');
      };
      window.addEventListener('message', onMessage);
      iframe.addEventListener(
        'load',
        () => {
          iframe.contentWindow.postMessage({ operation: mode === 'set' ? 'set-pin' : 'view-pin', controlId: id }, frameOrigin);
        },
        { once: true },
      );
      container.append(iframe);
    })
    .catch((error) => onDone('error', String(error)));
}

const own = document.querySelector('[data-hand-written]');
if (own) {
  const { mode, tokenUrl, frameOrigin } = own.dataset;
  handWrittenFlow(own, { mode, tokenUrl, frameOrigin, onDone: (what) => window.__benchDone?.(what, performance.now()) });
}
