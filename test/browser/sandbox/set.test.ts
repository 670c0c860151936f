// The frame page's set flow with real keystrokes. The frame is cross-origin,
// so the page focuses its own input after set-up; `sendKeys` then types into
// it as a user would.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { bringPageToFront, clickInto, engine, focusFrameInput } from '../engine.js';
import { SANDBOX_ORIGIN, SHORT_TTL_MS } from '../../support/env.js';
import { PRODUCED_PLASTIC_ID, TEST_KEY } from '../../support/sandbox-fixtures.js';
import { currentPin, FramedPage, mintToken, sleep, waitUntil } from './helpers.js';

/**
 * WebKit lets a cross-origin frame move the focus only after the user has
 * interacted with it: a real click into the frame, then the focus is given
 * back to this page, so that the frame's own focus() is still what brings the
 * focus (and the keystrokes) to its input.
 */
async function clickedOnceThenLeft(frame: HTMLIFrameElement) {
  await clickInto(frame);
  const outside = document.createElement('button');
  document.body.prepend(outside);
  outside.focus();
  outside.remove();
  await waitUntil(() => document.activeElement !== frame, 'the focus back on the test page');
}

describe('sandbox frame page: set PIN', () => {
  const pages: FramedPage[] = [];
  afterEach(() => pages.splice(0).forEach((page) => page.close()));

  /** A framed page in set mode with its input focused. */
  async function setUp(options: { sandbox?: 'main' | 'short' } = {}) {
    const token = await mintToken('SET_PIN', options);
    const page = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(page);
    await bringPageToFront();
    if (engine === 'webkit') await clickedOnceThenLeft(page.frame);
    page.post({ operation: 'set-pin', controlId: token.id });
    await waitUntil(() => document.activeElement === page.frame, 'the PIN input to take focus');
    return { token, page };
  }

  /** Types one key at a time and returns the pin_valid value each produced. */
  async function typeEach(page: FramedPage, keys: string): Promise<boolean[]> {
    const seen: boolean[] = [];
    for (const key of keys) {
      const before = page.received.length;
      await sendKeys({ type: key });
      const events = await page.waitForMessages(before + 1);
      expect(events.length, `one message for ${key}`).to.equal(before + 1);
      const last = events.at(-1)!;
      expect(last.event).to.equal('pin_valid');
      seen.push(last.pin_valid!);
    }
    return seen;
  }

  it('focuses its own input on set-pin; in WebKit, which lets no cross-origin frame take the keyboard by itself, once the user clicks into it', async () => {
    const token = await mintToken('SET_PIN');
    const page = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(page);
    await bringPageToFront();
    const keysOnThisPage: string[] = [];
    const onKey = (event: KeyboardEvent) => keysOnThisPage.push(event.key);
    document.addEventListener('keydown', onKey);
    try {
      page.post({ operation: 'set-pin', controlId: token.id });
      if (engine === 'webkit') {
        // A security difference, asserted as such: the frame's focus() is
        // refused, so a keystroke meant for this page stays on it.
        await sleep(1000);
        expect(document.activeElement, 'the frame took no focus').to.not.equal(page.frame);
        await sendKeys({ type: '5' });
        expect(await page.quietFor(300), 'the frame heard nothing').to.deep.equal([]);
        expect(keysOnThisPage).to.deep.equal(['5']);
        await focusFrameInput(page.frame);
      } else {
        await waitUntil(() => document.activeElement === page.frame, 'the PIN input to take focus');
      }
      keysOnThisPage.length = 0;
      await sendKeys({ type: '5' });
      expect(await page.waitForMessages(1)).to.deep.equal([{ event: 'pin_valid', pin_valid: false }]);
      expect(keysOnThisPage, 'the keystroke went to the frame').to.deep.equal([]);
    } finally {
      document.removeEventListener('keydown', onKey);
    }
  });

  it('reports pin_valid after every keystroke and sets the PIN on Enter', async () => {
    const { token, page } = await setUp();
    expect(page.events, 'nothing before typing').to.deep.equal([]);
    expect(await typeEach(page, '4827')).to.deep.equal([false, false, false, true]);
    expect(page.events[3]).to.deep.equal({ event: 'pin_valid', pin_valid: true });
    await sendKeys({ press: 'Enter' });
    await page.waitForEvent('set_pin_success');
    expect(page.events.at(-1)).to.deep.equal({ event: 'set_pin_success' });
    expect(page.received.every(({ origin }) => origin === SANDBOX_ORIGIN)).to.equal(true);
    expect(await currentPin(token.plasticId)).to.equal('4827');
  });

  it('reports pin_valid on deletions too', async () => {
    const { page } = await setUp();
    await typeEach(page, '58261');
    const before = page.received.length;
    await sendKeys({ press: 'Backspace' });
    await page.waitForMessages(before + 1);
    expect(page.events.at(-1)).to.deep.equal({ event: 'pin_valid', pin_valid: true });
  });

  it("sets the PIN on the parent's {event: 'set_pin'}", async () => {
    const { token, page } = await setUp();
    await typeEach(page, '90357');
    page.post({ event: 'set_pin' });
    await page.waitForEvent('set_pin_success');
    expect(await currentPin(token.plasticId)).to.equal('90357');
  });

  it('answers set_pin_validation_error for 1111 and lets the user fix it', async () => {
    const { token, page } = await setUp();
    expect(await typeEach(page, '1111')).to.deep.equal([false, false, false, false]);
    await sendKeys({ press: 'Enter' });
    await page.waitForEvent('set_pin_validation_error');
    for (let i = 0; i < 4; i += 1) await sendKeys({ press: 'Backspace' });
    await page.waitForMessages(9);
    expect(await typeEach(page, '5826')).to.deep.equal([false, false, false, true]);
    page.post({ event: 'set_pin' });
    await page.waitForEvent('set_pin_success');
    expect(await currentPin(token.plasticId)).to.equal('5826');
  });

  it('answers set_pin_validation_error for 1234 and for a too short PIN', async () => {
    const { page } = await setUp();
    await typeEach(page, '1234');
    page.post({ event: 'set_pin' });
    await page.waitForEvent('set_pin_validation_error');
    await sendKeys({ press: 'Backspace' });
    await page.waitForMessages(6);
    page.post({ event: 'set_pin' });
    await page.waitForMessages(7);
    expect(page.events.slice(-2)).to.deep.equal([{ event: 'pin_valid', pin_valid: false }, { event: 'set_pin_validation_error' }]);
    expect(page.events.some((message) => message.event === 'set_pin_success')).to.equal(false);
  });

  it('answers set_pin_error when the id expires before the set', async () => {
    const { page } = await setUp({ sandbox: 'short' });
    await typeEach(page, '3071');
    await sleep(SHORT_TTL_MS + 300);
    await sendKeys({ press: 'Enter' });
    await page.waitForEvent('set_pin_error');
    expect(page.events.at(-1)).to.deep.equal({ event: 'set_pin_error' });
  });

  it('answers set_pin_error at set-up for an expired id', async () => {
    const token = await mintToken('SET_PIN', { sandbox: 'short' });
    const page = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(page);
    await sleep(SHORT_TTL_MS + 300);
    page.post({ operation: 'set-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'set_pin_error' }]);
  });

  it('answers set_pin_error for a reused id', async () => {
    const { token, page } = await setUp();
    await typeEach(page, '6190');
    await sendKeys({ press: 'Enter' });
    await page.waitForEvent('set_pin_success');
    const again = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(again);
    again.post({ operation: 'set-pin', controlId: token.id });
    await again.waitForMessages(1);
    expect(again.events).to.deep.equal([{ event: 'set_pin_error' }]);
  });

  it('answers set_pin_error for a VIEW_PIN id (wrong scope)', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(page);
    page.post({ operation: 'set-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'set_pin_error' }]);
  });

  it('ignores set_pin and keystrokes after success', async () => {
    const { page } = await setUp();
    await typeEach(page, '7305');
    page.post({ event: 'set_pin' });
    await page.waitForEvent('set_pin_success');
    const count = page.received.length;
    page.post({ event: 'set_pin' });
    await sendKeys({ type: '1' });
    expect(await page.quietFor(500)).to.have.length(count);
  });

  it('cannot mint a SET_PIN id for a produced plastic (409)', async () => {
    let failure = '';
    await mintToken('SET_PIN', { plasticId: PRODUCED_PLASTIC_ID }).catch((error: Error) => (failure = error.message));
    expect(failure).to.match(/answered 409/);
  });
});
