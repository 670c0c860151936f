// The demo's sign-in: one random session id per browser, in an HttpOnly,
// SameSite=Strict cookie, mapped here (server side) to the cardholder and the
// card she picked. The token endpoint reads the plastic from this mapping,
// never from the request, so a page can only ever ask for its own card.
import { randomBytes } from 'node:crypto';
import type { DemoCard, DemoCardholder } from './cardholder.js';

export const SESSION_COOKIE = 'pin_control_demo_session';
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Session {
  id: string;
  cardholder: DemoCardholder;
  selectedCardId: string;
  lastSeen: number;
}

export interface SessionStoreOptions {
  cardholder: DemoCardholder;
  /** A session unused this long is forgotten (default 30 min). */
  idleTimeoutMs?: number;
  /** The oldest sessions are dropped beyond this many (default 10 000). */
  maxSessions?: number;
  now?: () => number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #cardholder: DemoCardholder;
  /** New cards that got their PIN: produced now, for every session of the one demo cardholder. */
  readonly #pinSet = new Set<string>();
  readonly #idleTimeoutMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;

  constructor({ cardholder, idleTimeoutMs = 30 * 60_000, maxSessions = 10_000, now = Date.now }: SessionStoreOptions) {
    this.#cardholder = cardholder;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#maxSessions = maxSessions;
    this.#now = now;
  }

  /** A fresh session: 256 random bits, base64url. */
  create(): Session {
    this.#prune();
    const first = this.#cardholder.cards[0];
    if (!first) throw new Error('The demo cardholder has no cards');
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      cardholder: this.#cardholder,
      selectedCardId: first.id,
      lastSeen: this.#now(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session for a cookie value, or undefined (unknown, malformed or idle too long). */
  get(id: string | undefined): Session | undefined {
    if (!id || !SESSION_ID_PATTERN.test(id)) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (this.#now() - session.lastSeen > this.#idleTimeoutMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.#now();
    return session;
  }

  /** Selects one of the session's own cards; false for any other id. */
  selectCard(session: Session, cardId: string): boolean {
    if (!session.cardholder.cards.some((card) => card.id === cardId)) return false;
    session.selectedCardId = cardId;
    return true;
  }

  /**
   * The session's selected card got its first PIN (the page reports its
   * set-pin-success): from now on it is produced, as at the issuer, so a
   * reload offers View PIN, not a Set PIN the issuer would refuse. A stand-in:
   * a bank's backend learns a card's state from the issuer.
   */
  markPinSet(session: Session): void {
    const card = this.selectedCard(session);
    if (card.status === 'new') this.#pinSet.add(card.id);
  }

  /** The session's cards as they stand now: a new card with its PIN set is `active`. */
  cards(session: Session): DemoCard[] {
    return session.cardholder.cards.map((card) => (this.#pinSet.has(card.id) ? { ...card, status: 'active' } : card));
  }

  selectedCard(session: Session): DemoCard {
    const card = session.cardholder.cards.find((candidate) => candidate.id === session.selectedCardId);
    if (!card) throw new Error("The selected card is not the cardholder's");
    return card;
  }

  #prune(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) {
      if (now - session.lastSeen > this.#idleTimeoutMs) this.#sessions.delete(id);
    }
    // Map keeps insertion order: the first entries are the oldest.
    for (const id of this.#sessions.keys()) {
      if (this.#sessions.size < this.#maxSessions) break;
      this.#sessions.delete(id);
    }
  }
}

/**
 * The cookie's name. Over https it carries the `__Host-` prefix: the browser
 * then only accepts it Secure, for this exact host and path `/`, so a
 * sibling subdomain cannot plant one. (Plain-http localhost cannot use it.)
 */
function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict, whole site; Secure and `__Host-` over https. */
export function sessionCookie(id: string, secure: boolean): string {
  return [`${sessionCookieName(secure)}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** Reads the session cookie (the name `secure` implies, and only that one) out of a Cookie header. */
export function sessionIdFromCookieHeader(header: string | null | undefined, secure: boolean): string | undefined {
  if (!header) return undefined;
  const wanted = sessionCookieName(secure);
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === wanted) return value.join('=');
  }
  return undefined;
}
