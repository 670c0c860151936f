// Reads an HTTP `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an
// HTTP-date. Pure and DOM-free: the token helper reads the issuer's, the
// element reads its token endpoint's.

/** The longest wait believed: anything longer is treated as this (one hour). */
export const MAX_RETRY_AFTER_SECONDS = 3600;

// IMF-fixdate, the only HTTP-date form senders may generate: `Sun, 06 Nov 1994 08:49:37 GMT`.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Whole seconds to wait, between 0 and {@link MAX_RETRY_AFTER_SECONDS}, or
 * `undefined` when the value is absent or not a valid delay or date (the raw
 * text is never passed on).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let seconds: number;
  if (/^\d{1,12}$/.test(text)) {
    seconds = Number(text);
  } else if (IMF_FIXDATE.test(text)) {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return undefined;
    seconds = Math.ceil((at - now) / 1000);
  } else {
    return undefined;
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}
