// The live event log: what the element and the (simulated) native bridges
// report. Entries hold event names and `pin_valid` only; nothing the element
// emits carries a control id or a PIN, and this log adds none.
import { clock, h } from './dom.js';

export type LogSource = 'element' | 'android' | 'ios' | 'page';

const SOURCE_LABELS: Record<LogSource, string> = {
  element: '<pin-control>',
  android: 'android_handler',
  ios: 'ios_handler',
  page: 'page',
};

const MAX_ENTRIES = 200;

export class EventLog {
  readonly #list: HTMLOListElement;
  readonly #empty: HTMLElement;
  readonly #region: HTMLElement;

  /** `region` is the list's scrollable, keyboard-reachable box: hidden while the log is empty. */
  constructor(list: HTMLOListElement, empty: HTMLElement, region: HTMLElement) {
    this.#list = list;
    this.#empty = empty;
    this.#region = region;
    region.hidden = true;
  }

  add(source: LogSource, name: string, detail?: string): void {
    const entry = h(
      'li',
      { class: `log-entry log-${source}`, attrs: { 'data-source': source, 'data-event': name } },
      h('time', { class: 'log-time', text: clock() }),
      h('span', { class: 'log-source', text: SOURCE_LABELS[source] }),
      h('code', { class: 'log-name', text: name }),
      detail ? h('span', { class: 'log-detail', text: detail }) : null,
    );
    this.#list.prepend(entry);
    while (this.#list.children.length > MAX_ENTRIES) this.#list.lastElementChild?.remove();
    this.#empty.hidden = true;
    this.#region.hidden = false;
  }

  clear(): void {
    this.#list.replaceChildren();
    this.#empty.hidden = false;
    this.#region.hidden = true;
  }
}
