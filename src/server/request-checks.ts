// The checks a browser request must pass before the session is even looked at.
// Together they make a cross-site request forgery fail three independent ways:
// a custom header (forces a CORS preflight, which this endpoint never grants),
// an exact Origin match, and fetch metadata.

/** Why a request was turned away; becomes both the response and the audit outcome. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export const MAX_BODY_BYTES = 1024;

/**
 * What the checks read of a request: its method and its header values, with
 * the Fetch semantics (a lowercase name; repeated headers joined with ", ";
 * `null` when absent). A Fetch `Request` is one as it is (`method`, `headers`);
 * the Node adapter builds one over `IncomingMessage` (src/server/node-handler.ts).
 */
export interface RequestHead {
  method: string;
  headers: { get(name: string): string | null };
}

/**
 * `same-site` is allowed because the exact Origin match already decides which
 * sites may call (a page on app.example.com calling api.example.com is
 * same-site); `none` is a user-initiated request. An absent header (older
 * browsers, non-browser clients) is allowed because Origin matched and the
 * custom header is present. `cross-site`, and any value not known today, are refused.
 */
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'same-site', 'none']);

export function checkMethod(request: RequestHead): Refusal | null {
  if (request.method === 'POST') return null;
  return { status: 405, code: 'method-not-allowed', message: 'Use POST.', headers: { allow: 'POST' } };
}

export function checkCrossSiteProtections(
  request: RequestHead,
  allowedOrigins: ReadonlySet<string>,
  [headerName, headerValue]: readonly [string, string],
): Refusal | null {
  if (request.headers.get(headerName) !== headerValue) {
    return { status: 403, code: 'csrf-header-required', message: `Send the header ${headerName}: ${headerValue}.` };
  }
  const origin = request.headers.get('origin');
  if (origin === null) {
    return { status: 403, code: 'origin-missing', message: 'A request without an Origin header is refused.' };
  }
  if (!allowedOrigins.has(origin)) {
    return { status: 403, code: 'origin-refused', message: 'This origin may not request a PIN token.' };
  }
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && !ALLOWED_FETCH_SITES.has(fetchSite)) {
    return { status: 403, code: 'cross-site-refused', message: 'A cross-site request is refused.' };
  }
  return null;
}

/** `application/json`, optionally with `charset=utf-8`; nothing else. */
export function checkContentType(request: RequestHead): Refusal | null {
  const header = request.headers.get('content-type');
  if (header === 'application/json') return null; // what the element sends: nothing to parse
  const refusal = { status: 415, code: 'unsupported-media-type', message: 'Send Content-Type: application/json.' };
  if (header === null) return refusal;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return refusal;
  const onlyUtf8 = parameters.every((parameter) => parameter === 'charset=utf-8' || parameter === 'charset="utf-8"');
  return onlyUtf8 ? null : refusal;
}

/** Refuses early when the declared length is already too big (the read is bounded too). */
export function checkDeclaredLength(request: RequestHead): Refusal | null {
  const declared = request.headers.get('content-length');
  if (declared === null) return null;
  return Number(declared) <= MAX_BODY_BYTES ? null : tooLarge();
}

export function tooLarge(): Refusal {
  return { status: 413, code: 'payload-too-large', message: `The body may be at most ${MAX_BODY_BYTES} bytes.` };
}
