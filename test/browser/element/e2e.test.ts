// Every event, for view and set, end to end against the sandbox frame on
// another origin, with real keystrokes typed into the frame.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PinControl } from '../../../src/index.js';
import { SANDBOX_ORIGIN, SHORT_TTL_MS } from '../../support/env.js';
import { TEST_KEY } from '../../support/sandbox-fixtures.js';
import type { TokenProvider } from '../../../src/token-client.js';
import {
  eraseDigits,
  focusPinInput as focusInput,
  frameOf,
  mintToken,
  recordEvents,
  recordingProvider,
  sandboxElement,
  sandboxTemplate,
  settle,
  failOnUncaughtErrors,
  nextEvent,
  typeDigits,
} from './helpers.js';

/** Lets the short-lived id expire, then submits: the sandbox answers set_pin_error. */
async function failSetWithExpiredId(el: PinControl, events: Array<{ type: string }>) {
  const failed = () => events.some((e) => e.type === 'set-pin-error');
  await settle(SHORT_TTL_MS + 200);
  if (!failed()) {
    // (Under load the frame's own id check may already have failed: that is a set_pin_error too.)
    await typeDigits(el, '2580');
    el.setPin();
  }
  await waitUntil(failed, 'no set-pin-error', { timeout: 5000 });
}

describe('pin-control end to end (sandbox frame, real keystrokes)', () => {
  failOnUncaughtErrors();

  it('view: pin-control-ready, then view-pin-success; the PIN stays in the frame', async () => {
    const el = await sandboxElement(sandboxTemplate('view'));
    const events = recordEvents(el);
    await nextEvent(el, 'view-pin-success');
    expect(el.state).to.equal('success');
    expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'view-pin-success']);
    expect(events.map((e) => e.detail)).to.deep.equal([{ restart: null }, null]);
    const frame = frameOf(el)!;
    expect(frame.src).to.equal(`${SANDBOX_ORIGIN}/pincontrol/v2/frame?key=${TEST_KEY}`);
    expect(getComputedStyle(frame).visibility).to.equal('visible');
  });

  it('view: view-pin-error when the frame cannot show the PIN (expired id)', async () => {
    // An id from the short-lived sandbox, handed over after it expired there.
    const provider: TokenProvider = async ({ scope }) => {
      const token = await mintToken(scope, { sandbox: 'short' });
      await settle(SHORT_TTL_MS + 300);
      return token;
    };
    const el = await sandboxElement(sandboxTemplate('view', { provider }));
    el.tokenTimeout = 10_000;
    const events = recordEvents(el);
    await nextEvent(el, 'view-pin-error');
    expect(el.state).to.equal('error');
    expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'view-pin-error']);
    // The error panel (with its retry button) replaces the frame.
    await el.updateComplete;
    expect(frameOf(el) === null, 'no frame').to.be.true;
    expect(el.shadowRoot!.querySelector('[part="error"] button')).to.exist;
  });

  it('set: pin-valid per keystroke, set-pin-validation-error, then set-pin-success via setPin()', async () => {
    const el = await sandboxElement(sandboxTemplate('set'));
    const events = recordEvents(el);
    await focusInput(el);
    expect(await typeDigits(el, '1111')).to.deep.equal([false, false, false, false]);
    expect(el.pinValid).to.equal(false);
    const refused = oneEvent(el, 'set-pin-validation-error');
    expect(el.setPin()).to.be.true;
    expect(el.setPin(), 'never submitted twice').to.be.false;
    await refused;
    expect(el.state).to.equal('ready');
    await eraseDigits(el, 4);
    expect(await typeDigits(el, '2580')).to.deep.equal([false, false, false, true]);
    expect(el.pinValid).to.equal(true);
    const done = oneEvent(el, 'set-pin-success');
    expect(el.setPin(), 'allowed again after a validation error').to.be.true;
    await done;
    expect(el.state).to.equal('success');
    expect(el.setPin()).to.be.false;
    const types = events.map((e) => e.type);
    expect(types[0]).to.equal('pin-control-ready');
    expect(types.at(-1)).to.equal('set-pin-success');
    expect(types.filter((t) => t === 'set-pin-validation-error')).to.have.length(1);
  });

  it('set: setPin() before the frame says pin-valid submits nothing, and the PIN typed after it is set', async () => {
    // Right after the hand-over the frame still checks the id and shows no input: it
    // would drop a set_pin unanswered, and a submit counted as pending would refuse all later ones.
    const el = await sandboxElement(sandboxTemplate('set'));
    const events = recordEvents(el);
    const atReady = new Promise<boolean>((resolve) => el.addEventListener('pin-control-ready', () => resolve(el.setPin()), { once: true }));
    expect(await atReady, 'nothing typed yet').to.be.false;
    await focusInput(el);
    await typeDigits(el, '2580');
    const done = oneEvent(el, 'set-pin-success');
    expect(el.setPin(), 'the typed PIN is submitted').to.be.true;
    await done;
    expect(events.map((e) => e.type).filter((t) => t !== 'pin-valid')).to.deep.equal(['pin-control-ready', 'set-pin-success']);
  });

  it('set: Enter in the frame submits too (a runs PIN gives set-pin-validation-error)', async () => {
    const el = await sandboxElement(sandboxTemplate('set'));
    await focusInput(el);
    await typeDigits(el, '1234');
    const refused = oneEvent(el, 'set-pin-validation-error');
    await sendKeys({ press: 'Enter' });
    await refused;
    await eraseDigits(el, 4);
    await typeDigits(el, '7395');
    const done = oneEvent(el, 'set-pin-success');
    await sendKeys({ press: 'Enter' });
    await done;
    expect(el.state).to.equal('success');
  });

  it('set: set-pin-error restarts with a fresh id and a fresh frame, then succeeds', async () => {
    // First id from the short-lived sandbox: it expires while the user types.
    const { provider: mainProvider, ids } = recordingProvider();
    let calls = 0;
    const provider: TokenProvider = async (request) => {
      calls += 1;
      if (calls === 1) return mintToken(request.scope, { sandbox: 'short' });
      return mainProvider(request);
    };
    const el = await sandboxElement(sandboxTemplate('set', { provider, retries: 1 }));
    const events = recordEvents(el);
    await focusInput(el);
    const firstFrame = frameOf(el);
    await failSetWithExpiredId(el, events);
    await waitUntil(() => el.state === 'ready' && calls === 2, 'no second ready', { timeout: 10_000 });
    expect(frameOf(el) !== firstFrame, 'a fresh frame').to.be.true;
    expect(ids).to.have.length(1);
    await focusInput(el);
    await typeDigits(el, '2580');
    const done = oneEvent(el, 'set-pin-success');
    el.setPin();
    await done;
    expect(events.map((e) => e.type).filter((t) => t !== 'pin-valid')).to.deep.equal([
      'pin-control-ready',
      'set-pin-error',
      'pin-control-ready',
      'set-pin-success',
    ]);
  });

  it('set: with retries exhausted, set-pin-error ends in pin-control-error retries-exhausted', async () => {
    const provider: TokenProvider = async ({ scope }) => mintToken(scope, { sandbox: 'short' });
    const el = await sandboxElement(sandboxTemplate('set', { provider, retries: 0 }));
    const events = recordEvents(el);
    await focusInput(el);
    await failSetWithExpiredId(el, events);
    await waitUntil(() => events.some((e) => e.type === 'pin-control-error'), 'no pin-control-error');
    const detail = events.find((e) => e.type === 'pin-control-error')!.detail as { code: string; cause?: string };
    expect(detail.code).to.equal('retries-exhausted');
    expect(detail.cause).to.equal('set-pin-error');
    expect(el.state).to.equal('error');
    await el.updateComplete;
    expect(frameOf(el) === null, 'no frame').to.be.true;
  });
});
