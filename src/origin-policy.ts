// Which frame URLs the element may load. Pure and DOM-free (the development
// build also says on the console why a URL was refused).
import { DEV_MODE } from './dev-mode.js';

const DEV_HOSTS = new Set(['localhost', '127.0.0.1']);

/** `https:` anywhere; `http:` only on localhost / 127.0.0.1 (any port), for development. */
function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && DEV_HOSTS.has(url.hostname));
}

/**
 * Parses the `frame-origins` attribute: space-separated origins. Entries that are
 * not a bare origin with an allowed scheme are ignored (and listed in `refused`).
 */
export function parseFrameOrigins(value: string | null | undefined): { origins: string[]; refused: string[] } {
  const origins: string[] = [];
  const refused: string[] = [];
  for (const entry of (value ?? '').split(/\s+/).filter(Boolean)) {
    const url = tryURL(entry);
    const bare = url && url.origin !== 'null' && entry.replace(/\/$/, '').toLowerCase() === url.origin;
    if (url && bare && isAllowedScheme(url)) {
      if (!origins.includes(url.origin)) origins.push(url.origin);
    } else refused.push(entry);
  }
  return { origins, refused };
}

export type FrameURLCheck =
  | { ok: true; url: string; origin: string }
  | { ok: false; reason: 'unparsable' | 'scheme' | 'credentials' | 'not-allowlisted' | 'same-origin' };

export interface FramePolicy {
  /** Output of parseFrameOrigins. */
  origins: readonly string[];
  /** The embedding page's origin: a frame there could read the PIN, so it is refused. */
  pageOrigin: string;
  /** The key agreed with the issuer, added as `?key=` when the URL has none. */
  frameKey?: string | null | undefined;
}

/** Checks a frame URL (absolute only) against the policy and returns the URL to load. */
function check(raw: string, policy: FramePolicy): FrameURLCheck {
  const url = tryURL(raw.trim());
  if (!url) return { ok: false, reason: 'unparsable' };
  if (!isAllowedScheme(url)) return { ok: false, reason: 'scheme' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.origin === policy.pageOrigin) return { ok: false, reason: 'same-origin' };
  if (!policy.origins.includes(url.origin)) return { ok: false, reason: 'not-allowlisted' };
  if (policy.frameKey && !url.searchParams.has('key')) url.searchParams.set('key', policy.frameKey);
  return { ok: true, url: url.href, origin: url.origin };
}

/** {@link check}; in the development build it also says why a URL was refused. */
export const checkFrameURL = DEV_MODE
  ? (raw: string, policy: FramePolicy): FrameURLCheck => {
      const checked = check(raw, policy);
      if (!checked.ok) hintRefusal(raw, checked.reason, policy);
      return checked;
    }
  : check;

/** Decodes every run of percent-escapes (any case); a run that is not UTF-8 keeps its non-ASCII escapes. */
const decodeEscapes = (text: string) =>
  text.replace(/(%[\da-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-7][\da-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });

/**
 * True when a frame URL carries the control id, however it is escaped: the URL
 * as written and each query key and value, each decoded up to three times
 * (lowercase hex, every character escaped, double escaping, `%27`), and each
 * read a second way with `+` as a space before decoding (as a form decoder and
 * many servers read a path: `%2B+` is then `+ `). The id must travel only by
 * postMessage: a URL ends up in logs, history and Referer headers.
 */
export function carriesId(href: string, id: string): boolean {
  const parts = [href];
  for (const [key, value] of new URL(href).searchParams) parts.push(key, value);
  return parts.some((written) =>
    [written, written.replace(/\+/g, ' ')].some((start) => {
      let part = start;
      for (let round = 0; round < 4; round += 1, part = decodeEscapes(part)) {
        if (part.includes(id) || part.replace(/\+/g, ' ').includes(id)) return true;
      }
      return false;
    }),
  );
}

/**
 * Development only: which frame URL's origin was refused, and why. The origin
 * alone: the URL itself may carry the key or (refused for it) the id.
 */
function hintRefusal(raw: string, reason: Exclude<FrameURLCheck, { ok: true }>['reason'], policy: FramePolicy): void {
  const origin = tryURL(raw.trim())?.origin ?? 'not an absolute URL';
  const why = {
    unparsable: 'is not an absolute URL',
    scheme: 'is not https: (http: only on localhost and 127.0.0.1)',
    credentials: 'carries a user name or password',
    'same-origin': "is this page's own origin, where the page could read the PIN",
    'not-allowlisted': `is not in frame-origins (${policy.origins.join(' ') || 'none given'})`,
  }[reason];
  console.warn(`<pin-control> the PIN frame's URL (frame-url, or pinFrameURL in the token answer) is on ${origin}, which ${why}.`);
}

/** The URL, or undefined where `new URL` throws. */
export function tryURL(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
