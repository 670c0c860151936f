// Builds the Authorization header for the issuer: HTTP Basic (RFC 7617) or a
// bearer token (RFC 6750). Checked once, when the client is created.
import { CONTROL_CHARACTERS } from './control-characters.js';
import { PinControlServerError } from './errors.js';

/** Basic credentials (RFC 7617) or a bearer token (RFC 6750). */
export type IssuerCredentials = { username: string; password: string } | { bearerToken: string };

// RFC 7617 §2: user-id and password may not contain control characters
// (CONTROL_CHARACTERS), and the user-id may not contain a colon (the first
// colon splits the pair).
// A lone surrogate has no UTF-8 form; TextEncoder would silently send U+FFFD.
const LONE_SURROGATE = /\p{Cs}/u;
// RFC 6750 §2.1: b64token.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Encodes `user-id:password` as RFC 7617 asks with `charset="UTF-8"`: base64 of
 * the UTF-8 bytes. (`btoa` of the JS string would throw on, or mangle, any
 * character above U+00FF and encode U+0080–U+00FF as Latin-1.)
 */
export function encodeBasicCredentials(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Validates the credentials and returns the Authorization header value.
 * Throws `invalid-config` without echoing any part of the credentials.
 */
export function authorizationHeader(credentials: IssuerCredentials): string {
  if (credentials && 'bearerToken' in credentials) {
    const token = credentials.bearerToken;
    if (typeof token !== 'string' || !BEARER_TOKEN.test(token)) {
      throw new PinControlServerError('invalid-config', 'The bearer token is empty or not a valid RFC 6750 token.');
    }
    return `Bearer ${token}`;
  }
  if (credentials && 'username' in credentials && 'password' in credentials) {
    const { username, password } = credentials;
    if (typeof username !== 'string' || username === '' || typeof password !== 'string') {
      throw new PinControlServerError('invalid-config', 'Basic credentials need a non-empty username and a password.');
    }
    if (username.includes(':')) {
      throw new PinControlServerError('invalid-config', 'A Basic auth username may not contain ":" (RFC 7617).');
    }
    if (CONTROL_CHARACTERS.test(username) || CONTROL_CHARACTERS.test(password)) {
      throw new PinControlServerError('invalid-config', 'Basic credentials may not contain control characters (RFC 7617).');
    }
    if (LONE_SURROGATE.test(username) || LONE_SURROGATE.test(password)) {
      throw new PinControlServerError('invalid-config', 'Basic credentials must be well-formed Unicode.');
    }
    return `Basic ${encodeBasicCredentials(username, password)}`;
  }
  throw new PinControlServerError('invalid-config', 'Give either {username, password} or {bearerToken}.');
}
