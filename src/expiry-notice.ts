// The expiry notice: a box above the frame, in set mode, after a retry that
// lost what the user typed (Flow.notice). Not a live region itself: the
// element's status part says the sentence once.
import { html } from 'lit-html';

/** Part `notice`, with its close button (part `notice-close`, named by `closeLabel`). */
export const expiryNotice = (sentence: unknown, closeLabel: string, close: () => void) =>
  html`<div class="notice" part="notice">
    <p>${sentence}</p>
    <button type="button" part="notice-close" aria-label=${closeLabel} @click=${close}>×</button>
  </div>`;
