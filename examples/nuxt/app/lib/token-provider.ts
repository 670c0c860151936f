import type { TokenProvider } from 'pin-control';

// Asks this app's own backend (the same origin) for a control id. The backend
// holds the issuer credentials and takes the card from the session; the
// browser sends only the scope. (The Vue and React examples have the same function: each
// example stands alone on purpose.)
export const tokenProvider: TokenProvider = async ({ scope, signal }) => {
  const response = await fetch('/api/pin-control/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope }),
    credentials: 'same-origin',
    signal,
  });
  // The status (and a 429's Retry-After) tell the element why: signed out,
  // rate limited… Without them every failure would read as "no connection".
  if (!response.ok) {
    throw Object.assign(new Error(`The token endpoint answered ${response.status}.`), {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
    });
  }
  return (await response.json()) as { id: string; pinFrameURL: string };
};
