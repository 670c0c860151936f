// The little of LitElement the element uses, on lit-html alone: declared
// properties with their attributes, batched updates (`willUpdate`, then
// `render` into an open shadow root with adopted styles), and
// `updateComplete`. LitElement and ReactiveElement are about 2.3 KB gzip
// more than this (issue 10's size budgets). Where the element relies on
// their behaviour, it is kept: updates wait for the first connection and run
// in a microtask; a change made during an update joins it; properties set
// before the tag was defined are applied at connection; attributes reflect
// during the update, never in the constructor.
import { render, type TemplateResult } from 'lit-html';

export interface PropertyDeclaration {
  /** The attribute's name, or false for a property only. Default: the property's name. */
  attribute?: string | false;
  /** How the attribute's text becomes the value: `Number` (null stays null), `Boolean` (present or not); default the text. */
  type?: typeof Number | typeof Boolean;
  /** Writes the value (a string property's) back to the attribute, at the next update. */
  reflect?: boolean;
}
export type PropertyDeclarations = Record<string, PropertyDeclaration>;

/** Where there is no DOM (server-side rendering), a stand-in, so the module can be imported and the class constructed. */
const hasDom = typeof HTMLElement === 'function';
const HTMLElementOrStandIn = hasDom ? HTMLElement : (class {} as typeof HTMLElement);

/** Per class: attribute name → property name. */
const attributeMaps = new WeakMap<object, Map<string, string>>();
/** Per class: its styles, parsed once. */
const styleSheets = new WeakMap<object, CSSStyleSheet>();

const fromAttribute = (text: string | null, type: PropertyDeclaration['type']) =>
  type === Boolean ? text !== null : type === Number && text !== null ? Number(text) : text;

export class ReactiveBase extends HTMLElementOrStandIn {
  static properties: PropertyDeclarations = {};
  /** The shadow root's CSS text: one constructed stylesheet per class, adopted by every instance. */
  static styles = '';

  /** Read by the browser once, at `customElements.define`: the accessors are made then. */
  static get observedAttributes(): string[] {
    let attributes = attributeMaps.get(this);
    if (!attributes) {
      attributes = new Map();
      for (const [name, declaration] of Object.entries(this.properties)) {
        if (declaration.attribute !== false) attributes.set(declaration.attribute ?? name, name);
        Object.defineProperty(this.prototype, name, {
          get(this: ReactiveBase) {
            return this.#values[name];
          },
          set(this: ReactiveBase, value: unknown) {
            if (Object.is(this.#values[name], value)) return;
            this.#values[name] = value;
            if (!this.#changed.includes(name)) this.#changed.push(name);
            this.requestUpdate();
          },
          configurable: true,
        });
      }
      attributeMaps.set(this, attributes);
    }
    return [...attributes.keys()];
  }

  // A plain object and an array, not a Map and a Set: with 100 elements,
  // 1.10 KB kept per element against 1.44 (bench/time-to-pin/trace.ts).
  #values: Record<string, unknown> = {};
  #changed: string[] = [];
  /** Values set on the instance before its class was defined (frameworks do that), applied at connection. */
  #early: Array<[string, unknown]> | undefined;
  #pending = false;
  #updated: Promise<boolean> = Promise.resolve(true);
  #connectedOnce: (() => void) | undefined;
  #firstConnection = new Promise<void>((resolve) => (this.#connectedOnce = resolve));

  constructor() {
    super();
    const type = this.constructor as typeof ReactiveBase;
    if (!hasDom) return;
    let sheet = styleSheets.get(type);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(type.styles);
      styleSheets.set(type, sheet);
    }
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [sheet];
    for (const name of Object.keys(type.properties)) {
      if (!Object.hasOwn(this, name)) continue;
      (this.#early ??= []).push([name, (this as Record<string, unknown>)[name]]);
      delete (this as Record<string, unknown>)[name];
    }
  }

  /** Settles once the pending update (if any) has rendered: true when no other is pending. */
  get updateComplete(): Promise<boolean> {
    return this.#updated;
  }

  connectedCallback(): void {
    for (const [name, value] of this.#early ?? []) (this as Record<string, unknown>)[name] = value;
    this.#early = undefined;
    this.#connectedOnce?.();
    this.#connectedOnce = undefined;
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(attribute: string, _old: string | null, text: string | null): void {
    const name = attributeMaps.get(this.constructor)?.get(attribute);
    if (!name) return;
    const { type } = (this.constructor as typeof ReactiveBase).properties[name]!;
    (this as Record<string, unknown>)[name] = fromAttribute(text, type);
  }

  /** Asks for an update in a microtask; asked during an update, it joins that one. */
  requestUpdate(): void {
    if (this.#pending) return;
    this.#pending = true;
    this.#updated = this.#firstConnection.then(() => {
      this.#update();
      return !this.#pending;
    });
  }

  /** An update that throws rejects its `updateComplete` and still lets the next one run. */
  #update(): void {
    try {
      this.willUpdate();
      const properties = (this.constructor as typeof ReactiveBase).properties;
      for (const name of this.#changed) {
        const { reflect, attribute } = properties[name]!;
        if (!reflect) continue;
        const value = this.#values[name] as string | null | undefined;
        const attributeName = typeof attribute === 'string' ? attribute : name;
        if (value == null) this.removeAttribute(attributeName);
        else if (this.getAttribute(attributeName) !== value) this.setAttribute(attributeName, value);
      }
      this.#changed = [];
      render(this.render(), this.shadowRoot!, { host: this });
    } finally {
      this.#pending = false;
    }
  }

  /** Before each render: derive state from the inputs. */
  protected willUpdate(): void {}

  /** What the shadow root shows: a lit-html template. */
  protected render(): TemplateResult | undefined {
    return undefined;
  }
}
