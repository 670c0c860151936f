// Who may frame the PIN page: a client key's list of origin sources. A source
// is an exact origin (`https://bank.example`, `http://localhost:5173`) or an
// origin with any port (`http://localhost:*`), the one wildcard CSP's
// frame-ancestors and this check share. DOM-free: the server builds the CSP
// from it and the page's script checks each parent message with it.

/** Any dev server on this machine: the default for the demo keys. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

const ANY_PORT = ':*';
/** A DNS name, an IPv4 address or a bracketed IPv6 one: never `*` or another wildcard. */
const HOST = /^(?:(?:[a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:.]+\])$/;

function isPlainOrigin(url: URL, text: string): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text && HOST.test(url.hostname);
}

/** `scheme://host` with no port, path, query or credentials, or `undefined`. */
function hostOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return isPlainOrigin(url, text) && url.port === '' ? text : undefined;
  } catch {
    return undefined;
  }
}

function isExactOrigin(text: string): boolean {
  try {
    return isPlainOrigin(new URL(text), text);
  } catch {
    return false;
  }
}

/** An exact http(s) origin, or one followed by `:*` (any port); nothing else (no `*`, no path). */
export function isOriginSource(text: string): boolean {
  if (text.endsWith(ANY_PORT)) return hostOrigin(text.slice(0, -ANY_PORT.length)) !== undefined;
  return isExactOrigin(text);
}

/** Does `origin` (a message's `event.origin`) match one of `sources` exactly, or by host on any port? */
export function originAllowed(origin: string, sources: readonly string[]): boolean {
  return sources.some((source) => {
    if (!source.endsWith(ANY_PORT)) return origin === source;
    const base = source.slice(0, -ANY_PORT.length);
    // `http://localhost` (default port) or `http://localhost:` + digits; never `http://localhost.evil.example`.
    return origin === base || (origin.startsWith(`${base}:`) && /^[0-9]{1,5}$/.test(origin.slice(base.length + 1)));
  });
}

/**
 * Origin sources from `SANDBOX_FRAME_ORIGINS` or `--frame-origin` values:
 * space or comma separated. Throws on anything that is not an origin source.
 */
export function parseFrameOrigins(values: readonly string[]): string[] {
  const sources = values.flatMap((value) => value.split(/[\s,]+/)).filter((value) => value !== '');
  const invalid = sources.filter((source) => !isOriginSource(source));
  if (invalid.length > 0) {
    throw new Error(`Not an origin (such as https://bank.example or http://192.168.1.20:*): ${invalid.join(' ')}`);
  }
  return [...new Set(sources)];
}
