// The expiry notice (issue 8, item 3): a set-mode retry for an expired id or a
// refused stale submit shows "The secure session timed out. Type your new PIN
// again." in its own box, the status region says it once, and it goes at the
// next pin-valid or by its close button. pin-control-ready's detail.restart
// says why. Real sandbox frames on another origin, real keystrokes; the
// short-TTL sandbox twin lets an id expire while the user types.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import { TEXTS } from '../../../src/texts.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { SHORT_TTL_MS } from '../../support/env.js';
import { TEST_KEY, TOKEN_ENDPOINT } from '../../support/sandbox-fixtures.js';
import {
  FRAME_ORIGINS,
  failOnUncaughtErrors,
  focusPinInput,
  frameOf,
  mintToken,
  nextEvent,
  recordEvents,
  sandboxElement,
  sandboxTemplate,
  sendMouse,
  settle,
  typeDigits,
} from './helpers.js';

const notice = (el: PinControl) => el.shadowRoot!.querySelector<HTMLElement>('[part="notice"]');
const statusText = (el: PinControl) => el.shadowRoot!.querySelector('[part="status"]')!.textContent.trim();

/** What the status region says, one entry per change of its text, and how many DOM changes it had at all. */
function listenToStatus(el: PinControl) {
  const region = el.shadowRoot!.querySelector('[part="status"]')!;
  const said: string[] = [region.textContent.trim()];
  let changes = 0;
  const observer = new MutationObserver((records) => {
    changes += records.length;
    const text = region.textContent.trim();
    if (text !== said.at(-1)) said.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return {
    said,
    get changes() {
      return changes;
    },
    stop: () => observer.disconnect(),
  };
}

/** Real sandbox ids; performance.now() jumps 31 s once the first one arrives, so it is too old to hand over. */
function agingProvider() {
  const realNow = performance.now.bind(performance);
  const ids: string[] = [];
  const provider: TokenProvider = async ({ scope }) => {
    const token = await mintToken(scope);
    ids.push(token.id);
    if (ids.length === 1) performance.now = () => realNow() + 31_000;
    return token;
  };
  return { provider, ids, restore: () => (performance.now = realNow) };
}

const readyDetails = (events: Array<{ type: string; detail: unknown }>) =>
  events.filter((e) => e.type === 'pin-control-ready').map((e) => e.detail);

describe('pin-control expiry notice', () => {
  failOnUncaughtErrors();

  it('set: the id expires while the user types slowly; the restart shows the notice, said once; typing again removes it', async () => {
    // Ids from the short-lived sandbox until the user has typed into a live
    // frame (under load a first frame can be too slow for its own id check:
    // that retry is not what this test is about), then from the 30 s one.
    // The most retries there are: a run's budget is not refilled, and the
    // expiry's own retry must still find one after such early ones.
    let typed = false;
    const ids: string[] = [];
    let longLived = 0;
    const provider: TokenProvider = async ({ scope }) => {
      const token = await mintToken(scope, typed ? {} : { sandbox: 'short' });
      ids.push(token.id);
      if (typed) longLived += 1;
      return token;
    };
    const el = await sandboxElement(sandboxTemplate('set', { provider, retries: 5 }));
    el.addEventListener('pin-valid', () => (typed = true));
    const events = recordEvents(el);
    await focusPinInput(el);
    const status = listenToStatus(el);
    const sentence = TEXTS.en.expiredNotice;
    const errorsBefore = events.filter((e) => e.type === 'set-pin-error').length;
    const failed = () => events.filter((e) => e.type === 'set-pin-error').length > errorsBefore;
    await typeDigits(el, '25');
    expect(notice(el) === null, 'no notice while typing, before the expiry').to.be.true;
    await settle(SHORT_TTL_MS + 300); // the user pauses: the id expires
    await typeDigits(el, '80');
    expect(el.setPin()).to.be.true;
    await waitUntil(failed, 'no set-pin-error', { timeout: 5000 });
    await waitUntil(() => el.state === 'ready' && longLived === 1, 'no ready with a fresh id', { timeout: 10_000 });
    await el.updateComplete;

    // The notice, in its own box, above the frame box.
    const box = notice(el);
    expect(box !== null, 'the notice').to.be.true;
    expect(box!.textContent).to.include(sentence);
    expect(box!.compareDocumentPosition(el.shadowRoot!.querySelector('[part="container"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.ok;
    expect(box!.getAttribute('role'), 'not a second live region').to.equal(null);
    expect(getComputedStyle(box!).display).to.not.equal('none');

    // Why, in the events' detail; never an id.
    const details = readyDetails(events);
    expect(details[0]).to.deep.equal({ restart: null });
    expect(details.at(-1)).to.deep.equal({ restart: 'set-pin-error' });
    const serialized = JSON.stringify(events);
    for (const id of ids) expect(serialized).to.not.include(id);

    // Said once by the status region, and not again on re-renders.
    expect(statusText(el)).to.equal(sentence);
    const changesBefore = status.changes;
    el.label = 'Choose the PIN of your card';
    await el.updateComplete;
    el.requestUpdate();
    await el.updateComplete;
    expect(status.changes, 'no change to the live region on re-render').to.equal(changesBefore);
    expect(status.said.filter((text) => text.includes(sentence))).to.have.length(1);

    // Real keystrokes in the new frame: pin-valid, and the notice goes.
    await focusPinInput(el);
    await el.updateComplete;
    expect(notice(el) === null, 'gone at the next pin-valid').to.be.true;
    expect(statusText(el)).to.equal(TEXTS.en.readySet);
    expect(
      status.said.filter((text) => text.includes(sentence)),
      'said once in all',
    ).to.have.length(1);
    status.stop();
  });

  it('set: an id too old to hand over restarts with the notice (localized); its close button removes it and focus goes to the frame', async () => {
    const aging = agingProvider();
    try {
      const el = await fixture<PinControl>(html`<pin-control
        mode="set"
        lang="fi"
        frame-origins=${FRAME_ORIGINS}
        frame-key=${TEST_KEY}
        .tokenProvider=${aging.provider}
      ></pin-control>`);
      const events = recordEvents(el);
      const ready = await nextEvent(el, 'pin-control-ready');
      expect(ready.detail).to.deep.equal({ restart: 'token-expired' });
      expect(aging.ids).to.have.length(2);
      await el.updateComplete;
      const box = notice(el);
      expect(box !== null, 'the notice').to.be.true;
      expect(box!.textContent).to.include(TEXTS.fi!.expiredNotice);
      expect(statusText(el)).to.equal(TEXTS.fi!.expiredNotice);
      const close = box!.querySelector<HTMLButtonElement>('button[part="notice-close"]')!;
      expect(close.getAttribute('aria-label'), 'an accessible name').to.equal(TEXTS.fi!.closeNotice);
      expect(close.type).to.equal('button');

      // A real click on the close button.
      const rect = close.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
      await el.updateComplete;
      expect(notice(el) === null, 'closed').to.be.true;
      expect(statusText(el)).to.equal(TEXTS.fi!.readySet);
      // (Compared here, not by chai: a failing message would serialize a cross-origin frame.)
      expect(el.shadowRoot!.activeElement === frameOf(el), 'focus in the frame, not lost to the page').to.be.true;
      expect(el.state).to.equal('ready');
      expect(events.filter((e) => e.type === 'pin-control-error')).to.deep.equal([]);
    } finally {
      aging.restore();
    }
  });

  it('view: an id too old to hand over restarts quietly (no notice); detail.restart still says why', async () => {
    const aging = agingProvider();
    try {
      const el = await fixture<PinControl>(html`<pin-control
        mode="view"
        frame-origins=${FRAME_ORIGINS}
        frame-key=${TEST_KEY}
        .tokenProvider=${aging.provider}
      ></pin-control>`);
      const status = listenToStatus(el);
      let noticeSeen = false;
      const watch = new MutationObserver(() => (noticeSeen ||= !!notice(el)));
      watch.observe(el.shadowRoot!, { childList: true, subtree: true });
      const ready = await nextEvent(el, 'pin-control-ready');
      expect(ready.detail).to.deep.equal({ restart: 'token-expired' });
      await nextEvent(el, 'view-pin-success');
      await el.updateComplete;
      watch.disconnect();
      status.stop();
      expect(aging.ids).to.have.length(2);
      expect(noticeSeen, 'no notice at any time').to.be.false;
      expect(status.said.some((text) => text.includes(TEXTS.en.expiredNotice))).to.be.false;
      expect(statusText(el)).to.equal(TEXTS.en.successView);
    } finally {
      aging.restore();
    }
  });

  it('a restart() by the page drops the notice (a new run, nothing lost by a retry)', async () => {
    const aging = agingProvider();
    try {
      const el = await fixture<PinControl>(html`<pin-control
        mode="set"
        token-url=${TOKEN_ENDPOINT}
        frame-origins=${FRAME_ORIGINS}
        frame-key=${TEST_KEY}
        .tokenProvider=${aging.provider}
      ></pin-control>`);
      await nextEvent(el, 'pin-control-ready');
      await el.updateComplete;
      expect(notice(el) !== null, 'the notice').to.be.true;
      el.restart();
      await el.updateComplete;
      expect(notice(el) === null, 'gone with the restart').to.be.true;
      const ready = await nextEvent(el, 'pin-control-ready');
      expect(ready.detail).to.deep.equal({ restart: null });
    } finally {
      aging.restore();
    }
  });
});
