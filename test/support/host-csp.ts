// The host page's CSP as the tests expect it, spelled out (not derived from
// demo/security-headers.ts): both the header builder's test and the running
// server's test compare against this.

/** Every directive of the host page's CSP, for a PIN frame on `frameSrc`. */
export function expectedHostCsp(frameSrc: string): Record<string, string> {
  return {
    'default-src': "'none'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self' data:",
    'connect-src': "'self'",
    'frame-src': frameSrc,
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
    'require-trusted-types-for': "'script'",
    'trusted-types': 'lit-html pin-control',
    'report-uri': '/api/csp-report',
  };
}
