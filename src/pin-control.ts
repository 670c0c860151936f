import { html, nothing } from 'lit-html';
import { createPinControlEvent, type ErrorCode, type PinControlErrorDetail, type PinControlEventMap, type RestartCause } from './events.js';
import { expiryNotice } from './expiry-notice.js';
import { Flow, flowInputs, hasTokenSource, planRun, type FlowInputs, type FlowState } from './flow.js';
import { FrameChannel } from './frame-channel.js';
import { frameFor, type ShownFrame } from './frame-element.js';
import { forwardToNative } from './native-bridge.js';
import { carriesId, checkFrameURL, parseFrameOrigins } from './origin-policy.js';
import { PinControlInputs, duration } from './pin-control-inputs.js';
import { eventName, operationMessage, scopeFor, setPinMessage, themeMessage, type FrameMessage } from './protocol.js';
import { liveElements } from './relocalize.js';
import { RichTexts } from './rich-text.js';
import { ShownError } from './shown-error.js';
import { styles } from './styles.js';
import { errorText, languageOf, retryWaitText, statusText, textsFor, type Texts } from './texts.js';
import { ThemeRead, themeOf } from './theme-read.js';
import { requestToken, tokenFailure } from './token-client.js';
import { DEV_MODE } from './dev-mode.js';
import { hintUnsentPin, watchForHints } from './dev-hints.js';

/**
 * Shows or sets a card PIN in the issuer's cross-origin frame, so the page
 * itself never touches the PIN. Gets a 30-second control id from the
 * integrator's `token-url` (or `tokenProvider`), loads the frame from an
 * allowed origin and hands it the id by `postMessage`.
 * Its inputs, and how late or changed ones behave: PinControlInputs.
 *
 * @summary Card PIN view and set through the issuer's isolated frame.
 * @tag pin-control
 *
 * @fires {CustomEvent<null>} view-pin-success - The frame showed the PIN (view mode). Terminal.
 * @fires {CustomEvent<null>} view-pin-error - The frame could not show the PIN (view mode). Terminal.
 * @fires {CustomEvent<null>} set-pin-success - The new PIN was set (set mode). Terminal.
 * @fires {CustomEvent<null>} set-pin-error - Setting failed; the element restarts with a fresh id while `retries` last.
 * @fires {CustomEvent<null>} set-pin-validation-error - The submitted PIN was refused; the user may fix it and submit again.
 * @fires {CustomEvent<PinValidDetail>} pin-valid - After every change of the PIN input (set mode): `detail.valid` is a boolean.
 * @fires {CustomEvent<PinControlReadyDetail>} pin-control-ready - The control id went to the frame. Not a sign that the frame is live: in view mode that is view-pin-success (or frame-unresponsive). `detail.restart`: null, or why the element retried (token-expired, set-pin-error, frame-load-timeout, frame-unresponsive).
 * @fires {CustomEvent<PinControlErrorDetail>} pin-control-error - The flow stopped; `detail.code` is stable: token-request-failed, token-response-invalid, token-timeout (each with `detail.reason` unauthorized, forbidden, conflict, rate-limited, unavailable, network, timeout or invalid-response, `detail.status` when the endpoint answered, `detail.retryAfter` seconds for rate-limited), frame-origin-refused, frame-unresponsive (view mode: the frame never answered the hand-over, after a retry too), retries-exhausted (with `detail.cause` frame-load-timeout, token-expired or set-pin-error).
 *
 * @cssprop [--pin-control-width=100%] - Width of the element.
 * @cssprop [--pin-control-height=16rem] - Height of the frame box.
 * @cssprop [--pin-control-border=1px solid #c4c7cc] - Border of the frame box.
 * @cssprop [--pin-control-radius=0.5rem] - Corner radius of the frame box and button.
 * @cssprop [--pin-control-background=#ffffff] - Background of the frame box (also sent to the frame).
 * @cssprop [--pin-control-color=#1b1d21] - Text color (also sent to the frame).
 * @cssprop [--pin-control-font-family=system-ui, sans-serif] - Font family (also sent to the frame).
 * @cssprop [--pin-control-font-size=1rem] - Font size (also sent to the frame).
 * @cssprop [--pin-control-accent-color=#0b57d0] - Retry button color (also sent to the frame).
 * @cssprop [--pin-control-error-color=#b3261e] - Error text color (also sent to the frame).
 * @cssprop [--pin-control-focus-ring=2px solid #0b57d0] - Outline around the frame box and button when focused.
 *
 * @csspart container - The box holding the skeleton, the frame or the error panel.
 * @csspart frame - The issuer's iframe.
 * @csspart status - The polite live region announcing state changes (visually hidden).
 * @csspart error - The error panel.
 * @csspart retry - The error panel's retry button: only where a retry can succeed, and after any wait the server asked for.
 * @csspart wait - The error panel's countdown to when a retry may be tried (rate-limited, or a server that sent Retry-After).
 * @csspart notice - Set mode, above the frame, after a retry for an expired id or a refused stale submit: "The secure session timed out. Type your new PIN again." Said once by `status`; gone at the next pin-valid.
 * @csspart notice-close - The notice's close button (named "Close the notice").
 *
 * @slot loading - Shown while loading; default: a quiet skeleton.
 * @slot error - The error message; default: a localized sentence per code and reason. The wait and the retry button stay.
 */
export class PinControl extends PinControlInputs {
  static override styles = styles;

  #flow = new Flow();
  #run: AbortController | undefined;
  // The frame: its window, origin and source checks, posting, listener and timers.
  #channel = new FrameChannel({
    operation: (controlId) => operationMessage(this.#flow.mode, controlId, this.#themeRead.theme(this)),
    handedOver: () => {
      this.#flow.posted();
      this.requestUpdate();
      this.#emit('pin-control-ready', { restart: this.#flow.restart });
    },
    failed: (why) => this.#retryOrFail(why),
    message: (message) => this.#onMessage(message),
  });
  #error: ShownError | undefined;
  /** The inputs the current run (or idle wait) started with; undefined while disconnected. */
  #startedWith: FlowInputs | undefined;
  #rich = new RichTexts(this);
  #themeRead = new ThemeRead();
  #shown: ShownFrame | undefined;

  /** `idle`, `loading`, `ready`, `success` or `error`. */
  get state(): FlowState {
    return this.#flow.state;
  }

  /** The frame's last `pin_valid`, or null before any. */
  get pinValid(): boolean | null {
    return this.#flow.pinValid;
  }

  /** Asks the frame to submit the typed PIN (set mode, ready, after the first pin-valid, once until a validation error). */
  setPin(): boolean {
    const sent = this.#channel.loaded && this.#flow.submit() && this.#channel.post(setPinMessage());
    if (DEV_MODE && !sent) hintUnsentPin(this);
    return sent;
  }

  /** Starts over: a new token, a new frame, a full retry budget. */
  restart(): void {
    if (this.isConnected) this.#begin(flowInputs(this));
  }

  /** Sends the current `--pin-control-*` values to the frame again (e.g. after a theme switch). */
  refreshTheme(): boolean {
    const theme = themeOf(this);
    return !!theme && (this.state === 'ready' || this.state === 'success') && this.#channel.post(themeMessage(theme));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    liveElements.add(this);
    // The token request leaves now, not at the first render; willUpdate batches later changes.
    if (this.#startedWith === undefined && hasTokenSource(flowInputs(this))) this.#begin(flowInputs(this));
    this.requestUpdate(); // the next willUpdate starts the run (or waits for a token source)
    if (DEV_MODE) watchForHints(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    liveElements.delete(this);
    this.#startedWith = undefined;
    this.#teardown();
    this.#flow.stop();
  }

  // Every input set in one task lands in one update: at most one start per update.
  protected override willUpdate(): void {
    if (!this.isConnected) return;
    const inputs = flowInputs(this);
    if (planRun(this.#startedWith, inputs) !== 'keep') this.#begin(inputs);
  }

  protected override render() {
    const texts = this.#texts();
    const state = this.state;
    const frame = this.#channel.frame;
    const title = this.label || (this.mode === 'set' ? texts.frameTitleSet : texts.frameTitleView);
    this.#shown = frame && frameFor(this.#shown, frame, title, this.#channel);
    return html`
      ${this.#flow.notice ? expiryNotice(this.#text(texts.expiredNotice), texts.closeNotice, this.#dismiss) : nothing}
      <div class="box" part="container" tabindex="-1" aria-busy=${state === 'loading' ? 'true' : 'false'}>
        ${
          state === 'loading'
            ? html`<slot name="loading"><div class="skeleton"></div></slot>`
            : state === 'error'
              ? html`<div class="error" part="error">
              <slot name="error"><p>${this.#text(this.#errorSentence())}</p></slot>
              ${
                this.#error?.waitLeft
                  ? html`<p part="wait">${this.#text(retryWaitText(languageOf(this), texts, this.#error.waitLeft))}</p>`
                  : nothing
              }
              ${
                (this.#error?.retryOffered ?? true)
                  ? // The button goes with the error: focus moves to the box, not to the page's start.
                    html`<button type="button" part="retry" @click=${(e: Event) => {
                      this.restart();
                      (e.target as Element).closest<HTMLElement>('.box')!.focus();
                    }}>${texts.retry}</button>`
                  : nothing
              }
            </div>`
              : nothing
        }
        ${this.#shown?.iframe}
      </div>
      <div class="status" part="status" role="status">${this.#text(this.#flow.notice ? texts.expiredNotice : statusText(texts, this.state, this.mode === 'set', this.#errorSentence(), this.#error, languageOf(this)))}</div>
    `;
  }

  /** A new run with a full retry budget, or idle until a token source is set. */
  #begin(inputs: FlowInputs): void {
    if (hasTokenSource(inputs)) return this.#start(null, inputs);
    this.#startedWith = inputs;
    this.#teardown();
    this.#flow.stop();
  }

  /** A run: a retry for `restart` spends one of the budget, a run the page started (null) resets it. */
  #start(restart: RestartCause | null, inputs = flowInputs(this)): void {
    this.#teardown();
    const run = new AbortController();
    this.#run = run;
    this.#startedWith = inputs;
    this.#flow.begin(inputs.mode, restart ? undefined : this.retries, restart);
    this.#themeRead.start(this);
    // Safety net: whatever goes wrong ends in a pin-control-error, never an unhandled rejection.
    this.#load(inputs, run.signal).catch(() => run.signal.aborted || this.#fail('token-request-failed', { reason: 'unavailable' }));
  }

  async #load(inputs: FlowInputs, signal: AbortSignal): Promise<void> {
    const policy = { origins: parseFrameOrigins(inputs.frameOrigins).origins, pageOrigin: location.origin, frameKey: inputs.frameKey };
    const frameTimeoutMs = duration(this.frameTimeout, 15_000);
    if (inputs.frameUrl) {
      const preload = checkFrameURL(inputs.frameUrl, policy);
      if (!preload.ok) return this.#fail('frame-origin-refused');
      this.#channel.open(preload.url, preload.origin, frameTimeoutMs);
      this.requestUpdate();
    }
    const requestedAt = performance.now(); // monotonic: a clock change cannot make an id look fresh
    const result = await requestToken({
      scope: scopeFor(inputs.mode),
      signal,
      timeoutMs: duration(this.tokenTimeout, 10_000),
      url: inputs.tokenUrl,
      provider: inputs.tokenProvider,
    });
    if (signal.aborted) return;
    if (!result.ok) return result.code === 'aborted' ? undefined : this.#fail(result.code, tokenFailure(result));
    const { id, pinFrameURL } = result.token;
    const checked = checkFrameURL(pinFrameURL, policy);
    if (!checked.ok) return this.#fail('frame-origin-refused');
    // The id travels only by postMessage, never in a URL.
    if (carriesId(checked.url, id)) return this.#fail('token-response-invalid', { reason: 'invalid-response' });
    if (this.#channel.frame?.src !== checked.url) this.#channel.open(checked.url, checked.origin, frameTimeoutMs);
    this.requestUpdate();
    this.#channel.give(id, requestedAt);
  }

  /** A callback from the frame, already checked by origin, source window and shape; true when it counted. */
  #onMessage(message: FrameMessage): boolean {
    const run = this.#run;
    const reaction = this.#flow.receive(message.event, message.event === 'pin_valid' ? message.pin_valid : undefined);
    if (!reaction.dispatch) return false;
    if (message.event === 'pin_valid') this.#emit('pin-valid', { valid: message.pin_valid });
    else this.#emit(eventName(message.event), null);
    if (this.nativeBridge) forwardToNative(globalThis, message); // after the page's own event; never throws
    if (this.#run !== run) return true; // a listener restarted or removed the element
    // 'error' (view_pin_error): the error panel replaces the frame. 'success' is
    // terminal: the PIN stays visible, nothing more is heard. 'stay': nothing to do.
    const then = reaction.then;
    if (then === 'retry') this.#start('set-pin-error');
    else if (then === 'exhausted') this.#fail('retries-exhausted', { cause: 'set-pin-error' });
    else if (then === 'error') this.#teardown();
    else if (then === 'success') this.#channel.mute();
    this.requestUpdate();
    return true;
  }

  #retryOrFail(cause: RestartCause): void {
    // frame-unresponsive keeps its own code: its message names the likely causes.
    if (this.#flow.failRetryable() === 'retry') this.#start(cause);
    else if (cause === 'frame-unresponsive') this.#fail(cause);
    else this.#fail('retries-exhausted', { cause });
  }

  #fail(code: ErrorCode, extra: Omit<PinControlErrorDetail, 'code' | 'message'> = {}): void {
    this.#teardown();
    this.#flow.failFinal();
    // `extra` holds only the fields that apply (see tokenFailure).
    const detail: PinControlErrorDetail = { code, message: errorText(languageOf(this), null, { code, reason: extra.reason }), ...extra };
    this.#error = new ShownError(detail, () => this.requestUpdate());
    // `message` is the built-in wording: overrides may hold markup.
    this.#emit('pin-control-error', detail);
  }

  /** The notice's close button: the notice goes, focus to the frame (not to the page's start). */
  #dismiss(): void {
    this.#flow.dismiss();
    this.requestUpdate();
    this.#shown?.iframe.focus();
  }

  #errorSentence(): string {
    return this.#error ? errorText(languageOf(this), this.messages, this.#error.detail) : this.#texts().viewError;
  }

  /** Stops the current run: fetch, timers, listener, frame and id. */
  #teardown(): void {
    this.#run?.abort();
    this.#run = undefined;
    this.#channel.close();
    this.#error?.stop();
    this.#error = undefined;
    this.requestUpdate();
  }

  #emit<K extends keyof PinControlEventMap>(name: K, detail: Parameters<typeof createPinControlEvent<K>>[1]): void {
    if (this.isConnected) this.dispatchEvent(createPinControlEvent(name, detail));
  }

  #texts(): Texts {
    return textsFor(languageOf(this), this.messages);
  }

  /** Plain text as is; text with markup once sanitized (see RichTexts). */
  #text(text: string): unknown {
    return this.#rich.render(text);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pin-control': PinControl;
  }
}
