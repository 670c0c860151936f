// The page's calls to its own server. Same origin, the session cookie goes
// along by itself; every POST carries the custom header the server requires
// against cross-site request forgery.

export interface PublicCard {
  id: string;
  name: string;
  network: string;
  last4: string;
  status: 'active' | 'new';
}

export interface SessionView {
  cardholder: { name: string };
  cards: PublicCard[];
  selectedCardId: string;
  pinControl: { tokenUrl: string; frameOrigin: string; frameKey: string; frameUrl?: string };
}

/** The page's own server said no; `status` tells a lost session (401) from the rest. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`The server answered ${status}`);
  }
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as T;
}

export async function loadSession(): Promise<SessionView> {
  return json(await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }));
}

/** A JSON POST to the page's own API, with the header its CSRF check asks for. */
async function postJson(path: string, body: unknown): Promise<SessionView> {
  return json(
    await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control', accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** Makes `cardId` the card the token endpoint issues PIN tokens for. */
export function selectCard(cardId: string): Promise<SessionView> {
  return postJson('/api/session/card', { cardId });
}

/** Tells the server that the selected card got its PIN (its set-pin-success), so that a reload still shows it. */
export function reportPinSet(): Promise<SessionView> {
  return postJson('/api/session/card/pin-set', {});
}

/** The CSP this page was served with, read back from a HEAD of the page. */
export async function currentPolicy(): Promise<string | null> {
  const response = await fetch(location.pathname, { method: 'HEAD', credentials: 'same-origin' });
  return response.headers.get('content-security-policy');
}
