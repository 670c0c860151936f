import type { TokenProvider } from 'pin-control';

// Asks this app's own backend (the same origin) for a control id. The backend
// holds the issuer credentials and takes the card from the session; the
// browser sends only the scope. (The Vue example has the same function: each
// example stands alone on purpose.)
//
// Defined once at module level: React compares props by identity, and a new
// function on every render would make the element restart its flow each time.
export const tokenProvider: TokenProvider = async ({ scope, signal }) => {
  const response = await fetch('/api/pin-control/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope }),
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}.`);
  return (await response.json()) as { id: string; pinFrameURL: string };
};
