// The frame page's view flow, driven over postMessage from the test host
// (http://localhost:<port>), a different site from the sandbox (127.0.0.1).
import { expect } from '@open-wc/testing';
import { SANDBOX_ORIGIN, SHORT_TTL_MS, SHORT_TTL_SANDBOX_ORIGIN } from '../../support/env.js';
import { TEST_KEY } from '../../support/sandbox-fixtures.js';
import { FramedPage, mintToken, sleep } from './helpers.js';

describe('sandbox frame page: view PIN', () => {
  const pages: FramedPage[] = [];
  const open = async (url: string) => {
    const page = await FramedPage.open(url, TEST_KEY);
    pages.push(page);
    return page;
  };
  afterEach(() => pages.splice(0).forEach((page) => page.close()));

  it('shows the PIN and posts exactly view_pin_success, from the sandbox origin', async () => {
    const token = await mintToken('VIEW_PIN');
    expect(new URL(token.pinFrameURL).origin).to.equal(SANDBOX_ORIGIN);
    const page = await open(token.pinFrameURL);
    page.post({ operation: 'view-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'view_pin_success' }]);
    expect(page.received[0]!.origin).to.equal(SANDBOX_ORIGIN);
    expect(await page.quietFor(300)).to.have.length(1);
  });

  it('accepts a theme with the operation', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await open(token.pinFrameURL);
    page.post({ operation: 'view-pin', controlId: token.id, theme: { color: '#123456', 'font-size': '18px', width: '1px' } });
    expect(await page.waitForEvent('view_pin_success')).to.deep.equal({ event: 'view_pin_success' });
  });

  it('refuses a reused id with view_pin_error', async () => {
    const token = await mintToken('VIEW_PIN');
    const first = await open(token.pinFrameURL);
    first.post({ operation: 'view-pin', controlId: token.id });
    await first.waitForEvent('view_pin_success');
    const second = await open(token.pinFrameURL);
    second.post({ operation: 'view-pin', controlId: token.id });
    await second.waitForMessages(1);
    expect(second.events).to.deep.equal([{ event: 'view_pin_error' }]);
  });

  it('refuses an expired id with view_pin_error', async () => {
    const token = await mintToken('VIEW_PIN', { sandbox: 'short' });
    expect(new URL(token.pinFrameURL).origin).to.equal(SHORT_TTL_SANDBOX_ORIGIN);
    const page = await open(token.pinFrameURL);
    await sleep(SHORT_TTL_MS + 300);
    page.post({ operation: 'view-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'view_pin_error' }]);
  });

  it('refuses a SET_PIN id for viewing (wrong scope)', async () => {
    const token = await mintToken('SET_PIN');
    const page = await open(token.pinFrameURL);
    page.post({ operation: 'view-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'view_pin_error' }]);
  });

  it('refuses a made-up id', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await open(token.pinFrameURL);
    page.post({ operation: 'view-pin', controlId: 'A'.repeat(43) });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'view_pin_error' }]);
  });

  it('ignores a second operation message', async () => {
    const [first, second] = await Promise.all([mintToken('VIEW_PIN'), mintToken('VIEW_PIN')]);
    const page = await open(first.pinFrameURL);
    page.post({ operation: 'view-pin', controlId: first.id });
    await page.waitForEvent('view_pin_success');
    page.post({ operation: 'view-pin', controlId: second.id });
    page.post({ operation: 'set-pin', controlId: second.id });
    expect(await page.quietFor(600)).to.deep.equal([{ event: 'view_pin_success' }]);
  });

  it('ignores messages of unknown shape, then still works', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await open(token.pinFrameURL);
    page.post({ operation: 'steal-pin', controlId: token.id });
    page.post({ operation: 'view-pin', controlId: '<img src=x>' });
    page.post({ operation: 'view-pin' });
    page.post('view-pin');
    page.post({ event: 'set_pin' });
    expect(await page.quietFor(500)).to.deep.equal([]);
    page.post({ operation: 'view-pin', controlId: token.id });
    await page.waitForMessages(1);
    expect(page.events).to.deep.equal([{ event: 'view_pin_success' }]);
  });
});
