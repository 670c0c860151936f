// The development build's console hints (src/dev-hints.ts), run through the
// element's own connect as the `development` export condition runs them:
// a misspelt or property-only attribute, a missing token source, an
// endpoint's refusal in its own words, and what each pin-control-error means
// for the developer. None of them holds a control id; a working flow logs nothing.
import './dev-mode-on.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { IDLE_HINT_MS } from '../../../src/dev-hints.js';
import type { PinControl } from '../../../src/index.js';
import { SANDBOX_ORIGIN } from '../../support/env.js';
import { ECHO_FRAME, SERVER_BODY_MARKER, failWithStatus } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  echoPinValid,
  failOnUncaughtErrors,
  fixedProvider,
  nextEvent,
  ready,
  recordingProvider,
  sandboxTemplate,
  settle,
} from './helpers.js';

/** What the element warns, as text (the element itself, logged beside each line, is left out). */
function recordWarnings() {
  const warn = console.warn;
  const lines: string[] = [];
  console.warn = (...args: unknown[]) => {
    lines.push(args.filter((arg) => typeof arg === 'string').join(' '));
    warn.apply(console, args);
  };
  return { lines, restore: () => (console.warn = warn) };
}

describe('pin-control development hints', () => {
  failOnUncaughtErrors();
  let warnings: ReturnType<typeof recordWarnings>;
  beforeEach(() => (warnings = recordWarnings()));
  afterEach(() => warnings.restore());
  const hinted = (text: string) => warnings.lines.filter((line) => line.includes(text));

  it('names the attribute a misspelt one meant, and says an element with no token source waits', async () => {
    const misspelt = await fixture<PinControl>(
      html`<pin-control tokenurl="/api/pin-control/token" frame-origins=${FRAME_ORIGINS}></pin-control>`,
    );
    // A provider set late, but before the hint's time, is no reason to warn.
    const late = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS}></pin-control>`);
    expect(hinted('ignores the attribute "tokenurl": did you mean "token-url"?')).to.have.length(1);
    setTimeout(() => (late.tokenProvider = fixedProvider(ECHO_FRAME).provider), IDLE_HINT_MS / 4);
    await waitUntil(() => hinted('no token source').length > 0, 'no idle hint', { timeout: IDLE_HINT_MS * 2 });
    await settle(200);
    expect(misspelt.state).to.equal('idle');
    expect(hinted('no token source'), 'one hint: the misspelt element, not the late one').to.have.length(1);
    expect(hinted('no token source')[0]).to.contain('token-url').and.contain('tokenProvider');
  });

  it('says which inputs are properties, which attribute is the frame key, and what a bad mode or origin entry does', async () => {
    await fixture(
      html`<pin-control
        tokenprovider="async function () {}"
        key="demo"
        mode="edit"
        frame-origins="https://pin.issuer.example/frame ${SANDBOX_ORIGIN}"
        class="x"
        data-test="1"
        aria-label="PIN"
      ></pin-control>`,
    );
    expect(hinted('"tokenprovider": tokenProvider is a property only')).to.have.length(1);
    expect(hinted('"key": the issuer\'s frame key is frame-key')).to.have.length(1);
    expect(hinted('mode="edit" is neither "view" nor "set"')).to.have.length(1);
    expect(hinted('frame-origins ignores "https://pin.issuer.example/frame"')).to.have.length(1);
    expect(
      warnings.lines.filter((line) => /class|data-test|aria-label/.test(line)),
      'global attributes are fine',
    ).to.deep.equal([]);
  });

  it("prints the endpoint's refusal in its own words, then what the code means", async () => {
    const el = await fixture<PinControl>(html`<pin-control token-url=${failWithStatus(403)} frame-origins=${FRAME_ORIGINS}></pin-control>`);
    await nextEvent(el, 'pin-control-error');
    expect(warnings.lines).to.have.length(2);
    expect(warnings.lines[0]).to.contain('answered 403: test-refusal').and.contain(SERVER_BODY_MARKER);
    expect(warnings.lines[1])
      .to.contain('pin-control-error token-request-failed (forbidden, HTTP 403)')
      .and.contain('allowedOrigins')
      .and.contain('export const prerender = false');
    // The cardholder's box says none of it.
    expect(el.shadowRoot!.textContent).not.to.contain(SERVER_BODY_MARKER);
  });

  it('tells a tokenProvider that threw without a status why it reads as network', async () => {
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS}></pin-control>`);
    el.tokenProvider = () => {
      throw new TypeError('a bug in the provider');
    };
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail.reason).to.equal('network');
    expect(warnings.lines).to.have.length(1);
    expect(warnings.lines[0]).to.contain('(network)').and.contain('without a numeric `status`');
    expect(warnings.lines[0], 'what it threw is not logged').not.to.contain('a bug in the provider');
  });

  it('names the refused frame origin and why, and frame-origins, without the URL, the key or the id', async () => {
    const { provider } = fixedProvider('https://pin.elsewhere.example/frame?key=dev-hint-key', 'dev-hint-secret-id');
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
    expect((await nextEvent(el, 'pin-control-error')).detail.code).to.equal('frame-origin-refused');
    expect(warnings.lines).to.have.length(2);
    expect(warnings.lines[0]).to.contain(`is on https://pin.elsewhere.example, which is not in frame-origins (${FRAME_ORIGINS})`);
    expect(warnings.lines[1]).to.contain('pin-control-error frame-origin-refused').and.contain(`now "${FRAME_ORIGINS}"`);
    for (const secret of ['/frame', 'dev-hint-key', 'dev-hint-secret-id']) expect(warnings.lines.join('\n')).not.to.contain(secret);
  });

  it("says at once when this page's own frame-url is refused, before any id is asked for", async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const el = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} frame-url=${`${location.origin}/frame`} .tokenProvider=${provider}></pin-control>`,
    );
    expect((await nextEvent(el, 'pin-control-error')).detail.code).to.equal('frame-origin-refused');
    expect(calls()).to.equal(0);
    expect(warnings.lines[0]).to.contain(`is on ${location.origin}, which is this page's own origin`);
  });

  it('says why setPin() sent nothing, and nothing when it sent', async () => {
    const { provider } = fixedProvider(ECHO_FRAME, 'dev-hint-set-id');
    const view = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
    const el = await fixture<PinControl>(
      html`<pin-control mode="set" frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
    );
    expect(el.setPin()).to.be.false;
    await ready(view);
    expect(view.setPin()).to.be.false;
    await ready(el);
    expect(el.setPin()).to.be.false;
    await echoPinValid(el, false);
    expect(el.setPin(), 'an invalid PIN is submitted too').to.be.true;
    expect(el.setPin()).to.be.false;
    expect(warnings.lines).to.deep.equal([
      "<pin-control> setPin() sent nothing: the element is loading; it submits only while ready, after the frame's first pin-valid.",
      '<pin-control> setPin() sent nothing: it submits only with mode="set".',
      '<pin-control> setPin() sent nothing: nothing is typed yet (no pin-valid from the frame). Enable your Set PIN button on pin-valid (e.detail.valid).',
      '<pin-control> setPin() sent nothing: a submit is pending. It ends in set-pin-success, set-pin-error (a retry) or set-pin-validation-error (setPin() works again).',
    ]);
  });

  it('logs nothing on a working flow, and never a control id', async () => {
    const { provider, ids } = recordingProvider();
    const el = await fixture<PinControl>(sandboxTemplate('view', { provider }));
    await nextEvent(el, 'view-pin-success');
    const invalid = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(`${ECHO_FRAME}?c=dev-hint-id-1`, 'dev-hint-id').provider}></pin-control>`,
    );
    expect((await nextEvent(invalid, 'pin-control-error')).detail.code).to.equal('token-response-invalid');
    expect(ids).to.have.length(1);
    expect(warnings.lines, 'one hint: the invalid answer').to.have.length(1);
    expect(warnings.lines[0]).to.contain('export const prerender = false');
    for (const id of [...ids, 'dev-hint-id-1']) expect(warnings.lines.join('\n')).not.to.contain(id);
  });
});
