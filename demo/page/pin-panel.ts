// The PIN panel: one <pin-control> at a time, for the card and flow the
// cardholder picked, with the Set PIN submit button and the event wiring.
import type { PinControl } from '../../src/pin-control.js';
import type { PublicCard, SessionView } from './api.js';
import { h } from './dom.js';
import type { EventLog } from './event-log.js';
import { applyTheme, type Theme } from './theming.js';

export type Mode = 'view' | 'set';

export interface PinPanelElements {
  heading: HTMLElement;
  intro: HTMLElement;
  host: HTMLElement;
  submit: HTMLButtonElement;
  close: HTMLButtonElement;
  notice: HTMLElement;
}

export interface PinPanelOptions {
  log: EventLog;
  config: SessionView['pinControl'];
  theme: () => Theme;
  webview: () => boolean;
  onSetPinSuccess: (card: PublicCard) => void;
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

/** Text overrides may hold a few tags: the element sanitizes them (DOMPurify, Trusted Types policy `pin-control`). */
const MESSAGES = { successSet: 'Your new PIN is set. <strong>Keep it to yourself.</strong>' };

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
      if (element?.setPin()) ui.submit.disabled = true;
    });
    ui.close.addEventListener('click', () => this.close());
    this.close();
  }

  /** Shows a fresh element for `card` (the server already has it as the session's card). */
  open(card: PublicCard, mode: Mode): void {
    const { config, webview } = this.#options;
    const element = document.createElement('pin-control') as PinControl;
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
        ? 'Type a new 4–12 digit PIN in the secure field below, then choose Set PIN. Avoid runs such as 1234.'
        : 'Your PIN comes straight from the card issuer into the secure frame below. This page never sees it.';
    this.#ui.notice.replaceChildren();
    this.#ui.submit.hidden = mode !== 'set';
    this.#ui.submit.disabled = true;
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
    this.#ui.host.replaceChildren(
      h('p', { class: 'empty-state', text: 'Choose View PIN or Set PIN on one of your cards. The PIN appears here in the card issuer\'s secure frame.' }),
    );
    this.#ui.heading.textContent = 'PIN';
    this.#ui.intro.textContent = '';
    this.#ui.notice.replaceChildren();
    this.#ui.submit.hidden = true;
    this.#ui.close.hidden = true;
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
    const detail = (event as CustomEvent).detail as { valid?: boolean; code?: string } | null;
    if (name === 'pin-valid') {
      this.#options.log.add('element', name, `valid: ${detail?.valid === true}`);
      this.#ui.submit.disabled = detail?.valid !== true;
      return;
    }
    this.#options.log.add('element', name, name === 'pin-control-error' ? `code: ${detail?.code ?? 'unknown'}` : undefined);
    switch (name) {
      case 'set-pin-success':
        this.#ui.submit.hidden = true;
        this.#notice('success', 'Your new PIN is set. You can view it from the card at any time.');
        this.#options.onSetPinSuccess(current.card);
        break;
      case 'set-pin-validation-error':
        this.#ui.submit.disabled = current.element.pinValid !== true;
        this.#notice('error', 'That PIN was not accepted. Choose another one.');
        break;
      case 'set-pin-error':
        this.#notice('error', 'Setting the PIN failed; starting again with a fresh secure session.');
        break;
      case 'pin-control-error':
        this.#ui.submit.disabled = true;
        this.#notice('error', 'The secure PIN service is not available right now.');
        break;
      default:
        break;
    }
  }

  #notice(kind: 'success' | 'error', text: string): void {
    this.#ui.notice.replaceChildren(h('p', { class: `notice notice-${kind}`, text }));
  }
}
