// The token request: its shape, and each failure of the endpoint giving its
// stable code, its reason, status and wait, its sentence, an error state with
// no frame, and a retry button only where a retry can succeed.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PinControl, TokenFailureReason } from '../../../src/index.js';
import { TEXTS } from '../../../src/texts.js';
import { ECHO_FRAME, FAIL, LAST_TOKEN_REQUEST, RECORD_TOKEN, SERVER_BODY_MARKER, failWithStatus } from './endpoint-urls.js';
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
    const set = await fixture<PinControl>(
      html`<pin-control mode="set" token-url=${RECORD_TOKEN} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
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
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${async () => {
        throw new Error('no');
      }}></pin-control>`,
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
    expect(button.textContent.trim()).to.equal('Try again');
    button.click();
    await nextEvent(el, 'pin-control-ready');
    expect(el.state).to.equal('ready');
  });
});

// Each way the token request can fail: its reason, status and wait in the
// event, its sentence in the panel and the status region, and whether the
// retry button is offered.
describe('pin-control token failures: reason, sentence, retry rule', () => {
  failOnUncaughtErrors();

  const cases: Array<{
    what: string;
    url: string;
    code: string;
    reason: TokenFailureReason;
    status?: number;
    retry: boolean;
    timeout?: number;
  }> = [
    { what: '401', url: failWithStatus(401), code: 'token-request-failed', reason: 'unauthorized', status: 401, retry: false },
    { what: '403', url: failWithStatus(403), code: 'token-request-failed', reason: 'forbidden', status: 403, retry: false },
    { what: '409', url: failWithStatus(409), code: 'token-request-failed', reason: 'conflict', status: 409, retry: false },
    { what: '500', url: failWithStatus(500), code: 'token-request-failed', reason: 'unavailable', status: 500, retry: true },
    { what: '502', url: failWithStatus(502), code: 'token-request-failed', reason: 'unavailable', status: 502, retry: true },
    { what: '503', url: failWithStatus(503), code: 'token-request-failed', reason: 'unavailable', status: 503, retry: true },
    { what: '504', url: failWithStatus(504), code: 'token-request-failed', reason: 'timeout', status: 504, retry: true },
    {
      what: 'a 404 (no such endpoint)',
      url: '/test-api/no-such-endpoint',
      code: 'token-request-failed',
      reason: 'unavailable',
      status: 404,
      retry: true,
    },
    { what: 'a network error', url: FAIL.network, code: 'token-request-failed', reason: 'network', retry: true },
    { what: 'no answer within token-timeout', url: FAIL.slow, code: 'token-timeout', reason: 'timeout', retry: true, timeout: 300 },
    { what: 'bad JSON', url: FAIL.badJson, code: 'token-response-invalid', reason: 'invalid-response', status: 200, retry: true },
    { what: 'an HTML page', url: FAIL.html, code: 'token-response-invalid', reason: 'invalid-response', status: 200, retry: true },
  ];

  for (const { what, url, code, reason, status, retry, timeout } of cases) {
    it(`${what} → ${code} / ${reason}${status ? ` / ${status}` : ''}, its sentence, ${retry ? 'a' : 'no'} retry button`, async () => {
      const el = await fixture<PinControl>(
        html`<pin-control token-url=${url} frame-origins=${FRAME_ORIGINS} token-timeout=${timeout ?? 10000}></pin-control>`,
      );
      const { detail } = await nextEvent(el, 'pin-control-error');
      const expected: Record<string, unknown> = { code, message: TEXTS.en[reason], reason };
      if (status !== undefined) expected.status = status;
      expect(detail).to.deep.equal(expected);
      await el.updateComplete;
      expect(panelText(el)).to.contain(TEXTS.en[reason]);
      expect(statusText(el)).to.contain(TEXTS.en[reason]);
      expect(el.shadowRoot!.textContent).not.to.contain(SERVER_BODY_MARKER);
      expect(hasRetryButton(el), 'retry button').to.equal(retry);
      expect(waitText(el), 'no wait shown').to.equal(undefined);
      await expect(el).to.be.accessible();
    });
  }

  it('429 with Retry-After: the wait is stated and counts down, the retry button comes only after it', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control token-url=${failWithStatus(429, 2)} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail).to.deep.equal({
      code: 'token-request-failed',
      message: TEXTS.en['rate-limited'],
      reason: 'rate-limited',
      status: 429,
      retryAfter: 2,
    });
    await el.updateComplete;
    expect(panelText(el)).to.contain(TEXTS.en['rate-limited']);
    expect(waitText(el)).to.equal('Wait 2 seconds, then try again.');
    expect(statusText(el)).to.equal(`${TEXTS.en['rate-limited']} Wait 2 seconds, then try again.`);
    expect(hasRetryButton(el), 'no retry button').to.equal(false);
    await waitUntil(() => waitText(el) === 'Wait 1 second, then try again.', 'the wait counts down', { timeout: 2500 });
    expect(statusText(el), 'the live region says the wait once, not every second').to.equal(
      `${TEXTS.en['rate-limited']} Wait 2 seconds, then try again.`,
    );
    expect(hasRetryButton(el), 'no retry button').to.equal(false);
    await waitUntil(() => hasRetryButton(el), 'the retry button after the wait', { timeout: 2500 });
    expect(waitText(el), 'no wait shown').to.equal(undefined);
    expect(statusText(el)).to.equal(`${TEXTS.en['rate-limited']} ${TEXTS.en.retryReady}`);
    await expect(el).to.be.accessible();
    retryButton(el)!.click();
    expect((await nextEvent(el, 'pin-control-error')).detail.reason, 'the button starts over').to.equal('rate-limited');
  });

  it('429 without Retry-After waits the default 10 seconds', async () => {
    const el = await fixture<PinControl>(html`<pin-control token-url=${failWithStatus(429)} frame-origins=${FRAME_ORIGINS}></pin-control>`);
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail.retryAfter).to.equal(10);
    await el.updateComplete;
    expect(waitText(el)).to.equal('Wait 10 seconds, then try again.');
    expect(hasRetryButton(el), 'no retry button').to.equal(false);
  });

  it('503 with Retry-After also waits before offering a retry', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control token-url=${failWithStatus(503, 120)} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail).to.include({ reason: 'unavailable', status: 503, retryAfter: 120 });
    await el.updateComplete;
    expect(waitText(el)).to.equal('Wait 2 minutes, then try again.');
    expect(hasRetryButton(el), 'no retry button').to.equal(false);
  });

  it('the sentences and the wait in Finnish and Swedish', async () => {
    const fi = await fixture<PinControl>(
      html`<pin-control lang="fi" token-url=${failWithStatus(429, 30)} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    expect((await nextEvent(fi, 'pin-control-error')).detail.message).to.equal(TEXTS.fi!['rate-limited']);
    await fi.updateComplete;
    expect(waitText(fi)).to.equal('Odota 30 sekuntia ja yritä sitten uudelleen.');
    const sv = await fixture<PinControl>(
      html`<pin-control lang="sv" token-url=${failWithStatus(409)} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    expect((await nextEvent(sv, 'pin-control-error')).detail.message).to.equal(TEXTS.sv!.conflict);
    await sv.updateComplete;
    expect(panelText(sv)).to.contain(TEXTS.sv!.conflict);
  });

  it('messages override a reason, or every reason of a code', async () => {
    const messages = { 'token-request-failed': 'Call us.', conflict: 'Ask the bank.' };
    const conflict = await fixture<PinControl>(
      html`<pin-control token-url=${failWithStatus(409)} frame-origins=${FRAME_ORIGINS} .messages=${messages}></pin-control>`,
    );
    await nextEvent(conflict, 'pin-control-error');
    await conflict.updateComplete;
    expect(panelText(conflict)).to.contain('Ask the bank.');
    const other = await fixture<PinControl>(
      html`<pin-control token-url=${failWithStatus(500)} frame-origins=${FRAME_ORIGINS} .messages=${messages}></pin-control>`,
    );
    await nextEvent(other, 'pin-control-error');
    await other.updateComplete;
    expect(panelText(other)).to.contain('Call us.');
  });

  it('a tokenProvider that throws {status, retryAfter} gives that reason; any other throw is network', async () => {
    const refuse = (fields: object) => async () => {
      throw Object.assign(new Error('token'), fields);
    };
    const conflict = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${refuse({ status: 409 })}></pin-control>`,
    );
    expect((await nextEvent(conflict, 'pin-control-error')).detail).to.include({
      code: 'token-request-failed',
      reason: 'conflict',
      status: 409,
    });
    await conflict.updateComplete;
    expect(hasRetryButton(conflict), 'no retry button').to.equal(false);
    const limited = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${refuse({ status: 429, retryAfter: '7' })}></pin-control>`,
    );
    expect((await nextEvent(limited, 'pin-control-error')).detail).to.include({ reason: 'rate-limited', status: 429, retryAfter: 7 });
    const down = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${refuse({})}></pin-control>`);
    const { detail } = await nextEvent(down, 'pin-control-error');
    expect(detail).to.deep.equal({ code: 'token-request-failed', message: TEXTS.en.network, reason: 'network' });
    await down.updateComplete;
    expect(hasRetryButton(down), 'a retry button').to.equal(true);
  });
});

function panelText(el: PinControl): string {
  return el.shadowRoot!.querySelector('[part="error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function statusText(el: PinControl): string {
  return el.shadowRoot!.querySelector('[role="status"]')!.textContent.replace(/\s+/g, ' ').trim();
}

function waitText(el: PinControl): string | undefined {
  return el.shadowRoot!.querySelector('[part="wait"]')?.textContent?.replace(/\s+/g, ' ').trim();
}

function hasRetryButton(el: PinControl): boolean {
  return retryButton(el) !== null;
}

function retryButton(el: PinControl): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]');
}
