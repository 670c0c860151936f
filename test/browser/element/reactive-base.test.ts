// src/reactive-base.ts on its own: the element's update contract without the
// element (attributes to properties, reflection, batching, early
// properties, updateComplete, one stylesheet per class).
import { expect } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit-html';
import { ReactiveBase, type PropertyDeclarations } from '../../../src/reactive-base.js';

let tags = 0;

/** A fresh class and tag per test (a tag cannot be defined twice); it counts its updates. */
function defineProbe() {
  class Probe extends ReactiveBase {
    static override properties: PropertyDeclarations = {
      mode: { reflect: true },
      tokenUrl: { attribute: 'token-url' },
      retries: { type: Number },
      nativeBridge: { type: Boolean, attribute: 'native-bridge' },
      provider: { attribute: false },
    };
    static override styles = ':host { display: block; width: 7px; }';
    declare mode: string;
    declare tokenUrl: string | null;
    declare retries: number | null;
    declare nativeBridge: boolean;
    declare provider: unknown;
    renders = 0;
    willUpdates = 0;
    onWillUpdate: (() => void) | undefined;

    constructor() {
      super();
      this.mode = 'view';
      this.tokenUrl = null;
      this.retries = 1;
      this.nativeBridge = false;
      this.provider = null;
    }

    protected override willUpdate(): void {
      this.willUpdates += 1;
      this.onWillUpdate?.();
    }

    protected override render(): TemplateResult {
      this.renders += 1;
      return html`<p>${this.mode} ${this.tokenUrl ?? '-'} ${this.retries}</p>`;
    }
  }
  const tag = `reactive-probe-${++tags}`;
  return { tag, Probe };
}

/** Defines a fresh probe class; returns a maker of its elements, marked for clean-up and on the page unless `onPage` is false. */
function probes() {
  const { tag, Probe } = defineProbe();
  customElements.define(tag, Probe);
  return (onPage = true) => {
    const el = document.createElement(tag) as InstanceType<typeof Probe>;
    el.dataset.probe = '';
    if (onPage) document.body.append(el);
    return el;
  };
}

const text = (el: Element) => el.shadowRoot?.querySelector('p')?.textContent;

describe('ReactiveBase (src/reactive-base.ts)', () => {
  afterEach(() => {
    for (const el of document.body.querySelectorAll('[data-probe]')) el.remove();
  });

  it('turns attributes into typed properties: text, Number (null stays null), Boolean by presence', async () => {
    const el = probes()();
    el.setAttribute('token-url', '/t');
    el.setAttribute('retries', '3');
    el.setAttribute('native-bridge', '');
    expect([el.tokenUrl, el.retries, el.nativeBridge]).to.deep.equal(['/t', 3, true]);
    el.removeAttribute('retries');
    el.removeAttribute('native-bridge');
    expect([el.retries, el.nativeBridge]).to.deep.equal([null, false]);
    el.setAttribute('provider', 'x');
    expect(el.provider).to.equal(null, 'a property with attribute: false ignores the attribute');
  });

  it('reflects at the update, never in the constructor, and leaves an attribute the page set as it is', async () => {
    const el = probes()(false); // createElement throws if the constructor adds an attribute
    expect(el.hasAttribute('mode')).to.equal(false);
    document.body.append(el);
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('view');
    el.mode = 'set';
    expect(el.getAttribute('mode')).to.equal('view', 'not before the update');
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('set');
    el.setAttribute('mode', 'view');
    await el.updateComplete;
    expect([el.mode, el.getAttribute('mode')]).to.deep.equal(['view', 'view']);
    el.mode = null as unknown as string;
    await el.updateComplete;
    expect(el.hasAttribute('mode')).to.equal(false, 'null removes a reflected attribute');
  });

  it('renders once for every change made in one task, and not before the first connection', async () => {
    const el = probes()(false);
    el.mode = 'set';
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve));
    expect(el.renders).to.equal(0, 'disconnected since creation: no update');
    document.body.append(el);
    el.tokenUrl = '/a';
    el.retries = 2;
    expect(await el.updateComplete).to.equal(true);
    expect(el.renders).to.equal(1);
    expect(text(el)).to.equal('set /a 2');
    el.tokenUrl = '/b';
    el.tokenUrl = '/c';
    el.tokenUrl = '/c';
    await el.updateComplete;
    expect(el.renders).to.equal(2);
    expect(text(el)).to.equal('set /c 2');
    el.retries = 2; // unchanged
    await el.updateComplete;
    expect(el.renders).to.equal(2, 'an unchanged value asks for no update');
  });

  it('folds a change made in willUpdate into the same update', async () => {
    const el = probes()();
    await el.updateComplete;
    el.onWillUpdate = () => {
      if (el.retries === 4) el.tokenUrl = '/from-will-update';
    };
    el.retries = 4;
    expect(await el.updateComplete).to.equal(true, 'nothing left pending');
    expect([el.willUpdates, el.renders]).to.deep.equal([2, 2]);
    expect(text(el)).to.equal('view /from-will-update 4');
  });

  it('rejects updateComplete when an update throws, and still runs the next update', async () => {
    const el = probes()();
    await el.updateComplete;
    el.onWillUpdate = () => {
      el.onWillUpdate = undefined;
      throw new Error('boom');
    };
    el.retries = 5;
    const failed = await el.updateComplete.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(failed).to.equal('boom');
    el.tokenUrl = '/after';
    expect(await el.updateComplete).to.equal(true);
    expect(text(el)).to.equal('view /after 5');
  });

  it('keeps properties a framework set before the tag was defined, over the constructor defaults', async () => {
    const { tag, Probe } = defineProbe();
    const early = document.createElement(tag) as HTMLElement & Record<string, unknown>;
    early.dataset.probe = '';
    const provider = () => 'token';
    early.provider = provider;
    early.tokenUrl = '/early';
    document.body.append(early);
    customElements.define(tag, Probe); // upgrades it
    const el = early as unknown as InstanceType<typeof Probe>;
    expect(el.provider).to.equal(provider, 'applied at connection, before the first update');
    await el.updateComplete;
    expect(text(el)).to.equal('view /early 1');
    expect(Object.hasOwn(el, 'provider')).to.equal(false, 'through the accessor, not an own property');
  });

  it('adopts one constructed stylesheet per class in every instance', async () => {
    const create = probes();
    const [a, b] = [create(), create()];
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(a.shadowRoot!.adoptedStyleSheets).to.have.length(1);
    expect(a.shadowRoot!.adoptedStyleSheets[0]).to.equal(b.shadowRoot!.adoptedStyleSheets[0]);
    expect(getComputedStyle(a).width).to.equal('7px');
  });
});
