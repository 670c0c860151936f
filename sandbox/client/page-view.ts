// The page's DOM: which part shows (status, PIN, PIN input), its texts and
// the theme. Text only goes in through textContent (Trusted Types are
// enforced), and the theme only through CSSOM custom properties.
import { themeProperty, type Theme, type ThemeKey } from '../theme.js';

export type Tone = 'info' | 'error' | 'success';
export type PageState = 'waiting' | 'loading' | 'view' | 'set' | 'success' | 'error';

function element<T extends HTMLElement>(doc: Document, id: string, type: new () => T): T {
  const found = doc.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page lacks #${id}`);
  return found;
}

export class PageView {
  readonly #doc: Document;
  readonly #card: HTMLElement;
  readonly #status: HTMLElement;
  readonly #view: HTMLElement;
  readonly #pin: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #input: HTMLInputElement;
  readonly #hint: HTMLElement;
  readonly #defaultHint: string;

  constructor(doc: Document) {
    this.#doc = doc;
    this.#card = element(doc, 'card', HTMLElement);
    this.#status = element(doc, 'status', HTMLElement);
    this.#view = element(doc, 'view', HTMLElement);
    this.#pin = element(doc, 'pin', HTMLElement);
    this.#form = element(doc, 'set', HTMLFormElement);
    this.#input = element(doc, 'pin-input', HTMLInputElement);
    this.#hint = element(doc, 'pin-hint', HTMLElement);
    this.#defaultHint = this.#hint.textContent ?? '';
  }

  get pinValue(): string {
    return this.#input.value;
  }

  setState(state: PageState): void {
    this.#card.dataset.state = state;
  }

  showStatus(text: string, tone: Tone = 'info'): void {
    this.#status.textContent = text;
    this.#status.dataset.tone = tone;
    this.#status.hidden = text === '';
  }

  showPin(pin: string): void {
    this.#pin.textContent = pin;
    this.#view.hidden = false;
    this.#form.hidden = true;
    this.showStatus('');
    this.setState('view');
  }

  showPinInput(): void {
    this.#form.hidden = false;
    this.#view.hidden = true;
    this.showStatus('');
    this.setState('set');
    this.#input.focus();
  }

  /** A problem with the typed PIN (or `undefined` to show the plain hint). */
  showPinProblem(problem: string | undefined): void {
    this.showPinFeedback(problem === undefined ? { tone: 'info' } : { tone: 'error', text: problem });
  }

  /**
   * The line under the input: the plain hint (`info`), why the PIN is refused
   * (`error`) or that it can be used (`success`). The line is a polite live
   * region, so it is written only when it changes: a screen reader hears each
   * verdict once, not every keystroke.
   */
  showPinFeedback(feedback: { tone: 'info' } | { tone: 'error' | 'success'; text: string }): void {
    const text = feedback.tone === 'info' ? this.#defaultHint : feedback.text;
    if (this.#hint.textContent !== text) this.#hint.textContent = text;
    this.#hint.dataset.tone = feedback.tone;
    this.#input.setAttribute('aria-invalid', feedback.tone === 'error' ? 'true' : 'false');
  }

  /** No more typing: the PIN was set, or the flow failed for good. Only the status stays. */
  lockInput(): void {
    this.#input.disabled = true;
    this.#form.hidden = true;
  }

  onPinInput(listener: () => void): void {
    this.#input.addEventListener('input', listener);
  }

  /** Enter in the input (the form's implicit submission). */
  onPinSubmit(listener: () => void): void {
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      listener();
    });
  }

  applyTheme(theme: Theme): void {
    const style = this.#doc.documentElement.style;
    for (const [key, value] of Object.entries(theme) as [ThemeKey, string][]) style.setProperty(themeProperty(key), value);
  }
}
