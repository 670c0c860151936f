// The frame page refuses to work for an unknown client key and for a parent
// origin its key does not allow: the iframe loads (an error page), but no
// message ever comes back.
import { expect } from '@open-wc/testing';
import { FOREIGN_KEY, TEST_KEY, UNKNOWN_KEY } from '../../support/sandbox-fixtures.js';
import { FramedPage, mintToken } from './helpers.js';

const QUIET_MS = 1500;

describe('sandbox frame page: refusals', () => {
  const pages: FramedPage[] = [];
  afterEach(() => pages.splice(0).forEach((page) => page.close()));

  async function tryView(key: string) {
    const token = await mintToken('VIEW_PIN');
    const page = await FramedPage.open(token.pinFrameURL, key);
    pages.push(page);
    page.post({ operation: 'view-pin', controlId: token.id });
    page.post({ event: 'set_pin' });
    return { token, page };
  }

  it('stays silent for an unknown key', async () => {
    const { page } = await tryView(UNKNOWN_KEY);
    expect(await page.quietFor(QUIET_MS)).to.deep.equal([]);
  });

  it('stays silent without a key', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await FramedPage.open(token.pinFrameURL, '');
    pages.push(page);
    page.post({ operation: 'view-pin', controlId: token.id });
    expect(await page.quietFor(QUIET_MS)).to.deep.equal([]);
  });

  it('refuses to be framed by an origin its key does not allow', async () => {
    const { token, page } = await tryView(FOREIGN_KEY);
    expect(await page.quietFor(QUIET_MS)).to.deep.equal([]);
    // The id was not used up: the same id still works in a frame the key allows.
    const allowed = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(allowed);
    allowed.post({ operation: 'view-pin', controlId: token.id });
    expect(await allowed.waitForEvent('view_pin_success')).to.deep.equal({ event: 'view_pin_success' });
  });

  it('ignores a message from a window other than its parent', async () => {
    const token = await mintToken('VIEW_PIN');
    const page = await FramedPage.open(token.pinFrameURL, TEST_KEY);
    pages.push(page);
    // A nested iframe of our own origin posts to the frame: an allowed origin, but not its parent window.
    const nested = document.createElement('iframe');
    document.body.append(nested);
    try {
      (nested.contentWindow as Window & { eval(code: string): unknown }).eval(
        `parent.document.querySelector('iframe[title="PIN"]').contentWindow.postMessage(${JSON.stringify({ operation: 'view-pin', controlId: token.id })}, ${JSON.stringify(page.origin)})`,
      );
      expect(await page.quietFor(800)).to.deep.equal([]);
    } finally {
      nested.remove();
    }
    page.post({ operation: 'view-pin', controlId: token.id });
    expect(await page.waitForEvent('view_pin_success')).to.deep.equal({ event: 'view_pin_success' });
  });
});
