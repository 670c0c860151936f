// Text overrides with markup: sanitized by DOMPurify (loaded only when such a
// text is given) and, where the browser has Trusted Types, returned as
// TrustedHTML created through the element's own `pin-control` policy.
// `import('dompurify')` is left to the consumer's bundler in the package; the
// single-file bundle rewrites it to `./dompurify.js`, a file shipped beside
// it (see vite.config.ts), so a plain page needs nothing more.
import type { Config } from 'dompurify';
import type { TrustedHTML, TrustedTypePolicy } from 'trusted-types/lib/index.js';
import { html, nothing } from 'lit-html';
import { hasMarkup, plainText } from './texts.js';

/** The few tags an override may use. */
const ALLOWED: Config = {
  ALLOWED_TAGS: ['a', 'strong', 'em', 'b', 'i', 'br', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'lang'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|\/|#)/i,
};

export type SafeHTML = TrustedHTML | string;

interface PolicyFactory {
  createPolicy(name: string, rules: { createHTML: (input: string) => string }): TrustedTypePolicy;
}

let policy: TrustedTypePolicy | undefined;

function pinControlPolicy(): TrustedTypePolicy | undefined {
  const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
  if (!factory) return undefined;
  // Only DOMPurify ever calls this policy, with its own sanitized output; the
  // policy object stays inside this module.
  policy ??= factory.createPolicy('pin-control', { createHTML: (sanitized) => sanitized });
  return policy;
}

/** Sanitizes one override. Resolves to TrustedHTML where Trusted Types exist, else a string. */
export async function sanitizeHTML(markup: string): Promise<SafeHTML> {
  const { default: DOMPurify } = await import('dompurify');
  const trusted = pinControlPolicy();
  if (trusted) {
    return DOMPurify.sanitize(markup, { ...ALLOWED, RETURN_TRUSTED_TYPE: true, TRUSTED_TYPES_POLICY: trusted });
  }
  return DOMPurify.sanitize(markup, ALLOWED);
}

/**
 * What the element renders for each of its texts: plain text as is; text with
 * markup once DOMPurify has sanitized it (nothing until then, and the host
 * re-renders when it is there), or its words without tags if DOMPurify cannot be
 * loaded (the single-file bundle leaves it to the page).
 */
export class RichTexts {
  /** Made at the first text with markup: most elements never see one. */
  #rendered: Map<string, unknown> | undefined;
  /** The element, re-rendered when a sanitized text is there (no closure per element). */
  readonly #host: { requestUpdate(): void };

  constructor(host: { requestUpdate(): void }) {
    this.#host = host;
  }

  render(text: string): unknown {
    if (!hasMarkup(text)) return text;
    const rendered = (this.#rendered ??= new Map());
    if (!rendered.has(text)) {
      rendered.set(text, nothing);
      // Neither step rejects: the first `then` turns a failed sanitizer into plain text.
      void sanitizeHTML(text)
        .then(
          // A property binding assigns the TrustedHTML (or string) as it is:
          // lit's unsafeHTML() takes only strings. Only sanitizeHTML() output gets here.
          (sanitized) => html`<span .innerHTML=${sanitized}></span>`,
          () => plainText(text),
        )
        .then((html) => {
          rendered.set(text, html);
          this.#host.requestUpdate();
        });
    }
    return rendered.get(text);
  }
}
