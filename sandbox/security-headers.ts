// Response headers for the sandbox's pages and responses. The frame page's
// CSP allows framing only by its client key's origins and nothing inline:
// the script, the stylesheets and the page's own calls all come from 'self'.

const OWN_RESOURCES_ONLY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
];

/** CSP for a page that may be framed by `frameAncestors` (empty: by nobody). */
function pageCsp(frameAncestors: readonly string[]): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [...OWN_RESOURCES_ONLY, `frame-ancestors ${ancestors}`].join('; ');
}

/** Headers for the refusal page: nothing runs, nobody frames it. */
export const REFUSAL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

/** Headers every response carries. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * For everything but the pages: only the sandbox's own pages may load it. (Not
 * on the pages, where it would stop a host page with COEP from framing them.)
 */
export const NON_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Headers for a page that shows or takes a PIN. */
export function pageHeaders(frameAncestors: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': pageCsp(frameAncestors),
    'Cache-Control': 'no-store',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
