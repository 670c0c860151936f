// The iframe the element renders, the URLs it refuses, what it posts to the
// frame, and where the control id must never show up.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { SANDBOX_ORIGIN } from '../../support/env.js';
import { TEST_KEY, TOKEN_ENDPOINT } from '../../support/sandbox-fixtures.js';
import { ECHO_FRAME, PROBE_ORIGIN } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  echoPinValid,
  fixedProvider,
  focusFrameInput,
  frameOf,
  gatedProvider,
  navigateFrameElsewhere,
  probeMessage,
  ready,
  recordEvents,
  recordingProvider,
  sandboxTemplate,
  settle,
  nextEvent,
} from './helpers.js';
import { sendKeys } from '@web/test-runner-commands';

describe('pin-control frame', () => {
  it('has exactly the sandbox tokens, no-referrer, a title, part=frame and no delegated permissions', async () => {
    const el = await fixture<PinControl>(sandboxTemplate('view'));
    await nextEvent(el, 'pin-control-ready');
    const frame = frameOf(el)!;
    expect(frame.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin allow-forms');
    expect([...frame.sandbox].sort()).to.deep.equal(['allow-forms', 'allow-same-origin', 'allow-scripts']);
    expect(frame.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(frame.getAttribute('title')).to.equal('Card PIN');
    expect(frame.getAttribute('part')).to.equal('frame');
    expect(frame.hasAttribute('allow')).to.be.false;
    expect(frame.hasAttribute('allowfullscreen')).to.be.false;
    expect(frame.getAttribute('src')).to.equal(`${SANDBOX_ORIGIN}/pincontrol/v2/frame?key=${TEST_KEY}`);
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  });

  it('takes its title from label, or a localized default per mode', async () => {
    const labelled = await fixture<PinControl>(
      html`<pin-control label="Your card's PIN" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(labelled);
    expect(frameOf(labelled)!.title).to.equal("Your card's PIN");
    const set = await fixture<PinControl>(
      html`<pin-control mode="set" lang="fi" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(set);
    expect(frameOf(set)!.title).to.equal('Valitse kortin PIN-koodi');
  });

  for (const [name, url] of [
    ['javascript:', 'javascript:alert(document.domain)'],
    ['data:', 'data:text/html,<script>parent.postMessage({event:"view_pin_success"},"*")</script>'],
    ['non-allowlisted', 'https://evil.example/pincontrol/v2/frame'],
    ['http on a public host', 'http://pin.example.com/frame'],
    ['same-origin as the page', `${location.origin}/pincontrol/v2/frame`],
    ['relative', '/pincontrol/v2/frame'],
  ] as const) {
    it(`refuses a ${name} pinFrameURL with frame-origin-refused and renders no iframe`, async () => {
      const { provider } = fixedProvider(url);
      // The page's own origin is even listed: a same-origin frame is still refused.
      const el = await fixture<PinControl>(
        html`<pin-control frame-origins="${FRAME_ORIGINS} ${location.origin} https://evil.example.com" .tokenProvider=${provider}></pin-control>`,
      );
      const { detail } = await nextEvent(el, 'pin-control-error');
      expect(detail.code).to.equal('frame-origin-refused');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
      expect(el.state).to.equal('error');
      // The page's configuration: a retry would mint another id and fail the same way.
      expect(el.shadowRoot!.querySelectorAll('[part="retry"]'), 'no retry button').to.have.length(0);
    });
  }

  it('refuses a bad frame-url before asking for a token', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const codes: string[] = [];
    const el = await fixture<PinControl>(
      html`<pin-control
        frame-url="javascript:alert(1)"
        frame-origins=${FRAME_ORIGINS}
        .tokenProvider=${provider}
        @pin-control-error=${(e: CustomEvent<{ code: string }>) => codes.push(e.detail.code)}
      ></pin-control>`,
    );
    await settle(100);
    expect(codes).to.deep.equal(['frame-origin-refused']);
    expect(calls()).to.equal(0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
  });

  it('with frame-url, the frame loads while the token is fetched, and the same frame gets the id', async () => {
    const { provider, release } = gatedProvider(ECHO_FRAME, 'preloaded-id');
    const loaded = probeMessage((data) => data?.probe === 'loaded');
    const el = await fixture<PinControl>(
      html`<pin-control frame-url=${ECHO_FRAME} frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
    );
    await loaded;
    expect(el.state).to.equal('loading');
    const early = frameOf(el)!;
    const received = probeMessage((data) => data?.probe === 'received');
    release();
    const { data } = await received;
    expect(data.data).to.deep.equal({ operation: 'view-pin', controlId: 'preloaded-id' });
    expect(data.origin).to.equal(location.origin);
    expect(frameOf(el) === early, 'the preloaded frame was kept').to.be.true;
    expect(el.state).to.equal('ready');
  });

  it('posts {operation, controlId} once to the frame, and {event: "set_pin"} once per setPin()', async () => {
    const messages: unknown[] = [];
    const onMessage = (event: MessageEvent) => {
      if (event.origin === PROBE_ORIGIN && event.data?.probe === 'received') messages.push(event.data.data);
    };
    window.addEventListener('message', onMessage);
    const el = await fixture<PinControl>(
      html`<pin-control mode="set" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME, 'set-id').provider}></pin-control>`,
    );
    await ready(el);
    await waitUntil(() => messages.length === 1);
    expect(messages[0]).to.deep.equal({ operation: 'set-pin', controlId: 'set-id-1' });
    expect(el.setPin(), 'nothing typed yet: no submit').to.be.false;
    await echoPinValid(el);
    expect(el.setPin()).to.be.true;
    expect(el.setPin()).to.be.false;
    await waitUntil(() => messages.length === 2);
    expect(messages[1]).to.deep.equal({ event: 'set_pin' });
    await settle(100);
    expect(messages).to.have.length(2);
    window.removeEventListener('message', onMessage);
  });

  it('posts only to the frame origin: a frame that navigated elsewhere gets neither the id nor the theme', async () => {
    const { provider, release } = gatedProvider(ECHO_FRAME, 'must-not-arrive');
    const loaded = probeMessage((data) => data?.probe === 'loaded');
    const el = await fixture<PinControl>(
      html`<pin-control mode="set" style="--pin-control-color: #123456" frame-url=${ECHO_FRAME} frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
    );
    await loaded;
    await settle(200); // the frame's load event has reached the element
    const target = await navigateFrameElsewhere(el);
    const heard: unknown[] = [];
    const onMessage = (event: MessageEvent) => {
      if (event.source === target && event.data?.probe === 'received') heard.push(event.data.data);
    };
    window.addEventListener('message', onMessage);
    try {
      release();
      await nextEvent(el, 'pin-control-ready');
      // Nothing from the frame origin said pin_valid, so there is no set_pin to send
      // (hostile-fixtures sends one after such a navigation); the theme goes regardless.
      expect(el.setPin()).to.be.false;
      expect(el.refreshTheme()).to.be.true;
      await settle(300);
      expect(heard).to.deep.equal([]);
    } finally {
      window.removeEventListener('message', onMessage);
    }
  });

  it('refuses a pinFrameURL that carries the control id, however escaped (token-response-invalid, no iframe)', async () => {
    const every = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    for (const [id, url] of [
      ['probe-control-id-1', `${ECHO_FRAME}?session=probe-control-id-1`],
      ['probe-control-id-1', `${ECHO_FRAME}#probe-control-id-1`],
      ['id/with+1', `${ECHO_FRAME}?s=${encodeURIComponent('id/with+1')}`],
      ['id/with+1', `${ECHO_FRAME}?s=id%2fwith%2b1`], // lowercase hex
      ['probe-control-id-2', `${ECHO_FRAME}/${every('probe-control-id-2')}`], // every character escaped
      ['probe control id 3', `${ECHO_FRAME}/probe+control+id+3`], // + in the path
      ["probe'control'id'4", `${ECHO_FRAME}?s=probe%27control%27id%274`], // %27
      ['probe-control-id-5', `${ECHO_FRAME}/${every(every('probe-control-id-5'))}`], // escaped twice
    ]) {
      const provider: TokenProvider = async () => ({ id: id!, pinFrameURL: url! });
      const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
      const { detail } = await nextEvent(el, 'pin-control-error', 5000);
      expect(detail.code, url).to.equal('token-response-invalid');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('iframe'), url).to.have.length(0);
    }
  });

  it('adds key to the frame URL only when it lacks one', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control frame-key="k-1" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(`${ECHO_FRAME}?key=own`).provider}></pin-control>`,
    );
    await ready(el);
    expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=own`);
    const other = await fixture<PinControl>(
      html`<pin-control frame-key="k 2" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(other);
    expect(frameOf(other)!.src).to.equal(`${ECHO_FRAME}?key=k+2`);
  });
});

describe('the control id never leaks', () => {
  const logged: string[] = [];
  const originals: Partial<Record<'log' | 'info' | 'warn' | 'error' | 'debug', (...args: unknown[]) => void>> = {};
  before(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      originals[level] = console[level];
      console[level] = (...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
        originals[level]!.apply(console, args);
      };
    }
  });
  after(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) console[level] = originals[level]!;
  });

  function expectNoLeak(el: PinControl, ids: string[], details: unknown[]) {
    expect(ids.length).to.be.greaterThan(0);
    const frame = frameOf(el);
    const places: Record<string, string> = {
      light: el.outerHTML,
      shadow: el.shadowRoot!.innerHTML,
      text: el.shadowRoot!.textContent ?? '',
      attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
      frameAttributes: frame ? [...frame.attributes].map((a) => `${a.name}=${a.value}`).join(' ') : '',
      frameURL: frame?.src ?? '',
      details: JSON.stringify(details),
      console: logged.join('\n'),
      properties: Object.keys(el)
        .concat(Object.getOwnPropertyNames(Object.getPrototypeOf(el)))
        .map((key) => {
          try {
            const value = (el as unknown as Record<string, unknown>)[key];
            return typeof value === 'string' ? value : '';
          } catch {
            return '';
          }
        })
        .join(' '),
    };
    for (const id of ids) {
      for (const [place, text] of Object.entries(places)) expect(text.includes(id), `id in ${place}`).to.be.false;
    }
  }

  it('view flow against the sandbox', async () => {
    const { provider, ids } = recordingProvider();
    const el = await fixture<PinControl>(sandboxTemplate('view', { provider }));
    const events = recordEvents(el);
    await nextEvent(el, 'view-pin-success');
    await el.updateComplete;
    expectNoLeak(el, ids, events);
  });

  it('set flow against the sandbox, with typing and a validation error', async () => {
    const { provider, ids } = recordingProvider();
    const el = await fixture<PinControl>(sandboxTemplate('set', { provider }));
    const events = recordEvents(el);
    await ready(el);
    await settle(300);
    await focusFrameInput(el);
    await sendKeys({ type: '1111' });
    await settle(200);
    const refused = oneEvent(el, 'set-pin-validation-error');
    el.setPin();
    await refused;
    expectNoLeak(el, ids, events);
  });

  it('a token-url flow (the id comes from the endpoint)', async () => {
    const ids: string[] = [];
    const realFetch = window.fetch;
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      if (String(args[0]).endsWith(TOKEN_ENDPOINT)) ids.push(((await response.clone().json()) as { id: string }).id);
      return response;
    };
    try {
      const el = await fixture<PinControl>(sandboxTemplate('view'));
      const events = recordEvents(el);
      await nextEvent(el, 'view-pin-success');
      await el.updateComplete;
      expectNoLeak(el, ids, events);
    } finally {
      window.fetch = realFetch;
    }
  });
});
