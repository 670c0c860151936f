// The cardholder's cards: a tile per card with its actions. A produced card
// offers View PIN; a new one offers Set PIN, and View PIN once it has one.
import type { PublicCard } from './api.js';
import { h } from './dom.js';
import type { Mode } from './pin-panel.js';

export class CardList {
  readonly #list: HTMLUListElement;
  readonly #holder: string;
  readonly #onAction: (card: PublicCard, mode: Mode) => void;
  readonly #pinSet = new Set<string>();
  #cards: PublicCard[] = [];

  constructor(list: HTMLUListElement, holder: string, onAction: (card: PublicCard, mode: Mode) => void) {
    this.#list = list;
    this.#holder = holder;
    this.#onAction = onAction;
  }

  render(cards: PublicCard[]): void {
    this.#cards = cards;
    this.#list.replaceChildren(...cards.map((card) => this.#tile(card)));
  }

  /** The card got its first PIN: it can be viewed now. */
  markPinSet(card: PublicCard): void {
    this.#pinSet.add(card.id);
    this.render(this.#cards);
  }

  #tile(card: PublicCard): HTMLLIElement {
    const hasPin = card.status === 'active' || this.#pinSet.has(card.id);
    const status = card.status === 'active' ? 'Active' : hasPin ? 'PIN set' : 'New · choose a PIN';
    const action = (mode: Mode, label: string, primary: boolean) =>
      h(
        'button',
        {
          class: primary ? 'button button-primary' : 'button button-secondary',
          attrs: { type: 'button', 'data-card': card.id, 'data-action': mode },
          on: { click: () => this.#onAction(card, mode) },
        },
        label,
        h('span', { class: 'visually-hidden', text: ` for ${card.name}` }),
      );
    return h(
      'li',
      { class: 'card-item', attrs: { 'data-card': card.id } },
      h(
        'div',
        { class: `card-face card-${card.id}`, attrs: { 'aria-hidden': 'true' } },
        h('span', { class: 'card-chip' }),
        h('span', { class: 'card-network', text: card.network }),
        h('span', { class: 'card-number', text: `•••• ${card.last4}` }),
        h('span', { class: 'card-holder', text: this.#holder.toUpperCase() }),
      ),
      h(
        'div',
        { class: 'card-meta' },
        h('h3', { class: 'card-name', text: card.name }),
        h('p', { class: 'card-details', text: `${card.network} ending ${card.last4}` }),
        h('p', { class: `badge ${hasPin ? 'badge-ok' : 'badge-new'}`, text: status }),
      ),
      h(
        'div',
        { class: 'card-actions' },
        card.status === 'new' && !hasPin ? action('set', 'Set PIN', true) : null,
        hasPin ? action('view', 'View PIN', card.status === 'active') : null,
      ),
    );
  }
}
