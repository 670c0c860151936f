import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import {
  createPinControlEvent,
  type ErrorCode,
  type PinControlErrorDetail,
  type PinControlEventMap,
  type RetryCause,
} from './events.js';
import { Flow, flowInputs, hasTokenSource, planRun, type FlowInputs, type FlowState } from './flow.js';
import { forwardToNative } from './native-bridge.js';
import { checkFrameURL, parseFrameOrigins } from './origin-policy.js';
import {
  EVENT_NAMES,
  operationMessage,
  parseFrameMessage,
  readTheme,
  scopeFor,
  setPinMessage,
  themeMessage,
  type Mode,
  type Theme,
} from './protocol.js';
import { safeHTML, sanitizeHTML } from './rich-text.js';
import { styles } from './styles.js';
import {
  errorText,
  hasMarkup,
  plainText,
  resolveLanguage,
  retryWaitText,
  textsFor,
  type Language,
  type Messages,
  type Texts,
} from './texts.js';
import { mayRetry, requestToken, type TokenFailure, type TokenProvider } from './token-client.js';

/** The error on show: the event's detail, and the wait before a retry (seconds; 0 once over). */
interface ErrorState extends PinControlErrorDetail {
  waitTotal?: number;
  waitLeft: number;
}

/** A failed token request's detail fields: reason, and status and wait when known. */
const tokenFailure = ({ reason, status, retryAfter }: TokenFailure) => ({ reason, status, retryAfter });

interface CurrentFrame {
  src: string;
  origin: string;
  /** A new number per frame, so lit renders a fresh iframe on every restart. */
  key: number;
  loaded: boolean;
}

let frameCount = 0;

/** A usable duration in ms, or the fallback (a bad attribute must not mean "time out at once"). */
const duration = (value: number, fallback: number) => (Number.isFinite(value) && value > 0 ? value : fallback);

/**
 * Shows or sets a card PIN in the issuer's cross-origin frame, so the page
 * itself never touches the PIN. Gets a 30-second control id from the
 * integrator's `token-url` (or `tokenProvider`), loads the frame from an
 * allowed origin and hands it the id by `postMessage`.
 *
 * Inputs may arrive in any order, at any time: with neither `token-url` nor
 * `tokenProvider` the element waits in `idle` (no request, no event) and
 * starts as soon as one is set. A change to `mode`, `token-url`,
 * `tokenProvider`, `frame-origins`, `frame-url` or `frame-key` while connected
 * starts the flow over, once per update however many of them changed (a
 * request in flight is aborted and dispatches nothing). `lang`, `label` and
 * `messages` only re-render; `retries`, `token-timeout` and `frame-timeout`
 * apply from the next start.
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
 * @fires {CustomEvent<null>} pin-control-ready - The control id went to the frame: the user can act.
 * @fires {CustomEvent<PinControlErrorDetail>} pin-control-error - The flow stopped; `detail.code` is stable: token-request-failed, token-response-invalid, token-timeout (each with `detail.reason` unauthorized, forbidden, conflict, rate-limited, unavailable, network, timeout or invalid-response, `detail.status` when the endpoint answered, `detail.retryAfter` seconds for rate-limited), frame-origin-refused, retries-exhausted (with `detail.cause` frame-load-timeout, token-expired or set-pin-error).
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
 *
 * @slot loading - Shown while loading; default: a quiet skeleton.
 * @slot error - The error message; default: a localized sentence per code and reason. The wait and the retry button stay.
 */
export class PinControl extends LitElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    tokenUrl: { attribute: 'token-url' },
    frameOrigins: { attribute: 'frame-origins' },
    frameUrl: { attribute: 'frame-url' },
    frameKey: { attribute: 'frame-key' },
    label: {},
    lang: { reflect: true },
    retries: { type: Number },
    nativeBridge: { type: Boolean, attribute: 'native-bridge' },
    tokenTimeout: { type: Number, attribute: 'token-timeout' },
    frameTimeout: { type: Number, attribute: 'frame-timeout' },
    tokenProvider: { attribute: false },
    messages: { attribute: false },
  };

  /** `view` (default) or `set`. */
  declare mode: Mode;
  /** The integrator's endpoint that mints a control id. */
  declare tokenUrl: string | null;
  /** Space-separated origins the frame may come from. */
  declare frameOrigins: string | null;
  /** The frame URL when known in advance: the frame then loads while the token is fetched. */
  declare frameUrl: string | null;
  /**
   * The key agreed with the issuer, added as `?key=` when the frame URL lacks one.
   * (Not `key`: React and Vue keep that name for themselves and drop it.)
   */
  declare frameKey: string | null;
  /** The frame's accessible title; a localized default per mode. */
  declare label: string | null;
  /** Restarts with a fresh id after `set_pin_error`, an expired id or a frame that never loads; read at each start. */
  declare retries: number;
  /** Also forward every callback to `android_handler` / `ios_handler`. */
  declare nativeBridge: boolean;
  /** Milliseconds the token request may take; read at each start. */
  declare tokenTimeout: number;
  /** Milliseconds the frame may take to load; read at each start. */
  declare frameTimeout: number;
  /** Used instead of `token-url`: `({scope, signal}) => ({id, pinFrameURL})`. May be set at any time. */
  declare tokenProvider: TokenProvider | null;
  /** Text overrides (per key, or per language and key); may hold a few safe tags. */
  declare messages: Messages | null;

  /** Registers the element; an identical registration is fine, another class on the tag is an error. */
  static define(tag = 'pin-control', registry: CustomElementRegistry | undefined = globalThis.customElements) {
    if (!registry) return; // server-side rendering: nothing to register
    const existing = registry.get(tag);
    if (existing === this) return;
    if (existing) throw new Error(`<${tag}> is already defined by another class; pick another tag for PinControl.`);
    registry.define(tag, this);
  }

  #flow = new Flow();
  #run: AbortController | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #frame: CurrentFrame | undefined;
  // The control id lives only here, from the token response until it is posted.
  #controlId: string | undefined;
  #idRequestedAt = 0;
  #error: ErrorState | undefined;
  /** The inputs the current run (or idle wait) started with; undefined while disconnected. */
  #startedWith: FlowInputs | undefined;
  #listening = false;
  /** What to render for each text with markup. */
  #rich = new Map<string, unknown>();

  constructor() {
    super();
    this.mode = 'view';
    this.tokenUrl = null;
    this.frameOrigins = null;
    this.frameUrl = null;
    this.frameKey = null;
    this.label = null;
    this.retries = 1;
    this.nativeBridge = false;
    this.tokenTimeout = 10_000;
    this.frameTimeout = 15_000;
    this.tokenProvider = null;
    this.messages = null;
  }

  /** `idle`, `loading`, `ready`, `success` or `error`. */
  get state(): FlowState {
    return this.#flow.state;
  }

  /** The frame's last `pin_valid`, or null before any. */
  get pinValid(): boolean | null {
    return this.#flow.pinValid;
  }

  /** Asks the frame to submit the typed PIN (set mode, ready, once until a validation error). */
  setPin(): boolean {
    const target = this.#frameWindow();
    if (!this.#frame || !target || !this.#flow.submit()) return false;
    target.postMessage(setPinMessage(), this.#frame.origin);
    return true;
  }

  /** Starts over: a new token, a new frame, a full retry budget. */
  restart(): void {
    if (this.isConnected) this.#begin(this.#inputs());
  }

  /** Sends the current `--pin-control-*` values to the frame again (e.g. after a theme switch). */
  refreshTheme(): boolean {
    const target = this.#frameWindow();
    const theme = this.#theme();
    if (!this.#frame || !target || !theme || (this.state !== 'ready' && this.state !== 'success')) return false;
    target.postMessage(themeMessage(theme), this.#frame.origin);
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // the next willUpdate starts the run (or waits for a token source)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#startedWith = undefined;
    this.#teardown();
    this.#flow.stop();
    this.#error = undefined;
  }

  // Every input set in one task lands in one update: at most one start per update.
  protected override willUpdate(): void {
    if (!this.isConnected) return;
    const inputs = this.#inputs();
    if (planRun(this.#startedWith, inputs) !== 'keep') this.#begin(inputs);
  }

  protected override render() {
    const texts = this.#texts();
    const state = this.state;
    const frame = this.#frame;
    const title = this.label || (this.mode === 'set' ? texts.frameTitleSet : texts.frameTitleView);
    return html`
      <div class="box" part="container" aria-busy=${state === 'loading' ? 'true' : 'false'}>
        ${state === 'loading' ? html`<slot name="loading"><div class="skeleton"></div></slot>` : nothing}
        ${frame
          ? keyed(
              frame.key,
              html`<iframe
                part="frame"
                src=${frame.src}
                title=${title}
                sandbox="allow-scripts allow-same-origin allow-forms"
                referrerpolicy="no-referrer"
                @load=${this.#onFrameLoad}
              ></iframe>`,
            )
          : nothing}
        ${state === 'error'
          ? html`<div class="error" part="error">
              <slot name="error"><p>${this.#text(this.#errorSentence())}</p></slot>
              ${this.#error?.waitLeft
                ? html`<p part="wait">${this.#text(retryWaitText(this.#language(), texts, this.#error.waitLeft))}</p>`
                : nothing}
              ${this.#retryOffered()
                ? html`<button type="button" part="retry" @click=${() => this.restart()}>${texts.retry}</button>`
                : nothing}
            </div>`
          : nothing}
      </div>
      <div class="visually-hidden" part="status" role="status">${this.#text(this.#statusText(texts))}</div>
    `;
  }

  // ---- the flow -------------------------------------------------------------

  #inputs(): FlowInputs {
    return flowInputs(this);
  }

  /** A new run with a full retry budget, or idle until a token source is set. */
  #begin(inputs: FlowInputs): void {
    if (hasTokenSource(inputs)) return this.#start(true, inputs);
    this.#startedWith = inputs;
    this.#teardown();
    this.#flow.stop();
    this.#error = undefined;
  }

  #start(resetBudget: boolean, inputs = this.#inputs()): void {
    this.#teardown();
    const run = new AbortController();
    this.#run = run;
    this.#startedWith = inputs;
    this.#error = undefined;
    this.#flow.begin(inputs.mode, resetBudget ? this.retries : undefined);
    // Safety net: whatever goes wrong ends in a pin-control-error, never an unhandled rejection.
    this.#load(inputs, run.signal).catch(
      () => run.signal.aborted || this.#fail('token-request-failed', { reason: 'unavailable' }),
    );
  }

  async #load(inputs: FlowInputs, signal: AbortSignal): Promise<void> {
    const policy = { origins: parseFrameOrigins(inputs.frameOrigins).origins, pageOrigin: location.origin, frameKey: inputs.frameKey };
    const frameTimeoutMs = duration(this.frameTimeout, 15_000);
    if (inputs.frameUrl) {
      const preload = checkFrameURL(inputs.frameUrl, policy);
      if (!preload.ok) return this.#fail('frame-origin-refused');
      this.#showFrame(preload.url, preload.origin, frameTimeoutMs);
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
    if (checked.url.includes(id) || checked.url.includes(encodeURIComponent(id))) {
      return this.#fail('token-response-invalid', { reason: 'invalid-response' });
    }
    if (this.#frame?.src !== checked.url) this.#showFrame(checked.url, checked.origin, frameTimeoutMs);
    this.#controlId = id;
    this.#idRequestedAt = requestedAt;
    this.#post();
  }

  #showFrame(src: string, origin: string, timeoutMs: number): void {
    const frame: CurrentFrame = { src, origin, key: ++frameCount, loaded: false };
    this.#frame = frame;
    this.#listen(true);
    this.#setTimer(() => {
      if (this.#frame === frame && !frame.loaded) this.#retryOrFail('frame-load-timeout');
    }, timeoutMs);
    this.requestUpdate();
  }

  #onFrameLoad = (event: Event): void => {
    const frame = this.#frame;
    const iframe = event.currentTarget as HTMLIFrameElement;
    if (!frame || frame.loaded || iframe !== this.#iframe()) return;
    try {
      // Still the initial about:blank (readable, so same-origin): wait for the real page.
      if (iframe.contentWindow?.location.href === 'about:blank') return;
    } catch {
      // Cross-origin: the frame page itself has loaded.
    }
    frame.loaded = true;
    this.#post();
  };

  /** Posts the operation once the frame has loaded and the id is at hand, while the id is fresh. */
  #post(): void {
    const frame = this.#frame;
    const id = this.#controlId;
    const target = this.#frameWindow();
    if (!frame?.loaded || id === undefined || !target) return;
    const verdict = this.#flow.mayPost(performance.now() - this.#idRequestedAt);
    if (verdict === 'no') return;
    this.#controlId = undefined;
    if (verdict === 'expired') return this.#retryOrFail('token-expired');
    target.postMessage(operationMessage(this.#flow.mode, id, this.#theme()), frame.origin);
    this.#flow.posted();
    this.#clearTimers();
    this.requestUpdate();
    this.#emit('pin-control-ready', null);
  }

  #onMessage = (event: MessageEvent): void => {
    const frame = this.#frame;
    const target = this.#frameWindow();
    if (!frame?.loaded || !target || event.origin !== frame.origin || event.source !== target) return;
    const message = parseFrameMessage(event.data);
    if (!message) return;
    const run = this.#run;
    const reaction = this.#flow.receive(message.event, message.event === 'pin_valid' ? message.pin_valid : undefined);
    if (!reaction.dispatch) return;
    if (this.nativeBridge) forwardToNative(globalThis, message);
    if (message.event === 'pin_valid') this.#emit('pin-valid', { valid: message.pin_valid });
    else this.#emit(EVENT_NAMES[message.event], null);
    if (this.#run !== run) return; // a listener restarted or removed the element
    switch (reaction.then) {
      case 'retry':
        return this.#start(false);
      case 'exhausted':
        return this.#fail('retries-exhausted', { cause: 'set-pin-error' });
      case 'error':
        this.#teardown(); // view_pin_error: the error panel replaces the frame
        break;
      case 'success':
        this.#listen(false); // terminal: the PIN stays visible, nothing more is heard
        break;
      case 'stay':
        return;
    }
    this.requestUpdate();
  };

  #retryOrFail(cause: RetryCause): void {
    if (this.#flow.fail() === 'retry') this.#start(false);
    else this.#fail('retries-exhausted', { cause });
  }

  #fail(code: ErrorCode, extra: Omit<PinControlErrorDetail, 'code' | 'message'> = {}): void {
    this.#teardown();
    this.#flow.error();
    const detail: PinControlErrorDetail = { code, message: errorText(this.#language(), null, { code, reason: extra.reason }) };
    for (const [field, value] of Object.entries(extra)) {
      if (value !== undefined) (detail as unknown as Record<string, unknown>)[field] = value;
    }
    this.#error = { ...detail, waitLeft: 0 };
    if (detail.retryAfter) this.#countDown(this.#error, detail.retryAfter);
    // `message` is the built-in wording: overrides may hold markup.
    this.#emit('pin-control-error', detail);
  }

  /**
   * Counts the wait down once a second on screen (the `wait` part); the live
   * region says the whole wait once and "you can try again now" at its end.
   * Its timers go with the run (#teardown), so a restart or disconnect stops it.
   */
  #countDown(error: ErrorState, seconds: number): void {
    const endsAt = performance.now() + seconds * 1000;
    error.waitLeft = error.waitTotal = seconds;
    const tick = () => {
      if (this.#error !== error) return;
      error.waitLeft = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      this.requestUpdate();
      if (error.waitLeft > 0) this.#setTimer(tick, Math.min(1000, endsAt - performance.now() - (error.waitLeft - 1) * 1000));
    };
    this.#setTimer(tick, Math.min(1000, seconds * 1000));
  }

  /** A retry is offered where one can succeed: not for unauthorized, forbidden or conflict, and not before a wait is over. */
  #retryOffered(): boolean {
    const error = this.#error;
    if (!error) return true;
    if (error.reason && !mayRetry(error.reason)) return false;
    return !error.waitLeft;
  }

  #errorSentence(): string {
    return this.#error ? errorText(this.#language(), this.messages, this.#error) : this.#texts().viewError;
  }

  /** Stops the current run: fetch, timers, listener, frame and id. */
  #teardown(): void {
    this.#run?.abort();
    this.#run = undefined;
    this.#clearTimers();
    this.#listen(false);
    this.#frame = undefined;
    this.#controlId = undefined;
    this.requestUpdate();
  }

  // ---- helpers --------------------------------------------------------------

  #emit<K extends keyof PinControlEventMap>(name: K, detail: Parameters<typeof createPinControlEvent<K>>[1]): void {
    if (this.isConnected) this.dispatchEvent(createPinControlEvent(name, detail));
  }

  #listen(on: boolean): void {
    if (on === this.#listening) return;
    this.#listening = on;
    if (on) window.addEventListener('message', this.#onMessage);
    else window.removeEventListener('message', this.#onMessage);
  }

  #setTimer(callback: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, ms);
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #iframe(): HTMLIFrameElement | null {
    return this.renderRoot?.querySelector?.('iframe') ?? null;
  }

  #frameWindow(): Window | null {
    return this.#iframe()?.contentWindow ?? null;
  }

  #theme(): Theme | undefined {
    const style = getComputedStyle(this);
    return readTheme((property) => style.getPropertyValue(property));
  }

  #language(): Language {
    const langs: Array<string | null> = [];
    for (let node: Node | null = this; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
      // Its own `lang` as a property: render() runs before the attribute reflects.
      if (node === this) langs.push(this.lang || null);
      else if (node.nodeType === 1) langs.push((node as Element).getAttribute('lang'));
    }
    return resolveLanguage(langs);
  }

  #texts(): Texts {
    return textsFor(this.#language(), this.messages);
  }

  #statusText(texts: Texts): string {
    const set = this.mode === 'set';
    switch (this.state) {
      case 'loading':
        return texts.loading;
      case 'ready':
        return set ? texts.readySet : texts.readyView;
      case 'success':
        return set ? texts.successSet : texts.successView;
      case 'error': {
        const sentence = this.#errorSentence();
        const error = this.#error;
        if (!error?.waitTotal) return sentence;
        // Said once for the whole wait (not every second), and once when it is over.
        const after = error.waitLeft ? retryWaitText(this.#language(), texts, error.waitTotal) : texts.retryReady;
        return `${sentence} ${after}`;
      }
      default:
        return '';
    }
  }

  /**
   * Plain text as is; text with markup once DOMPurify has sanitized it (nothing
   * until then), or its words without tags if DOMPurify cannot be loaded (the
   * single-file bundle leaves it to the page).
   */
  #text(text: string): unknown {
    if (!hasMarkup(text)) return text;
    if (!this.#rich.has(text)) {
      this.#rich.set(text, nothing);
      sanitizeHTML(text)
        .then(
          (sanitized) => html`<span ${safeHTML(sanitized)}></span>`,
          () => plainText(text),
        )
        .then((rendered) => {
          this.#rich.set(text, rendered);
          this.requestUpdate();
        });
    }
    return this.#rich.get(text);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pin-control': PinControl;
  }
}
