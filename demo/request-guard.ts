// The cross-site request forgery checks for the demo's own JSON endpoints,
// the same three the token endpoint makes: a custom header (a cross-origin
// page cannot send it without a CORS preflight, which is never granted), an
// exact Origin, and fetch metadata. DOM-free.

const REQUIRED_HEADER = ['x-requested-with', 'pin-control'] as const;

export interface GuardRefusal {
  status: 403 | 415;
  code: string;
}

export function checkJsonPost(headers: Headers, allowedOrigins: readonly string[]): GuardRefusal | null {
  const [name, value] = REQUIRED_HEADER;
  if (headers.get(name) !== value) return { status: 403, code: 'csrf-header-required' };
  const origin = headers.get('origin');
  if (origin === null || !allowedOrigins.includes(origin)) return { status: 403, code: 'origin-refused' };
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return { status: 403, code: 'cross-site-refused' };
  const mediaType = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return { status: 415, code: 'unsupported-media-type' };
  return null;
}
