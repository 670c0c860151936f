// The token request: its shape, and each failure of the endpoint giving its
// stable code, an error state and no frame.
import { expect, fixture, html } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import { ECHO_FRAME, FAIL, LAST_TOKEN_REQUEST, RECORD_TOKEN } from './endpoints.js';
import { FRAME_ORIGINS, frameOf, ready, recordEvents, failOnUncaughtErrors, nextEvent } from './helpers.js';

function element(tokenUrl: string, extra = '') {
  return fixture<PinControl>(
    html`<pin-control token-url=${tokenUrl} frame-origins=${FRAME_ORIGINS} token-timeout=${extra ? Number(extra) : 10000}></pin-control>`,
  );
}

describe('pin-control token request', () => {
  failOnUncaughtErrors();

  it('POSTs {scope} as JSON, same-origin, with X-Requested-With: pin-control', async () => {
    const view = await element(RECORD_TOKEN);
    await ready(view);
    let last = await (await fetch(LAST_TOKEN_REQUEST)).json();
    expect(last.method).to.equal('POST');
    expect(JSON.parse(last.body)).to.deep.equal({ scope: 'VIEW_PIN' });
    expect(last.headers['x-requested-with']).to.equal('pin-control');
    expect(last.headers['content-type']).to.equal('application/json');
    const set = await fixture<PinControl>(html`<pin-control mode="set" token-url=${RECORD_TOKEN} frame-origins=${FRAME_ORIGINS}></pin-control>`);
    await ready(set);
    last = await (await fetch(LAST_TOKEN_REQUEST)).json();
    expect(JSON.parse(last.body)).to.deep.equal({ scope: 'SET_PIN' });
    expect(frameOf(set)!.src).to.equal(ECHO_FRAME);
  });

  for (const [name, url, code] of [
    ['a network error', FAIL.network, 'token-request-failed'],
    ['a 500', FAIL.status500, 'token-request-failed'],
    ['an HTML body', FAIL.html, 'token-response-invalid'],
    ['missing fields', FAIL.missingFields, 'token-response-invalid'],
    ['an oversized body', FAIL.oversized, 'token-response-invalid'],
    ['a 404 (no such endpoint)', '/test-api/no-such-endpoint', 'token-request-failed'],
  ] as const) {
    it(`${name} gives ${code}, the error state and no frame`, async () => {
      const el = await element(url);
      const events = recordEvents(el);
      const { detail } = await nextEvent(el, 'pin-control-error');
      expect(detail.code).to.equal(code);
      expect(detail.message).to.be.a('string').and.not.empty;
      expect(events.map((e) => e.type)).to.deep.equal(['pin-control-error']);
      expect(el.state).to.equal('error');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
      const panel = el.shadowRoot!.querySelector('[part="error"]')!;
      expect(panel.textContent).to.contain(detail.message);
      expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain(detail.message);
    });
  }

  it('(the network endpoint really drops the connection)', async () => {
    let failed = false;
    try {
      await fetch(FAIL.network, { method: 'POST' });
    } catch (error) {
      failed = error instanceof TypeError;
    }
    expect(failed).to.be.true;
  });

  it('a slow response past token-timeout gives token-timeout', async () => {
    const el = await element(FAIL.slow, '300');
    const started = performance.now();
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail.code).to.equal('token-timeout');
    expect(performance.now() - started).to.be.below(2000);
  });

  it('a tokenProvider that throws or answers wrongly gives its code', async () => {
    const throwing = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${async () => { throw new Error('no'); }}></pin-control>`,
    );
    expect((await nextEvent(throwing, 'pin-control-error')).detail.code).to.equal('token-request-failed');
    const wrong = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${async () => ({ id: 'x' })}></pin-control>`,
    );
    expect((await nextEvent(wrong, 'pin-control-error')).detail.code).to.equal('token-response-invalid');
  });

  it('the retry button starts over', async () => {
    let fail = true;
    const provider = async () => {
      if (fail) throw new Error('down');
      return { id: 'again', pinFrameURL: ECHO_FRAME };
    };
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
    await nextEvent(el, 'pin-control-error');
    await el.updateComplete;
    fail = false;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!;
    expect(button.textContent!.trim()).to.equal('Try again');
    button.click();
    await nextEvent(el, 'pin-control-ready');
    expect(el.state).to.equal('ready');
  });
});
