// The element's public inputs: its attributes and properties, with their
// defaults, and its registration. The behaviour is in pin-control.ts.
import { ReactiveBase, type PropertyDeclarations } from './reactive-base.js';
import type { Mode } from './protocol.js';
import type { Messages } from './texts.js';
import type { TokenProvider } from './token-client.js';

/** A usable duration in ms, or the fallback (a bad attribute must not mean "time out at once"). */
export const duration = (value: number, fallback: number) => (Number.isFinite(value) && value > 0 ? value : fallback);

/**
 * The inputs of `<pin-control>`. They may arrive in any order, at any time:
 * with neither `token-url` nor `tokenProvider` the element waits in `idle` (no
 * request, no event) and starts as soon as one is set. A change to `mode`,
 * `token-url`, `frame-origins`, `frame-url` or `frame-key`, or a
 * `tokenProvider` set or removed, while connected starts the flow over, once
 * per update however many of them changed (a request in flight is aborted and
 * dispatches nothing); another provider function is used from the next token
 * request (see FlowInputs). `lang`, `label` and `messages` only re-render;
 * `retries`, `token-timeout` and `frame-timeout` apply from the next start.
 */
export class PinControlInputs extends ReactiveBase {
  static override properties: PropertyDeclarations = {
    mode: { reflect: true },
    tokenUrl: { attribute: 'token-url' },
    frameOrigins: { attribute: 'frame-origins' },
    frameUrl: { attribute: 'frame-url' },
    frameKey: { attribute: 'frame-key' },
    label: {},
    // eslint-disable-next-line lit/no-native-attributes -- on purpose: the element's language is the page's own `lang`
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
  /** Restarts with a fresh id after `set_pin_error`, an expired id, a frame that never loads or (view) never answers: at most 5; not a number or negative is 1. Read at each start. */
  declare retries: number;
  /** Also forward every callback to `android_handler` / `ios_handler`. */
  declare nativeBridge: boolean;
  /** Milliseconds the token request may take; read at each start. */
  declare tokenTimeout: number;
  /** Milliseconds the frame may take to load, and (view mode) as long again to answer the hand-over; read at each start. */
  declare frameTimeout: number;
  /** Used instead of `token-url`: `({scope, signal}) => ({id, pinFrameURL})`. May be set at any time. */
  declare tokenProvider: TokenProvider | null;
  /** Text overrides (per key, or per language and key); may hold a few safe tags. */
  declare messages: Messages | null;

  /**
   * `tokenProvider` under its attribute-style name. Vue's `:token-provider` and
   * Svelte's `token-provider={…}` set a property by the name as written when
   * the element has one (vue-tsc even checks it as `tokenProvider`), and an
   * attribute otherwise, where a function turns into its source text.
   */
  get 'token-provider'(): TokenProvider | null {
    return this.tokenProvider;
  }
  set 'token-provider'(provider: TokenProvider | null) {
    this.tokenProvider = provider;
  }

  /** Registers the element; an identical registration is fine, another class on the tag is an error. */
  static define(tag = 'pin-control', registry: CustomElementRegistry | undefined = globalThis.customElements) {
    if (!registry) return; // server-side rendering: nothing to register
    const existing = registry.get(tag);
    if (existing === this) return;
    if (existing) throw new Error(`<${tag}> is already defined by another class; pick another tag for PinControl.`);
    registry.define(tag, this);
  }

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
}
