// The size floor for benchmark 4: what any element rendering with lit-html
// and validating one small JSON object with zod/mini costs, before any
// pin-control code (the element renders with lit-html on its own small base,
// src/reactive-base.ts, since LitElement was 2.3 KB gzip more).
import { html, render } from 'lit-html';
import * as z from 'zod/mini';

const schema = z.object({ id: z.string(), pinFrameURL: z.string() });

export class TrivialElement extends HTMLElement {
  static observedAttributes = ['value'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  attributeChangedCallback(_name: string, _old: string | null, value: string | null) {
    const parsed = schema.safeParse(JSON.parse(value || '{}'));
    render(html`<p>${parsed.success ? parsed.data.id : 'invalid'}</p>`, this.shadowRoot!);
  }
}

customElements.define('trivial-element', TrivialElement);
