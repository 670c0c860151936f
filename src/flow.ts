// The flow's state machine: idle → loading → ready → success | error.
// Pure and DOM-free: the element asks it what to do and carries it out.
import type { RestartCause } from './events.js';
import type { Callback, Mode } from './protocol.js';
import type { TokenProvider } from './token-client.js';

export type FlowState = 'idle' | 'loading' | 'ready' | 'success' | 'error';

/** What the element does with a callback from its frame. */
export type Reaction = { dispatch: false } | { dispatch: true; then: 'stay' | 'success' | 'error' | 'retry' | 'exhausted' };

/** `view_*` callbacks count only in view mode; `set_*` and `pin_valid` (the set input) only in set mode. */
const acceptsCallback = (mode: Mode, callback: Callback) => (mode === 'view') === callback.startsWith('view_');

/** The most restarts `retries` may ask for: each one mints a new control id. */
const MAX_RETRIES = 5;

/**
 * `retries` as a budget: a whole number from 0 to MAX_RETRIES (more, Infinity
 * included, is MAX_RETRIES); anything else (NaN, negative, not a number) is the
 * default, 1.
 */
const retryBudget = (value: unknown): number => (typeof value === 'number' && value >= 0 ? Math.min(MAX_RETRIES, Math.floor(value)) : 1);

export class Flow {
  state: FlowState = 'idle';
  pinValid: boolean | null = null;
  mode: Mode = 'view';
  /** Why this run is a retry (detail.restart of its pin-control-ready); null for a run the page started. */
  restart: RestartCause | null = null;
  /**
   * Set mode: the expiry notice is up, because a retry for an expired id or a
   * refused (stale) submit lost what the user typed. Kept across further
   * retries, gone at the next pin_valid, dismiss(), an error or a new run.
   */
  notice = false;
  #retriesLeft = 0;
  #submitted = false;

  /**
   * Starts a run. `retries` (see retryBudget) resets the budget (a run the page
   * started); without it a retry, for `restart`, spends one.
   */
  begin(mode: Mode, retries?: unknown, restart: RestartCause | null = null): void {
    this.mode = mode;
    this.restart = restart;
    this.notice = mode === 'set' && !!restart && (this.notice || restart === 'token-expired' || restart === 'set-pin-error');
    if (retries !== undefined) this.#retriesLeft = retryBudget(retries);
    this.state = 'loading';
    this.pinValid = null;
    this.#submitted = false;
  }

  /** Back to idle (disconnect): nothing more happens until the next begin. */
  stop(): void {
    this.state = 'idle';
    this.pinValid = null;
    this.notice = false;
  }

  /** The operation went to the frame. */
  posted(): void {
    this.state = 'ready';
  }

  /** A retryable failure (expired id, frame load timeout, set_pin_error): retry while the budget lasts. */
  failRetryable(): 'retry' | 'exhausted' {
    if (this.state === 'success' || this.state === 'error' || this.state === 'idle') return 'exhausted';
    if (this.#retriesLeft > 0) {
      this.#retriesLeft -= 1;
      return 'retry';
    }
    this.state = 'error';
    this.notice = false;
    return 'exhausted';
  }

  /** A failure without retry (token endpoint, refused origin, retries used up): the run ends in `error`. */
  failFinal(): void {
    this.state = 'error';
    this.notice = false;
  }

  /** The notice's close button. */
  dismiss(): void {
    this.notice = false;
  }

  /** Decides what a validated callback from the current frame means. */
  receive(callback: Callback, valid?: boolean): Reaction {
    if (this.state !== 'ready' || !acceptsCallback(this.mode, callback)) return { dispatch: false };
    switch (callback) {
      case 'view_pin_success':
      case 'set_pin_success':
        this.state = 'success';
        this.notice = false;
        return { dispatch: true, then: 'success' };
      case 'view_pin_error':
        this.state = 'error';
        return { dispatch: true, then: 'error' };
      case 'set_pin_error':
        return { dispatch: true, then: this.failRetryable() };
      case 'set_pin_validation_error':
        this.#submitted = false; // the frame kept the input: the user may fix it and submit again
        return { dispatch: true, then: 'stay' };
      case 'pin_valid':
        this.pinValid = valid === true;
        this.notice = false; // the user types again: the notice has done its job
        return { dispatch: true, then: 'stay' };
    }
  }

  /**
   * setPin(): true when `{event: "set_pin"}` may be posted now: ready, not yet
   * submitted, and the frame has said `pin_valid` (set mode only). Before
   * that nothing is typed, and a frame still checking its id drops a submit
   * without a word: counted as pending, it would block every later one.
   */
  submit(): boolean {
    if (this.pinValid === null || this.state !== 'ready' || this.#submitted) return false;
    this.#submitted = true;
    return true;
  }

  get terminal(): boolean {
    return this.state === 'success' || this.state === 'error';
  }
}

/**
 * The inputs that shape a run. A run starts with a snapshot of them; when any
 * differs from the snapshot after an update, the element starts a new run.
 * A `tokenProvider` counts by being there or not, not by which function it
 * is: React and Vue make a new function at every render of a template that
 * writes one inline, and each would start the flow over (new id, typed PIN
 * lost). A new function is used from the next token request on.
 * (`lang`, `label` and `messages` only change what is rendered;
 * `retries` and the timeouts are read when a run starts.)
 */
export interface FlowInputs {
  mode: Mode;
  tokenUrl: string | null;
  tokenProvider: TokenProvider | null;
  frameOrigins: string | null;
  frameUrl: string | null;
  frameKey: string | null;
}

const FLOW_INPUTS = ['mode', 'tokenUrl', 'tokenProvider', 'frameOrigins', 'frameUrl', 'frameKey'] as const;

/** Two snapshots agree on an input; on a `tokenProvider` when both have one or neither. */
const sameInput = (name: (typeof FLOW_INPUTS)[number], a: FlowInputs, b: FlowInputs) =>
  name === 'tokenProvider' ? !a.tokenProvider === !b.tokenProvider : Object.is(a[name], b[name]);

/** The element's properties as a run sees them: an unknown mode is `view`, an empty string is none. */
export function flowInputs(props: {
  mode: unknown;
  tokenUrl: string | null;
  tokenProvider: unknown;
  frameOrigins: string | null;
  frameUrl: string | null;
  frameKey: string | null;
}): FlowInputs {
  return {
    mode: props.mode === 'set' ? 'set' : 'view',
    tokenUrl: props.tokenUrl || null,
    tokenProvider: typeof props.tokenProvider === 'function' ? (props.tokenProvider as TokenProvider) : null,
    frameOrigins: props.frameOrigins || null,
    frameUrl: props.frameUrl || null,
    frameKey: props.frameKey || null,
  };
}

/**
 * After an update of a connected element: keep the current run (nothing that
 * shapes it changed, e.g. a value set back to what it was), start a new one,
 * or wait in `idle` because there is no token source yet.
 */
export function planRun(current: FlowInputs | undefined, next: FlowInputs): 'keep' | 'start' | 'wait' {
  if (current && FLOW_INPUTS.every((name) => sameInput(name, current, next))) return 'keep';
  return hasTokenSource(next) ? 'start' : 'wait';
}

/** A run can start only with a `token-url` or a `tokenProvider`. */
export const hasTokenSource = (inputs: FlowInputs) => Boolean(inputs.tokenUrl || inputs.tokenProvider);
