import type { TokenProvider } from 'pin-control';

// The element's token source: asks this app's own same-origin endpoint
// (src/server.ts, which `ng serve` loads too) for a control id. The same few lines
// are in every framework example on purpose: each example is meant to be copied alone.
export const tokenProvider: TokenProvider = async ({ scope, signal }) => {
  const response = await fetch('/api/pin-control/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
    body: JSON.stringify({ scope }),
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
