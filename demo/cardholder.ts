// The demo's signed-in cardholder and her cards, as the bank's own backend
// would know them. Server side only: the browser sees a card's public id,
// name and last digits, never its plastic id (the issuer's card reference).

export interface DemoCard {
  /** The id the browser uses to pick a card; means nothing outside this server. */
  id: string;
  name: string;
  network: 'Visa' | 'Mastercard';
  last4: string;
  /** `active`: produced, its PIN can be viewed. `new`: not produced yet, its PIN can be set. */
  status: 'active' | 'new';
  /** The issuer's plastic id (a sandbox seed plastic by default). Never sent to the browser. */
  plasticId: string;
}

export interface DemoCardholder {
  /** Who asks, for the issuer's audit log. */
  auditUser: string;
  name: string;
  cards: readonly DemoCard[];
}

/** Plastic ids come from sandbox/seed.json: 1000… are produced (PIN 4821), 2000… are not. */
export const DEMO_CARDHOLDER: DemoCardholder = {
  auditUser: 'aino.virtanen@demo-bank',
  name: 'Aino Virtanen',
  cards: [
    { id: 'everyday', name: 'Everyday debit', network: 'Visa', last4: '3417', status: 'active', plasticId: '1000000000000001' },
    { id: 'travel', name: 'Travel credit', network: 'Mastercard', last4: '0962', status: 'new', plasticId: '2000000000000001' },
  ],
};

/** What the browser may know about a card. */
export type PublicCard = Omit<DemoCard, 'plasticId'>;

export function publicCard({ plasticId: _hidden, ...card }: DemoCard): PublicCard {
  return card;
}
