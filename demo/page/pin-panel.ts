// The PIN panel: one <pin-control> at a time, for the card and flow the
// cardholder picked, with the Set PIN submit button and the event wiring.
//
// One message per problem: the element shows every failure of its own flow
// (token, frame, retries) in its box and says it through its live region,
// the expiry of a set (its notice, part `notice`, "The secure session timed
// out…"), and the issuer's frame says what is wrong with a typed PIN. The page
// adds a notice only for what none of them says (a card that could not be
// opened), and clears it as soon as the flow recovers. Success gets a sentence that says what happened and what
// comes next, and focus goes there.
import type { PinControl } from '../../src/pin-control.js';
import type { PublicCard, SessionView } from './api.js';
import type { EventLog } from './event-log.js';
import { applyTheme, type Theme } from './theming.js';

export type Mode = 'view' | 'set';

export interface PinPanelElements {
  heading: HTMLElement;
  intro: HTMLElement;
  host: HTMLElement;
  /** The Set PIN button and its hint, shown in set mode only. */
  actions: HTMLElement;
  submit: HTMLButtonElement;
  /** Says why Set PIN is disabled (the button's `aria-describedby`). */
  submitHint: HTMLElement;
  close: HTMLButtonElement;
  /** The page's own notices (a polite live region). */
  notice: HTMLElement;
  /** What happened after a success; takes focus. */
  outcome: HTMLElement;
}

export interface PinPanelOptions {
  log: EventLog;
  config: SessionView['pinControl'];
  theme: () => Theme;
  webview: () => boolean;
  onSetPinSuccess: (card: PublicCard) => void;
  /** The server no longer knows the session (a 401, to the element or to the page). */
  onSignedOut: () => void;
}

const EVENTS = [
  'pin-control-ready',
  'pin-valid',
  'view-pin-success',
  'view-pin-error',
  'set-pin-success',
  'set-pin-error',
  'set-pin-validation-error',
  'pin-control-error',
] as const;

export const NOTICES = {
  cardFailed: 'This card could not be opened. Try again in a moment.',
  signedOut: 'You have been signed out. Reload the page to sign in again.',
} as const;

/**
 * Text overrides may hold a few tags: the element sanitizes them (DOMPurify,
 * Trusted Types policy `pin-control`). A sign-out gets this page's own words
 * wherever it shows: the element's "Sign in again" names no way to do it here.
 */
const MESSAGES = { successSet: 'Your new PIN is set. <strong>Keep it to yourself.</strong>', unauthorized: NOTICES.signedOut };

/** Why Set PIN is (or is not) available: the button's description. */
export const SUBMIT_HINTS = {
  loading: 'Set PIN becomes available when the secure field has loaded and you have typed a PIN.',
  typing: 'Set PIN becomes available when the PIN you type has 4 to 12 digits and no repeats or runs.',
  valid: 'Your PIN can be used. Choose Set PIN to save it.',
  submitting: 'Setting your PIN…',
  unavailable: 'Set PIN is not available: the secure field above says why.',
} as const;

export const OUTCOMES = {
  set: 'PIN set. Use it at your next card payment.',
} as const;

export class PinPanel {
  readonly #ui: PinPanelElements;
  readonly #options: PinPanelOptions;
  #current: { card: PublicCard; mode: Mode; element: PinControl } | undefined;

  constructor(ui: PinPanelElements, options: PinPanelOptions) {
    this.#ui = ui;
    this.#options = options;
    for (const name of EVENTS) ui.host.addEventListener(name, (event) => this.#onEvent(name, event));
    ui.submit.addEventListener('click', () => {
      const element = this.#current?.element;
      if (element?.setPin()) this.#submitState('submitting');
    });
    ui.close.addEventListener('click', () => this.close());
    this.close();
  }

  /** Shows a fresh element for `card` (the server already has it as the session's card). */
  open(card: PublicCard, mode: Mode): void {
    const { config, webview } = this.#options;
    const element = document.createElement('pin-control');
    element.setAttribute('mode', mode);
    element.setAttribute('token-url', config.tokenUrl);
    element.setAttribute('frame-origins', config.frameOrigin);
    element.setAttribute('frame-key', config.frameKey);
    if (config.frameUrl) element.setAttribute('frame-url', config.frameUrl);
    element.setAttribute('label', `${mode === 'set' ? 'Choose a PIN for' : 'PIN of'} ${card.name}, card ending ${card.last4}`);
    if (webview()) element.setAttribute('native-bridge', '');
    element.messages = MESSAGES;
    applyTheme(element, this.#options.theme());

    this.#current = { card, mode, element };
    this.#ui.heading.textContent = `${mode === 'set' ? 'Set PIN' : 'View PIN'} · ${card.name} •••• ${card.last4}`;
    this.#ui.intro.textContent =
      mode === 'set'
        ? 'Type a new 4–12 digit PIN in the secure field below, then choose Set PIN. Avoid repeats such as 1111 and runs such as 1234.'
        : 'Your PIN comes straight from the card issuer into the secure frame below. This page never sees it.';
    this.#clearMessages();
    this.#ui.actions.hidden = mode !== 'set';
    this.#submitState('loading');
    this.#ui.close.hidden = false;
    this.#ui.host.replaceChildren(element);
    this.#options.log.add('page', mode === 'set' ? 'set PIN started' : 'view PIN started', webview() ? 'native-bridge on' : undefined);
    this.#ui.heading.focus();
  }

  /** Opens the same card and flow again (e.g. after webview mode changed). */
  reopen(): void {
    if (this.#current) this.open(this.#current.card, this.#current.mode);
  }

  /** Removes the element, and with it the frame and anything it showed. */
  close(): void {
    this.#current = undefined;
    const empty = document.createElement('p');
    empty.className = 'empty-state';
    empty.textContent = "Choose View PIN or Set PIN on one of your cards. The PIN appears here in the card issuer's secure frame.";
    this.#ui.host.replaceChildren(empty);
    this.#ui.heading.textContent = 'PIN';
    this.#ui.intro.textContent = '';
    this.#clearMessages();
    this.#ui.actions.hidden = true;
    this.#ui.close.hidden = true;
  }

  /** A card could not be opened (the page's own call failed: the element never started). */
  cardFailed(signedOut: boolean): void {
    this.close();
    this.#notice(signedOut ? NOTICES.signedOut : NOTICES.cardFailed);
    if (signedOut) this.#options.onSignedOut();
  }

  applyTheme(theme: Theme): void {
    const element = this.#current?.element;
    if (!element) return;
    applyTheme(element, theme);
    element.refreshTheme(); // the frame gets the new colors and fonts too
  }

  #onEvent(name: (typeof EVENTS)[number], event: Event): void {
    const current = this.#current;
    if (!current || event.target !== current.element) return;
    const detail = (event as CustomEvent).detail as { valid?: boolean; code?: string; reason?: string } | null;
    if (name === 'pin-valid') {
      this.#options.log.add('element', name, `valid: ${detail?.valid === true}`);
      this.#clearMessages(); // the cardholder is typing in a live field: no page notice is news any more
      this.#submitState(detail?.valid === true ? 'valid' : 'typing');
      return;
    }
    const logged = name === 'pin-control-error' ? [`code: ${detail?.code ?? 'unknown'}`, detail?.reason && `reason: ${detail.reason}`] : [];
    this.#options.log.add('element', name, logged.filter(Boolean).join(', ') || undefined);
    switch (name) {
      case 'pin-control-ready':
        // A fresh secure field after a retry: nothing the page said before is true any more.
        this.#clearMessages();
        if (current.mode === 'set') this.#submitState('typing');
        break;
      case 'view-pin-success':
        this.#clearMessages();
        break;
      case 'set-pin-success':
        this.#clearMessages();
        this.#ui.outcome.textContent = OUTCOMES.set;
        this.#ui.outcome.hidden = false;
        this.#ui.outcome.focus(); // before the button hides, so focus never drops to <body>
        this.#ui.actions.hidden = true;
        this.#options.onSetPinSuccess(current.card);
        break;
      case 'set-pin-validation-error':
        // The issuer's frame says what is wrong with the PIN; the page only keeps Set PIN honest.
        this.#submitState(current.element.pinValid === true ? 'valid' : 'typing');
        break;
      case 'set-pin-error':
        // The element starts over with a fresh id (while retries last) and shows its own
        // expiry notice above the new field; the page only keeps Set PIN honest.
        this.#submitState('loading');
        break;
      case 'pin-control-error':
      case 'view-pin-error':
        // The element's box says what went wrong and offers a retry where one can work.
        this.#clearMessages();
        this.#submitState('unavailable');
        if (detail?.reason === 'unauthorized') this.#options.onSignedOut();
        break;
      default:
        break;
    }
  }

  #submitState(state: keyof typeof SUBMIT_HINTS): void {
    this.#ui.submit.disabled = state !== 'valid';
    this.#ui.submitHint.textContent = SUBMIT_HINTS[state];
    this.#ui.submit.dataset.state = state;
  }

  #notice(text: string): void {
    this.#ui.outcome.hidden = true;
    const paragraph = document.createElement('p');
    paragraph.className = 'notice notice-error';
    paragraph.textContent = text;
    this.#ui.notice.replaceChildren(paragraph);
  }

  #clearMessages(): void {
    this.#ui.notice.replaceChildren();
    this.#ui.outcome.hidden = true;
    this.#ui.outcome.textContent = '';
  }
}
