// The flow's state machine: idle → loading → ready → success | error.
// Pure and DOM-free: the element asks it what to do and carries it out.
import type { Callback, Mode } from './protocol.js';
import { CONTROL_ID_MAX_AGE_MS } from './protocol.js';

export type FlowState = 'idle' | 'loading' | 'ready' | 'success' | 'error';

/** What the element does with a callback from its frame. */
export type Reaction =
  | { dispatch: false }
  | { dispatch: true; then: 'stay' | 'success' | 'error' | 'retry' | 'exhausted' };

const VIEW_CALLBACKS: ReadonlySet<Callback> = new Set(['view_pin_success', 'view_pin_error']);
const SET_CALLBACKS: ReadonlySet<Callback> = new Set([
  'set_pin_success',
  'set_pin_error',
  'set_pin_validation_error',
  'pin_valid',
]);

/** `view_*` callbacks count only in view mode; `set_*` and `pin_valid` (the set input) only in set mode. */
export const acceptsCallback = (mode: Mode, callback: Callback) =>
  (mode === 'view' ? VIEW_CALLBACKS : SET_CALLBACKS).has(callback);

export class Flow {
  state: FlowState = 'idle';
  pinValid: boolean | null = null;
  mode: Mode = 'view';
  #retriesLeft = 0;
  #posted = false;
  #submitted = false;

  /** Starts a run. `retries` resets the budget (a user's restart); without it a retry spends one. */
  begin(mode: Mode, retries?: number): void {
    this.mode = mode;
    if (retries !== undefined) this.#retriesLeft = Math.max(0, Math.floor(retries) || 0);
    this.state = 'loading';
    this.pinValid = null;
    this.#posted = false;
    this.#submitted = false;
  }

  /** Back to idle (disconnect): nothing more happens until the next begin. */
  stop(): void {
    this.state = 'idle';
    this.pinValid = null;
  }

  /** The frame has loaded and an id is at hand: post it, or is it too old? */
  mayPost(idAgeMs: number): 'post' | 'expired' | 'no' {
    if (this.state !== 'loading' || this.#posted) return 'no';
    return idAgeMs >= 0 && idAgeMs < CONTROL_ID_MAX_AGE_MS ? 'post' : 'expired';
  }

  /** The operation went to the frame. */
  posted(): void {
    this.#posted = true;
    this.state = 'ready';
  }

  /** A retryable failure (expired id, frame load timeout, set_pin_error): retry while the budget lasts. */
  fail(): 'retry' | 'exhausted' {
    if (this.state === 'success' || this.state === 'error' || this.state === 'idle') return 'exhausted';
    if (this.#retriesLeft > 0) {
      this.#retriesLeft -= 1;
      return 'retry';
    }
    this.state = 'error';
    return 'exhausted';
  }

  /** A failure without retry (token endpoint, refused origin). */
  error(): void {
    this.state = 'error';
  }

  /** Decides what a validated callback from the current frame means. */
  receive(callback: Callback, valid?: boolean): Reaction {
    if (this.state !== 'ready' || !acceptsCallback(this.mode, callback)) return { dispatch: false };
    switch (callback) {
      case 'view_pin_success':
      case 'set_pin_success':
        this.state = 'success';
        return { dispatch: true, then: 'success' };
      case 'view_pin_error':
        this.state = 'error';
        return { dispatch: true, then: 'error' };
      case 'set_pin_error':
        return { dispatch: true, then: this.fail() };
      case 'set_pin_validation_error':
        this.#submitted = false; // the frame kept the input: the user may fix it and submit again
        return { dispatch: true, then: 'stay' };
      case 'pin_valid':
        this.pinValid = valid === true;
        return { dispatch: true, then: 'stay' };
    }
  }

  /** setPin(): true when `{event: "set_pin"}` may be posted now (set mode, ready, not yet submitted). */
  submit(): boolean {
    if (this.mode !== 'set' || this.state !== 'ready' || this.#submitted) return false;
    this.#submitted = true;
    return true;
  }

  get terminal(): boolean {
    return this.state === 'success' || this.state === 'error';
  }
}
