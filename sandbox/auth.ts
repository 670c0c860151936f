// Client authentication for the token API: HTTP Basic (RFC 7617, UTF-8
// user-id and password) or a Bearer token. Secrets are compared as SHA-256
// digests with `timingSafeEqual`, so neither their content nor their length
// shows in the response time.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ClientCredentials {
  username: string;
  password: string;
  /** Bearer tokens accepted as well as Basic; may be empty. */
  bearerTokens: readonly string[];
}

export type ParsedAuthorization = { scheme: 'basic'; username: string; password: string } | { scheme: 'bearer'; token: string };

/** The challenge sent with every 401 (RFC 7617 §2.1: charset="UTF-8"). */
export const WWW_AUTHENTICATE = 'Basic realm="pin-control-sandbox", charset="UTF-8"';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** RFC 6750 §2.1 b64token: what a Bearer token may look like. */
export const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Parses an Authorization header; `undefined` when it is missing or malformed. */
export function parseAuthorization(header: string | null | undefined): ParsedAuthorization | undefined {
  if (!header) return undefined;
  const match = /^([A-Za-z]+) +(\S+) *$/.exec(header);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const credentials = match[2]!;
  if (scheme === 'bearer') return TOKEN68.test(credentials) ? { scheme, token: credentials } : undefined;
  if (scheme !== 'basic' || !BASE64.test(credentials) || credentials.length % 4 !== 0) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(credentials, 'base64'));
  } catch {
    return undefined; // not UTF-8
  }
  const colon = decoded.indexOf(':'); // the user-id cannot contain a colon; the password can
  if (colon < 0) return undefined;
  return { scheme, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Builds a Basic header value; UTF-8 as RFC 7617 asks. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** True when the header carries the configured Basic pair or one of the Bearer tokens. */
export function isAuthorized(header: string | null | undefined, expected: ClientCredentials): boolean {
  const parsed = parseAuthorization(header);
  if (!parsed) return false;
  if (parsed.scheme === 'basic') {
    // Both are compared before deciding, so a right user-id does not answer faster.
    const userMatches = sameSecret(parsed.username, expected.username);
    const passwordMatches = sameSecret(parsed.password, expected.password);
    return userMatches && passwordMatches;
  }
  let matches = false;
  for (const token of expected.bearerTokens) matches = sameSecret(parsed.token, token) || matches;
  return matches;
}
