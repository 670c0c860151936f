// Which frame URLs the element may load. Pure and DOM-free.

const DEV_HOSTS = new Set(['localhost', '127.0.0.1']);

/** `https:` anywhere; `http:` only on localhost / 127.0.0.1 (any port), for development. */
export function isAllowedScheme(url: URL): boolean {
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
export function checkFrameURL(raw: string, policy: FramePolicy): FrameURLCheck {
  const url = tryURL(raw.trim());
  if (!url) return { ok: false, reason: 'unparsable' };
  if (!isAllowedScheme(url)) return { ok: false, reason: 'scheme' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.origin === policy.pageOrigin) return { ok: false, reason: 'same-origin' };
  if (!policy.origins.includes(url.origin)) return { ok: false, reason: 'not-allowlisted' };
  if (policy.frameKey && !url.searchParams.has('key')) url.searchParams.set('key', policy.frameKey);
  return { ok: true, url: url.href, origin: url.origin };
}

function tryURL(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
