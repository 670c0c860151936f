// The frame channel: everything that crosses the boundary to the issuer's
// frame, in one file for a security reviewer. It holds the frame's URL and
// origin, finds the frame's window, listens for its messages only while a
// frame is up, accepts a message only when its origin AND its source window
// are the frame's, posts only to the frame's exact origin (never '*'), hands
// over the control id once, hears callbacks only once the frame has had a
// chance to answer the hand-over, and runs the load and answer timers. The control id
// lives here only, from the token response until it is posted.
//
// DOM-light: it needs a window to listen on and the iframe element the page
// rendered, nothing else, so node's tests drive it with stand-ins.
import { CONTROL_ID_LIFETIME_MS } from './control-id.js';
import { parseFrameMessage, type FrameMessage, type OperationMessage, type Theme } from './protocol.js';

/** Why the channel gave up on a frame. */
export type FrameFailure = 'frame-load-timeout' | 'token-expired' | 'frame-unresponsive';

/** What the channel asks and tells the element. */
export interface FrameChannelHost {
  /** The message that hands `controlId` over (operation, theme). */
  operation(controlId: string): OperationMessage;
  /** The id went to the frame. */
  handedOver(): void;
  /**
   * The frame did not load in time, the id was too old once it had, or (view)
   * the frame said nothing within the timeout after the hand-over.
   */
  failed(why: FrameFailure): void;
  /** A well-formed callback from the current frame; true when it was the answer the element waited for. */
  message(message: FrameMessage): boolean;
}

/** The frame the element renders: a new `key` per frame, so the element makes a fresh iframe for each (src/frame-element.ts). */
export interface ChannelFrame {
  readonly src: string;
  readonly origin: string;
  readonly key: number;
}

/** The little of a window the channel uses (postMessage: only to itself, see #handOver). */
export type ChannelWindow = Pick<Window, 'addEventListener' | 'removeEventListener' | 'postMessage'>;

/** The little of an iframe element the channel uses. */
export interface ChannelIframe {
  readonly contentWindow: Window | null;
  /** Null while the frame holds a cross-origin page. */
  readonly contentDocument: Pick<Document, 'URL'> | null;
}

/**
 * How long after the frame's `load` event the id is handed over. What the
 * frame posted while it loaded (from its DOMContentLoaded or load handlers)
 * must reach this window before the hand-over, when nothing is heard yet; a
 * genuine answer comes after the hand-over, so none is lost.
 *
 * Why a time and not a round trip: in Firefox and WebKit those messages are
 * already queued here when `load` fires, so the marker #handOver posts to
 * itself (one task source, run in order) would drain them alone. Chromium
 * forwards a cross-process postMessage in a later task of the SENDER
 * (RemoteDOMWindow::SchedulePostMessage), after the frame's renderer has
 * reported its load: they arrive after `load`, behind any marker the page
 * posts then. Nothing the page can send orders behind the frame's own queue
 * without the frame's help (it echoes nothing but the hand-over). Measured
 * by bench/handover-lag.test.ts (a frame posting from both handlers, 100
 * loads, the shared 2-core machine at load 11-15): Firefox ESR and WebKitGTK,
 * 0 loads with a callback after the marker; Chromium, 91 of 97, the last one
 * a median 5 ms after `load`, p90 21 ms, p99 61 ms (earlier runs: p99 52 ms
 * at load 16, 72 ms at load 21). So 100 ms stays: a shorter hold lets a busy
 * machine's early callback through. The time to PIN pays it whenever the id
 * is there before `load` + 100 ms: always without `frame-url`.
 */
export const HANDOVER_DELAY_MS = 100;

interface OpenFrame extends ChannelFrame {
  /** How long the frame may take to load, and (view) to answer the hand-over. */
  timeoutMs: number;
  /** Set HANDOVER_DELAY_MS after the frame's page loaded: the channel posts to it and hears it from then on. */
  iframe?: ChannelIframe;
  loaded?: boolean;
  /**
   * The id to hand over and when it was asked for (performance.now(): a clock
   * change cannot make it look fresh); null once handed over.
   */
  id?: { value: string; askedAt: number } | null;
  /** What this window posted to itself right after the hand-over; true once it came back. */
  marker?: string | true;
}

let frames = 0;

export class FrameChannel {
  readonly #host: FrameChannelHost;
  readonly #window: ChannelWindow;
  #frame: OpenFrame | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listening = false;

  constructor(host: FrameChannelHost, window: ChannelWindow = globalThis) {
    this.#host = host;
    this.#window = window;
  }

  /** The frame to render, if any. */
  get frame(): ChannelFrame | undefined {
    return this.#frame;
  }

  /** True once the current frame's own page has loaded (and its window is still there). */
  get loaded(): boolean {
    return !!this.#target();
  }

  /**
   * A new frame (the previous one is dropped): listens from now on, and gives
   * it `timeoutMs` to load and, when it is to show the PIN, as long again to
   * answer the hand-over.
   */
  open(src: string, origin: string, timeoutMs: number): void {
    this.close();
    const frame: OpenFrame = { src, origin, key: ++frames, timeoutMs };
    this.#frame = frame;
    this.#listen(true);
    this.#wait('frame-load-timeout');
  }

  /** The iframe's `load` event, with the key of the frame it was rendered for. */
  onLoad(iframe: ChannelIframe, key: number): void {
    const frame = this.#frame;
    if (!frame || frame.key !== key || frame.loaded) return;
    // Still the initial about:blank (same-origin, so its document is readable):
    // wait for the real page. A cross-origin page's document reads as null,
    // where its location.href would throw, an exception that costs Chromium
    // 4-12 ms on the way to the hand-over.
    if (iframe.contentDocument?.URL === 'about:blank') return;
    frame.loaded = true;
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      frame.iframe = iframe;
      this.#handOver();
    }, HANDOVER_DELAY_MS);
  }

  /**
   * The control id for the current frame, asked for at `askedAt`: posted once
   * the frame has loaded, if still younger than 30 s, and then forgotten.
   */
  give(controlId: string, askedAt: number): void {
    if (!this.#frame || this.#frame.id !== undefined) return;
    this.#frame.id = { value: controlId, askedAt };
    this.#handOver();
  }

  #handOver(): void {
    const frame = this.#frame;
    const id = frame?.id;
    if (!id || !this.#target()) return;
    const age = performance.now() - id.askedAt;
    frame.id = null; // at most one hand-over per frame
    this.#clearTimer();
    if (!(age >= 0 && age < CONTROL_ID_LIFETIME_MS)) return this.#host.failed('token-expired');
    const operation = this.#host.operation(id.value);
    this.#post(operation);
    // A callback the frame posted before it had the id may still wait in this
    // window's queue of posted messages (see HANDOVER_DELAY_MS). A message
    // posted to ourselves now joins that queue behind it (one task source, run
    // in order), and the frame's answer to the hand-over can only come after
    // it: callbacks count once the marker is back. What this cannot tell
    // apart: a frame on the right origin that says "success" later without
    // having looked at the id. The issuer's protocol has no correlation id.
    frame.marker = `pin-control#${frame.key}`;
    this.#window.postMessage(frame.marker, '/');
    // A frame that shows the PIN answers view_pin_success or view_pin_error. A
    // page the browser put there instead (the issuer refused this origin or
    // the key, or the network blocked the frame) says nothing: time it out.
    // (The set page says nothing until the user types: no timer there.)
    if (operation.operation === 'view-pin') this.#wait('frame-unresponsive');
    this.#host.handedOver();
  }

  /** Posts `{event: "set_pin"}` or a theme to the frame's exact origin. */
  post(message: { event: 'set_pin' } | { event: 'theme'; theme: Theme }): boolean {
    return this.#post(message);
  }

  /** Stops listening and timing; the frame stays (a shown PIN stays visible). */
  mute(): void {
    this.#listen(false);
    this.#clearTimer();
  }

  /** Drops the frame too. */
  close(): void {
    this.mute();
    this.#frame = undefined;
  }

  #post(message: unknown): boolean {
    const target = this.#target();
    if (!target) return false;
    target.postMessage(message, this.#frame!.origin);
    return true;
  }

  /** The current frame's window, once its page has loaded and while its iframe is in place. */
  #target(): Window | null {
    return this.#frame?.iframe?.contentWindow ?? null;
  }

  #onMessage = (event: MessageEvent): void => {
    const frame = this.#frame;
    const target = this.#target();
    if (!frame || !target) return;
    if (event.source === this.#window && event.data === frame.marker) {
      frame.marker = true;
      return;
    }
    if (frame.marker !== true || event.origin !== frame.origin || event.source !== target) return;
    const message = parseFrameMessage(event.data);
    if (message && this.#host.message(message)) this.#clearTimer();
  };

  #listen(on: boolean): void {
    if (on === this.#listening) return;
    this.#listening = on;
    if (on) this.#window.addEventListener('message', this.#onMessage);
    else this.#window.removeEventListener('message', this.#onMessage);
  }

  /** Fails the current frame with `why` unless something clears the timer first. */
  #wait(why: FrameFailure): void {
    const frame = this.#frame!;
    this.#timer = setTimeout(() => this.#frame === frame && this.#host.failed(why), frame.timeoutMs);
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
