// A frame is live only when it says so (issue 8): in view mode, after the
// hand-over the element waits `frame-timeout` for the frame's first callback;
// silence means a retry, then pin-control-error `frame-unresponsive`. Real
// cross-origin frames: a page that never answers, one that answers
// view_pin_error, one the browser refuses to frame (CSP frame-ancestors,
// X-Frame-Options), and a port nothing listens on.
import { expect, fixture, html } from '@open-wc/testing';
import { engine } from '../engine.js';
import { HANDOVER_DELAY_MS } from '../../../src/frame-channel.js';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { CLOSED_PORT_FRAME, ERROR_FRAME, FRAME_ANCESTORS_NONE_FRAME, SILENT_FRAME, XFO_DENY_FRAME } from './endpoint-urls.js';
import { FRAME_ORIGINS, failOnUncaughtErrors, nextEvent, recordEvents, sandboxTemplate, settle } from './helpers.js';

// Long enough for a frame to load on a busy machine (a load timeout would be another outcome).
const FRAME_TIMEOUT = 2000;
const RETRIES = 1;
/** Per attempt: the load (within frame-timeout), the hand-over delay, then frame-timeout of silence. */
const BUDGET_MS = (RETRIES + 1) * (2 * FRAME_TIMEOUT + HANDOVER_DELAY_MS) + 1500;
const CLOSED_ORIGIN = new URL(CLOSED_PORT_FRAME).origin;
/** A status that says the PIN is (being) shown ("could not be shown" says the opposite). */
const claimsShown = (text: string) => /shown/i.test(text) && !/not be shown/i.test(text);

/** Every text the live region held, in order. */
function watchStatus(el: PinControl) {
  const seen: string[] = [];
  const region = el.shadowRoot!.querySelector('[role="status"]')!;
  const record = () => {
    const text = region.textContent.trim();
    if (text && seen.at(-1) !== text) seen.push(text);
  };
  record();
  const observer = new MutationObserver(record);
  observer.observe(region, { childList: true, subtree: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}

function countingProvider(pinFrameURL: string) {
  let calls = 0;
  const provider: TokenProvider = async () => ({ id: `live-${++calls}`, pinFrameURL });
  return { provider, calls: () => calls };
}

const made: HTMLElement[] = [];

/** A view-mode element, its events recorded from before it connects. */
async function viewElement(pinFrameURL: string) {
  const { provider, calls } = countingProvider(pinFrameURL);
  const el = document.createElement('pin-control');
  el.setAttribute('frame-origins', `${FRAME_ORIGINS} ${CLOSED_ORIGIN}`);
  el.setAttribute('retries', String(RETRIES));
  el.setAttribute('frame-timeout', String(FRAME_TIMEOUT));
  el.tokenProvider = provider;
  const events = recordEvents(el);
  const started = performance.now();
  document.body.append(el);
  made.push(el);
  await el.updateComplete;
  return { el, calls, started, events, status: watchStatus(el) };
}

describe('pin-control: a frame is live only when it says so', () => {
  failOnUncaughtErrors();
  afterEach(() => made.splice(0).forEach((el) => el.remove()));

  // Chromium fires `load` for its error page after a refused connection, so the
  // frame counts as loaded and silence ends in frame-unresponsive; Firefox and
  // WebKit fire no `load` at all, so the same frame ends as one that never
  // loaded (retries-exhausted, cause frame-load-timeout), with no hand-over.
  it(`view, a port nothing listens on (${engine}: ${engine === 'chromium' ? 'loads an error page, then silence' : 'never loads'}): a retry, then a coded error within frame-timeout plus the retry budget`, async () => {
    const { el, calls, started, events, status } = await viewElement(CLOSED_PORT_FRAME);
    const { detail } = await nextEvent(el, 'pin-control-error', BUDGET_MS + 1000);
    const elapsed = performance.now() - started;
    status.stop();
    const loads = engine === 'chromium';
    if (loads) expect(detail.code).to.equal('frame-unresponsive');
    else expect([detail.code, detail.cause]).to.deep.equal(['retries-exhausted', 'frame-load-timeout']);
    expect(calls(), 'one retry with a fresh id').to.equal(RETRIES + 1);
    expect(elapsed, 'waited frame-timeout for each frame').to.be.at.least((RETRIES + 1) * FRAME_TIMEOUT);
    expect(elapsed, 'within frame-timeout plus the retry budget').to.be.at.most(BUDGET_MS);
    const handOvers = loads ? ['pin-control-ready', 'pin-control-ready'] : [];
    expect(events.map((e) => e.type)).to.deep.equal([...handOvers, 'pin-control-error']);
    expect(el.state).to.equal('error');
    expect(status.seen.filter(claimsShown), 'never "shown"').to.deep.equal([]);
  });

  for (const [name, url] of [
    ['a frame page that never answers', SILENT_FRAME],
    ["a frame page served with CSP frame-ancestors 'none'", FRAME_ANCESTORS_NONE_FRAME],
    ['a frame page served with X-Frame-Options: DENY', XFO_DENY_FRAME],
  ] as const) {
    it(`view, ${name}: a retry, then frame-unresponsive within frame-timeout plus the retry budget`, async () => {
      const { el, calls, started, events, status } = await viewElement(url);
      const { detail } = await nextEvent(el, 'pin-control-error', BUDGET_MS + 1000);
      const elapsed = performance.now() - started;
      status.stop();
      expect(detail.code).to.equal('frame-unresponsive');
      expect(detail.message).to.match(/frame-key/);
      expect(calls(), 'one retry with a fresh id').to.equal(RETRIES + 1);
      expect(elapsed, 'waited frame-timeout after each hand-over').to.be.at.least((RETRIES + 1) * FRAME_TIMEOUT);
      expect(elapsed, 'within frame-timeout plus the retry budget').to.be.at.most(BUDGET_MS);
      // pin-control-ready keeps its meaning: the id went to the frame, each time.
      expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'pin-control-ready', 'pin-control-error']);
      expect(el.state).to.equal('error');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.include('did not respond');
      expect(status.seen.filter(claimsShown), 'never "shown"').to.deep.equal([]);
      await settle(FRAME_TIMEOUT + 200);
      expect(calls(), 'nothing more').to.equal(RETRIES + 1);
    });
  }

  it('view, a frame page that answers view_pin_error: view-pin-error at once, no timeout, no retry', async () => {
    const { el, calls, started, events, status } = await viewElement(ERROR_FRAME);
    await nextEvent(el, 'view-pin-error', 5000);
    status.stop();
    expect(performance.now() - started).to.be.below(FRAME_TIMEOUT);
    expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'view-pin-error']);
    expect(el.state).to.equal('error');
    await settle(2 * FRAME_TIMEOUT);
    expect(calls()).to.equal(1);
    expect(events).to.have.length(2);
    expect(status.seen.filter(claimsShown)).to.deep.equal([]);
  });

  it('view against the sandbox: the status says the PIN is shown only after view-pin-success', async () => {
    const el = await fixture<PinControl>(sandboxTemplate('view'));
    const status = watchStatus(el);
    let atSuccess = -1;
    el.addEventListener('view-pin-success', () => (atSuccess = status.seen.length));
    await nextEvent(el, 'view-pin-success');
    await el.updateComplete;
    status.stop();
    expect(atSuccess).to.be.greaterThan(0);
    const before = status.seen.slice(0, atSuccess);
    expect(before.filter(claimsShown), `before success: ${before.join(' | ')}`).to.deep.equal([]);
    expect(before).to.include('Waiting for the secure PIN view…');
    expect(status.seen.at(-1)).to.equal('PIN shown.');
  });

  it('set mode is not timed out (the frame is silent until the user types), and its status claims nothing', async () => {
    const { provider } = countingProvider(SILENT_FRAME);
    const el = await fixture<PinControl>(
      html`<pin-control mode="set" frame-origins=${FRAME_ORIGINS} retries="0" frame-timeout="1500" .tokenProvider=${provider}></pin-control>`,
    );
    const events = recordEvents(el);
    await nextEvent(el, 'pin-control-ready', 5000);
    await settle(2500); // longer than frame-timeout after the hand-over
    expect(events.map((e) => e.type).filter((type) => type !== 'pin-control-ready')).to.deep.equal([]);
    expect(el.state).to.equal('ready');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent.trim()).to.equal(
      'Type your new PIN in the secure frame when it asks for it.',
    );
  });
});
