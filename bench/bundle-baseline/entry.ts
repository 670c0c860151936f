// The size floor for benchmark 4: what any Lit element validating one small
// JSON object with zod/mini costs, before any pin-control code.
import { LitElement, html } from 'lit';
import * as z from 'zod/mini';

const schema = z.object({ id: z.string(), pinFrameURL: z.string() });

export class TrivialElement extends LitElement {
  static override properties = { value: {} };
  declare value: string;

  constructor() {
    super();
    this.value = '';
  }

  override render() {
    const parsed = schema.safeParse(JSON.parse(this.value || '{}'));
    return html`<p>${parsed.success ? parsed.data.id : 'invalid'}</p>`;
  }
}

customElements.define('trivial-element', TrivialElement);
