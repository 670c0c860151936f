// The issuer's base URL. Credentials cross this connection, so plain http is
// allowed only to a loopback host (the local sandbox).
import { PinControlServerError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Parses and checks the issuer base URL; returns it without a trailing slash so
 * paths can be appended. Throws `invalid-config` for anything but `https:`, or
 * `http:` to localhost / 127.0.0.1 / [::1], and for a URL with credentials, a
 * query or a fragment.
 */
export function parseIssuerBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PinControlServerError('invalid-config', 'The issuer base URL is not a valid absolute URL.');
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new PinControlServerError(
      'invalid-config',
      `The issuer base URL must use https: (plain http: is allowed only for localhost, 127.0.0.1 and [::1]; got host ${url.hostname}).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PinControlServerError('invalid-config', 'The issuer base URL must use https:.');
  }
  if (url.username || url.password) {
    // Not echoed: the URL itself holds the secret.
    throw new PinControlServerError('invalid-config', 'Put the issuer credentials in `credentials`, not in the base URL.');
  }
  if (url.search || url.hash) {
    throw new PinControlServerError('invalid-config', 'The issuer base URL may not have a query or a fragment.');
  }
  return url.href.replace(/\/+$/, '');
}
