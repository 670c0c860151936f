// One view or set flow on the page, whoever hosts it (a parent window or a
// native app): checks the id, shows the PIN or the input, and reports each
// step through `emit`. Never logs or emits the id or the PIN.
import { describePinProblem, pinProblem, PIN_MIN_LENGTH, type PinProblem } from '../pin-rules.js';
import { checkControlId, fetchPin, storePin } from './api.js';
import type { Operation, PageEvent } from './messages.js';
import type { PageView } from './page-view.js';

export class PinFlow {
  readonly #view: PageView;
  readonly #emit: (event: PageEvent) => void;
  #controlId: string | undefined;
  /** Set mode only: the input is showing and no submit is running. */
  #acceptingPin = false;
  #finished = false;

  constructor(view: PageView, emit: (event: PageEvent) => void) {
    this.#view = view;
    this.#emit = emit;
    view.onPinInput(() => this.#reportValidity());
    view.onPinSubmit(() => void this.submit());
  }

  async start(operation: Operation, controlId: string): Promise<void> {
    this.#controlId = controlId;
    this.#view.setState('loading');
    this.#view.showStatus('Loading…');
    if (operation === 'view-pin') await this.#viewPin(controlId);
    else await this.#prepareSetPin(controlId);
  }

  /** Enter, the parent's `{event: "set_pin"}` or the app's `set_pin()`. */
  async submit(): Promise<void> {
    if (!this.#acceptingPin || !this.#controlId) return;
    const pin = this.#view.pinValue;
    const problem = pinProblem(pin);
    if (problem) {
      this.#view.showPinProblem(describePinProblem(problem));
      this.#emit({ event: 'set_pin_validation_error' });
      return;
    }
    this.#acceptingPin = false;
    const outcome = await storePin(this.#controlId, pin);
    if (outcome === 'set') {
      this.#finish('success', 'Your new PIN is set.');
      this.#emit({ event: 'set_pin_success' });
    } else if (outcome === 'invalid') {
      this.#acceptingPin = true;
      this.#view.showPinProblem('This PIN is not accepted. Choose another.');
      this.#emit({ event: 'set_pin_validation_error' });
    } else {
      this.#finish('error', 'The PIN could not be set. Please start again.');
      this.#emit({ event: 'set_pin_error' });
    }
  }

  /** When the page itself cannot work (e.g. an unknown webview id). */
  fail(operation: Operation | null, message: string): void {
    this.#finish('error', message);
    if (operation !== 'set-pin') this.#emit({ event: 'view_pin_error' });
    if (operation !== 'view-pin') this.#emit({ event: 'set_pin_error' });
  }

  async #viewPin(controlId: string): Promise<void> {
    const pin = await fetchPin(controlId);
    if (pin === undefined) {
      this.#finish('error', 'The PIN cannot be shown. Please start again.');
      this.#emit({ event: 'view_pin_error' });
      return;
    }
    this.#view.showPin(pin);
    this.#finished = true;
    this.#emit({ event: 'view_pin_success' });
  }

  async #prepareSetPin(controlId: string): Promise<void> {
    if (!(await checkControlId(controlId, 'SET_PIN'))) {
      this.#finish('error', 'The PIN cannot be set now. Please start again.');
      this.#emit({ event: 'set_pin_error' });
      return;
    }
    this.#acceptingPin = true;
    this.#view.showPinInput();
  }

  #reportValidity(): void {
    if (this.#finished) return;
    const pin = this.#view.pinValue;
    const problem = pinProblem(pin);
    this.#view.showPinFeedback(typingFeedback(pin, problem));
    this.#emit({ event: 'pin_valid', pin_valid: problem === undefined });
  }

  #finish(state: 'success' | 'error', message: string): void {
    this.#finished = true;
    this.#acceptingPin = false;
    this.#view.lockInput();
    this.#view.setState(state);
    this.#view.showStatus(message, state);
  }
}

/** The PIN could be used. */
export const PIN_ACCEPTABLE = 'This PIN can be used.';

/**
 * What to say while the cardholder types. A PIN that is merely unfinished is
 * not an error: the plain hint stays until it reaches the minimum length (or
 * holds a non-digit). From then on each keystroke is judged by the rules, so
 * 1111 or 1234 is refused as soon as it is typed, not only after Enter.
 */
export function typingFeedback(pin: string, problem: PinProblem | undefined): Parameters<PageView['showPinFeedback']>[0] {
  if (problem === undefined) return { tone: 'success', text: PIN_ACCEPTABLE };
  if (problem === 'not-digits' || pin.length >= PIN_MIN_LENGTH) return { tone: 'error', text: describePinProblem(problem) };
  return { tone: 'info' };
}
