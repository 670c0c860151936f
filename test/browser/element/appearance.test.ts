// What the user sees and hears: CSS custom properties, the theme sent to the
// frame, states with an accessibility audit, languages, text overrides.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { ECHO_FRAME, FAIL, PROBE_ORIGIN, TRUSTED_TYPES_PAGE } from './endpoint-urls.js';
import { FRAME_ORIGINS, fixedProvider, frameOf, probeMessage, ready, sandboxTemplate, settle, nextEvent, tabInto } from './helpers.js';

const box = (el: PinControl) => el.shadowRoot!.querySelector<HTMLElement>('[part="container"]')!;
const statusText = (el: PinControl) => el.shadowRoot!.querySelector('[role="status"]')!.textContent.trim();

/** A provider that waits until released: the element stays in its loading state. */
function heldProvider() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const provider: TokenProvider = async () => {
    await gate;
    return { id: 'held', pinFrameURL: ECHO_FRAME };
  };
  return { provider, release: () => release() };
}

describe('pin-control styling', () => {
  it('--pin-control-* custom properties change the frame container and the error chrome', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(el);
    const before = getComputedStyle(box(el));
    expect(before.borderTopWidth).to.equal('1px');
    el.style.setProperty('--pin-control-border', '3px dashed rgb(255, 0, 0)');
    el.style.setProperty('--pin-control-radius', '9px');
    el.style.setProperty('--pin-control-height', '123px');
    el.style.setProperty('--pin-control-background', 'rgb(1, 2, 3)');
    el.style.setProperty('--pin-control-width', '321px');
    el.style.setProperty('--pin-control-color', 'rgb(4, 5, 6)');
    el.style.setProperty('--pin-control-font-family', 'monospace');
    el.style.setProperty('--pin-control-font-size', '21px');
    const style = getComputedStyle(box(el));
    expect(style.borderTopWidth).to.equal('3px');
    expect(style.borderTopStyle).to.equal('dashed');
    expect(style.borderTopColor).to.equal('rgb(255, 0, 0)');
    expect(style.borderTopLeftRadius).to.equal('9px');
    expect(style.height).to.equal('123px');
    expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style.color).to.equal('rgb(4, 5, 6)');
    expect(style.fontFamily).to.equal('monospace');
    expect(style.fontSize).to.equal('21px');
    expect(getComputedStyle(el).width).to.equal('321px');
    expect(box(el).getBoundingClientRect().height).to.equal(123);
  });

  it('error, accent and focus-ring tokens reach the error panel and its button', async () => {
    const el = await fixture<PinControl>(html`<pin-control token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}
      style="--pin-control-error-color: rgb(200, 0, 1); --pin-control-accent-color: rgb(0, 100, 2); --pin-control-focus-ring: 4px solid rgb(0, 0, 3)"></pin-control>`);
    await nextEvent(el, 'pin-control-error');
    await el.updateComplete;
    const panel = el.shadowRoot!.querySelector<HTMLElement>('[part="error"]')!;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!;
    expect(getComputedStyle(panel).color).to.equal('rgb(200, 0, 1)');
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(0, 100, 2)');
    // A real Tab into the element, so the focus is :focus-visible (a plain
    // Tab from a control just before it: WebKit's driver has no Shift+Tab).
    await tabInto(button, el);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(getComputedStyle(button).outlineWidth).to.equal('4px');
    expect(getComputedStyle(button).outlineColor).to.equal('rgb(0, 0, 3)');

    // Enter on the button: the button goes with the error, focus stays in the
    // element, on its box, ringed (not dropped to the page's body).
    await sendKeys({ press: 'Enter' });
    await nextEvent(el, 'pin-control-error'); // the endpoint fails the same way again
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part'), 'focus stays in the element, on its box').to.equal('container');
    expect(getComputedStyle(box(el)).outlineWidth).to.equal('4px');
  });

  it('sends the set --pin-control-* values to the frame as its theme, and again on refreshTheme()', async () => {
    const received = probeMessage((data) => data?.probe === 'received');
    const el =
      await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}
      style="--pin-control-color: #112233; --pin-control-font-size: 18px; --pin-control-height: 200px"></pin-control>`);
    const { data } = await received;
    expect(data.data.theme).to.deep.equal({ color: '#112233', 'font-size': '18px' });
    await ready(el);
    el.style.setProperty('--pin-control-accent-color', 'rebeccapurple');
    const again = probeMessage((d) => d?.probe === 'received');
    expect(el.refreshTheme()).to.be.true;
    expect((await again).data.data).to.deep.equal({
      event: 'theme',
      theme: { color: '#112233', 'font-size': '18px', 'accent-color': 'rebeccapurple' },
    });
  });
});

describe('pin-control states and accessibility', () => {
  it('loading: a busy skeleton (or the loading slot), announced politely; passes an audit', async () => {
    const held = heldProvider();
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${held.provider}></pin-control>`);
    expect(el.state).to.equal('loading');
    expect(box(el).getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelector('.skeleton')).to.exist;
    const status = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(status.getAttribute('part')).to.equal('status');
    expect(statusText(el)).to.equal('Loading the secure PIN view…');
    await expect(el).to.be.accessible();
    held.release();
    await ready(el);
    await el.updateComplete;
    expect(box(el).getAttribute('aria-busy')).to.equal('false');
    expect(el.shadowRoot!.querySelector('.skeleton')).to.equal(null);
  });

  it('loading slot replaces the skeleton', async () => {
    const held = heldProvider();
    const el = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${held.provider}><p slot="loading">Wait…</p></pin-control>`,
    );
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="loading"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Wait…');
    held.release();
  });

  it('ready against the sandbox frame: titled frame, status announced; passes an audit', async () => {
    const el = await fixture<PinControl>(sandboxTemplate('set'));
    await ready(el);
    await el.updateComplete;
    expect(statusText(el)).to.equal('Type your new PIN in the secure frame when it asks for it.');
    await expect(el).to.be.accessible();
  });

  it('view success is announced', async () => {
    const el = await fixture<PinControl>(sandboxTemplate('view'));
    await nextEvent(el, 'view-pin-success');
    await el.updateComplete;
    expect(statusText(el)).to.equal('PIN shown.');
  });

  it('error: a message, a retry button, the error slot; passes an audit', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}><span slot="error">Custom trouble</span></pin-control>`,
    );
    await nextEvent(el, 'pin-control-error');
    await el.updateComplete;
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="error"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Custom trouble');
    expect(el.shadowRoot!.querySelector('[part="retry"]')!.textContent.trim()).to.equal('Try again');
    expect(statusText(el)).to.equal('The PIN service is not available right now.');
    await expect(el).to.be.accessible();
    const plain = await fixture<PinControl>(html`<pin-control token-url=${FAIL.html} frame-origins=${FRAME_ORIGINS}></pin-control>`);
    await nextEvent(plain, 'pin-control-error');
    await plain.updateComplete;
    expect(plain.shadowRoot!.querySelector('[part="error"] p')!.textContent).to.equal('The PIN service gave an unexpected answer.');
    await expect(plain).to.be.accessible();
  });
});

describe('pin-control texts', () => {
  it('own lang wins, then the nearest ancestor lang, then en', async () => {
    const own = await fixture<PinControl>(
      html`<pin-control lang="fi" token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    expect((await nextEvent(own, 'pin-control-error')).detail.message).to.equal('PIN-palvelu ei ole juuri nyt käytettävissä.');
    await own.updateComplete;
    expect(own.shadowRoot!.querySelector('[part="retry"]')!.textContent.trim()).to.equal('Yritä uudelleen');
    // (A wrapper as the fixture root would make fixture() wait for an animation
    // frame, which never comes while another test file's tab is in front.)
    const section = document.createElement('section');
    section.lang = 'sv-FI';
    const inherited = await fixture<PinControl>(
      html`<pin-control token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}></pin-control>`,
      {
        parentNode: section,
      },
    );
    await nextEvent(inherited, 'pin-control-error');
    await inherited.updateComplete;
    expect(inherited.shadowRoot!.querySelector('[part="retry"]')!.textContent.trim()).to.equal('Försök igen');
    const fallback = await fixture<PinControl>(
      html`<pin-control lang="de" token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    expect((await nextEvent(fallback, 'pin-control-error')).detail.message).to.equal('The PIN service is not available right now.');
  });

  it('messages override texts; markup is sanitized by DOMPurify and passed as TrustedHTML through the pin-control policy', async () => {
    const tt = (window as unknown as { trustedTypes: { createPolicy: (...a: unknown[]) => unknown; isHTML: (v: unknown) => boolean } })
      .trustedTypes;
    const created: string[] = [];
    const realCreate = tt.createPolicy.bind(tt);
    tt.createPolicy = (name: unknown, rules: unknown) => {
      created.push(String(name));
      return realCreate(name, rules);
    };
    const realSetter = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!.set!;
    const assigned: unknown[] = [];
    Object.defineProperty(Element.prototype, 'innerHTML', {
      set(value: unknown) {
        assigned.push(value);
        realSetter.call(this, value);
      },
      configurable: true,
    });
    try {
      (window as unknown as { pwned?: boolean }).pwned = false;
      const el = await fixture<PinControl>(html`<pin-control token-url=${FAIL.status500} frame-origins=${FRAME_ORIGINS}
        .messages=${{
          retry: 'Again please',
          'token-request-failed':
            'Call <a href="tel:+358100" onclick="window.pwned=true">support</a> <strong>now</strong><img src=x onerror="window.pwned=true"><script>window.pwned=true</script>',
          fi: { retry: 'Uudestaan' },
        }}></pin-control>`);
      const { detail } = await nextEvent(el, 'pin-control-error');
      expect(detail.message).to.equal('The PIN service is not available right now.', 'details carry the built-in plain text');
      const panel = el.shadowRoot!.querySelector('[part="error"] p')!;
      await waitUntil(() => panel.querySelector('strong') !== null, 'sanitized markup rendered');
      expect(panel.innerHTML).to.contain('<a href="tel:+358100">support</a>');
      expect(panel.querySelector('img, script, [onclick], [onerror]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part="retry"]')!.textContent.trim()).to.equal('Again please');
      expect(created).to.include('pin-control');
      expect(
        assigned.some((value) => tt.isHTML(value)),
        'TrustedHTML assigned',
      ).to.be.true;
      await settle(50);
      expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
    } finally {
      Object.defineProperty(Element.prototype, 'innerHTML', { set: realSetter, configurable: true });
      tt.createPolicy = realCreate;
    }
  });
});

describe('pin-control where Trusted Types are enforced', () => {
  it('renders, and shows a markup override sanitized, with no policy violation', async () => {
    const frame = document.createElement('iframe');
    const result = new Promise<any>((resolve) =>
      window.addEventListener('message', function listener(event) {
        if (event.source === frame.contentWindow && event.data?.tt) {
          window.removeEventListener('message', listener);
          resolve(event.data.tt);
        }
      }),
    );
    frame.src = TRUSTED_TYPES_PAGE;
    document.body.append(frame);
    try {
      const tt = await result;
      expect(tt.sinkBlocked, 'enforcement is on').to.be.true;
      expect(tt.state).to.equal('error');
      expect(tt.html).to.contain('<span>Call <strong>support</strong></span>');
      expect(tt.html).to.not.contain('<img');
      expect(tt.violations).to.deep.equal([]);
      expect(tt.pwned).to.be.false;
    } finally {
      frame.remove();
    }
  });
});

describe('pin-control native bridge', () => {
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).android_handler;
    delete (window as unknown as Record<string, unknown>).webkit;
  });

  it('with native-bridge, every callback also reaches android_handler and ios_handler', async () => {
    const android: unknown[][] = [];
    const ios: unknown[] = [];
    Object.assign(window, {
      android_handler: {
        pin_valid: (valid: boolean) => android.push(['pin_valid', valid]),
        set_pin_success: () => android.push(['set_pin_success']),
      },
      webkit: { messageHandlers: { ios_handler: { postMessage: (message: unknown) => ios.push(message) } } },
    });
    const el = await fixture<PinControl>(
      html`<pin-control native-bridge mode="set" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(el);
    const target = frameOf(el)!.contentWindow!;
    target.postMessage({ echo: { event: 'pin_valid', pin_valid: true } }, PROBE_ORIGIN);
    await oneEvent(el, 'pin-valid');
    target.postMessage({ echo: { event: 'set_pin_success' } }, PROBE_ORIGIN);
    await oneEvent(el, 'set-pin-success');
    expect(android).to.deep.equal([['pin_valid', true], ['set_pin_success']]);
    expect(ios).to.deep.equal([{ event: 'pin_valid', pin_valid: true }, { event: 'set_pin_success' }]);
  });

  it('without native-bridge nothing is forwarded', async () => {
    const android: unknown[] = [];
    Object.assign(window, { android_handler: { view_pin_success: () => android.push(1) } });
    const el = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
    );
    await ready(el);
    frameOf(el)!.contentWindow!.postMessage({ echo: { event: 'view_pin_success' } }, PROBE_ORIGIN);
    await nextEvent(el, 'view-pin-success');
    expect(android).to.deep.equal([]);
  });
});
